import { describe, expect, it } from 'vitest';
import { ACCOUNT, MEMBER, OWNER, T0, testEngine } from '../test-support/test-engine.js';
import { isKeysErrorWithCode } from '../testing/fixtures.js';
import type { UsageLog } from '../types.js';
import type { VerifyInput } from '../verify/results.js';

const DAY = 86_400_000;

function request(secret: string, overrides: Partial<VerifyInput> = {}): VerifyInput {
  return {
    authorization: `Bearer ${secret}`,
    ip: '203.0.113.10',
    method: 'GET',
    path: '/v1/status',
    ...overrides,
  };
}

describe('keys.usage', () => {
  it('counts each request of a key by outcome, per UTC day, zero-filled', async () => {
    const { keys, create, clock } = testEngine();
    const { key, secret } = await create({ preset: 'read-only', allowlist: '203.0.113.0/24' });
    clock.set(T0 + 2 * DAY + 5_000);
    await keys.verify(request(secret));
    await keys.verify(request(secret));
    await keys.verify(
      request(secret, { method: 'POST', path: '/v1/generate/image/bfl/flux-schnell' }),
    );
    await keys.verify(request(secret, { ip: '198.51.100.1' }));
    await keys.verify(request(secret, { path: '/v1/nowhere' }));
    clock.set(T0 + 3 * DAY);
    await keys.verify(request(secret));
    await keys.flush();
    const report = await keys.usage({ accountId: ACCOUNT, actor: MEMBER, keyId: key.id, days: 3 });
    expect(report.keyId).toBe(key.id);
    expect(report.days.map((d) => d.day)).toEqual(['2030-01-02', '2030-01-03', '2030-01-04']);
    expect(report.days.map((d) => d.start)).toEqual([T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY]);
    expect(report.days[0]).toMatchObject({ total: 0, success: 0, notItemised: 0 });
    expect(report.days[1]).toMatchObject({
      total: 5,
      success: 2,
      scope: 1,
      ip: 1,
      other: 1,
      rateLimit: 0,
      deadKey: 0,
      notItemised: 0,
    });
    expect(report.days[2]).toMatchObject({ total: 1, success: 1 });
    expect(report.totals).toMatchObject({ day: '', total: 6, success: 3, scope: 1, ip: 1 });
  });

  it('counts refusals of a revoked key as dead-key requests', async () => {
    const { keys, create } = testEngine();
    const { key, secret } = await create();
    await keys.revoke({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect((await keys.verify(request(secret))).ok).toBe(false);
    await keys.flush();
    const report = await keys.usage({ accountId: ACCOUNT, actor: OWNER, keyId: key.id, days: 1 });
    expect(report.totals).toMatchObject({ total: 1, deadKey: 1 });
  });

  it('sums every key of the account when no key is named', async () => {
    const { keys, create } = testEngine();
    const a = await create();
    const b = await create();
    const stranger = await create({ accountId: 'acct_other' });
    for (const { secret } of [a, b, b, stranger]) await keys.verify(request(secret));
    await keys.flush();
    const report = await keys.usage({ accountId: ACCOUNT, actor: MEMBER });
    expect(report.keyId).toBeNull();
    expect(report.days).toHaveLength(30);
    expect(report.totals).toMatchObject({ total: 3, success: 3 });
  });

  it("refuses another account's key as not found", async () => {
    const { keys, create } = testEngine();
    const { key } = await create({ accountId: 'acct_other' });
    const error = await keys
      .usage({ accountId: ACCOUNT, actor: OWNER, keyId: key.id })
      .catch((e: unknown) => e);
    expect(isKeysErrorWithCode(error, 'NOT_FOUND')).toBe(true);
  });

  it.each([0, 91, 1.5, '7', Number.NaN])(
    'refuses days = %s with a validation error',
    async (days) => {
      const { keys } = testEngine();
      const error = await keys
        .usage({ accountId: ACCOUNT, actor: OWNER, days: days as number })
        .catch((e: unknown) => e);
      expect(isKeysErrorWithCode(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as Error).message).toContain('days: expected an integer from 1 to 90');
    },
  );

  it('refuses a malformed actor before reading anything', async () => {
    const { keys } = testEngine();
    const error = await keys
      .usage({ accountId: ACCOUNT, actor: { userId: '', role: 'owner' } })
      .catch((e: unknown) => e);
    expect(isKeysErrorWithCode(error, 'ROLE_FORBIDDEN')).toBe(true);
  });

  it('counts every request past the raw-row capacity: counters equal requests, the rest not itemised', async () => {
    const { keys, create, storage } = testEngine({
      usage: { maxBufferedLogs: 100, logBatchSize: 50 },
      onError: () => {},
    });
    const { key, secret } = await create();
    // The store takes rows only when the test says so: traffic outruns it.
    const append = storage.appendUsageLogs.bind(storage);
    const held: (() => void)[] = [];
    storage.appendUsageLogs = (logs: UsageLog[]) =>
      new Promise<void>((resolve, reject) => {
        held.push(() => append(logs).then(resolve, reject));
      });
    const requests = 5_000;
    const results = [];
    for (let i = 0; i < requests; i++) results.push(keys.verify(request(secret)));
    expect((await Promise.all(results)).every((r) => r.ok)).toBe(true);
    let settled = false;
    const flushed = keys.flush().then(() => {
      settled = true;
    });
    for (let round = 0; round < 200 && !settled; round++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const release of held.splice(0)) release();
    }
    await flushed;
    const report = await keys.usage({ accountId: ACCOUNT, actor: OWNER, keyId: key.id, days: 1 });
    const stored = await storage.listUsageLogs(ACCOUNT, key.id, { limit: 1000 });
    expect(report.totals.total).toBe(requests);
    expect(report.totals.success).toBe(requests);
    expect(report.totals.notItemised).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(requests);
    expect(stored.length + report.totals.notItemised).toBe(requests);
  });
});
