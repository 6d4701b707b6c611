import { describe, expect, it, vi } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import { ACCOUNT, OWNER, testEngine } from '../test-support/test-engine.js';
import type { VerifyInput } from '../verify/results.js';
import type { LimitStore } from './limit-store.js';
import { createMemoryLimitStore } from './memory-limit-store.js';

const request = (secret: string | null, ip = '203.0.113.7'): VerifyInput => ({
  authorization: secret === null ? undefined : `Bearer ${secret}`,
  ip,
  method: 'GET',
  path: '/v1/status',
});

describe('limits › account rate limit (BSE1005)', () => {
  it('admits `limit` requests a window and refuses the next with 429, Retry-After and details', async () => {
    const { keys, create, clock } = testEngine({
      limits: { rate: { limit: 2, windowMs: 60_000 } },
    });
    const { secret } = await create();
    const first = await keys.verify(request(secret));
    clock.advance(10_000);
    await keys.verify(request(secret));
    const third = await keys.verify(request(secret));
    expect(first).toMatchObject({ ok: true, rateLimit: { limit: 2, remaining: 1 } });
    expect(third).toMatchObject({
      ok: false,
      status: 429,
      code: 'BSE1005',
      type: 'rate_limit_exceeded',
      retryable: true,
      retryAfterSeconds: 50,
      rateLimit: { limit: 2, remaining: 0, reset: Math.ceil((clock.now() + 50_000) / 1000) },
    });
  });

  it('shares the limit between every key of the account', async () => {
    const { keys, create } = testEngine({ limits: { rate: { limit: 1 } } });
    const a = await create();
    const b = await create({ name: 'second' });
    await keys.verify(request(a.secret));
    expect(await keys.verify(request(b.secret))).toMatchObject({ status: 429, code: 'BSE1005' });
  });

  it('keeps other accounts apart', async () => {
    const { keys, create } = testEngine({ limits: { rate: { limit: 1 } } });
    const a = await create();
    const b = await create({ accountId: 'acct_other' });
    await keys.verify(request(a.secret));
    expect(await keys.verify(request(b.secret))).toMatchObject({ ok: true });
  });

  it('logs a refusal as 429 BSE1005 and a pass as 200, never a 200 for a refused request', async () => {
    const { keys, create } = testEngine({ limits: { rate: { limit: 1 } } });
    const { key, secret } = await create();
    await keys.verify(request(secret));
    await keys.verify(request(secret));
    await keys.flush();
    const logs = await keys.logs({ accountId: ACCOUNT, actor: OWNER, keyId: key.id });
    expect(logs.map((l) => [l.status, l.errorCode]).sort()).toEqual([
      [200, null],
      [429, 'BSE1005'],
    ]);
  });

  it('takes a per-account rule from a function (plans), none for `null`', async () => {
    const { keys, create } = testEngine({
      limits: { rate: (accountId) => (accountId === ACCOUNT ? { limit: 1 } : null) },
    });
    const limited = await create();
    const free = await create({ accountId: 'acct_free' });
    await keys.verify(request(limited.secret));
    expect(await keys.verify(request(limited.secret))).toMatchObject({ status: 429 });
    await keys.verify(request(free.secret));
    expect(await keys.verify(request(free.secret))).toMatchObject({ ok: true });
  });

  it('refuses bad limits at createKeys time, naming the option', () => {
    expect(() => testEngine({ limits: { rate: { limit: 0 } } })).toThrow(/limits.rate.limit/);
    expect(() => testEngine({ limits: { rate: { limit: 5, windowMs: 10 } } })).toThrow(
      /limits.rate.windowMs/,
    );
    expect(() => testEngine({ limits: { concurrency: 1.5 } })).toThrow(/limits.concurrency/);
  });
});

describe('limits › per-IP authentication throttle (BSE1006)', () => {
  const throttled = () => testEngine({ limits: { authFailures: { limit: 3, windowMs: 60_000 } } });

  it('refuses a network after `limit` failed authentications, before any storage read', async () => {
    const { keys, storage, create } = throttled();
    const { secret } = await create();
    const guess = `${secret.slice(0, -6)}AAAAAA`;
    for (let i = 0; i < 3; i++) await keys.verify(request(guess));
    const read = vi.spyOn(storage, 'findKeyByHash');
    const refused = await keys.verify(request(secret));
    expect(refused).toMatchObject({ status: 429, code: 'BSE1006', type: 'auth_rate_limited' });
    expect(read).not.toHaveBeenCalled();
  });

  it('counts missing and malformed headers too, and reports the throttle on a 401', async () => {
    const { keys } = throttled();
    const first = await keys.verify(request(null));
    expect(first).toMatchObject({ status: 401, rateLimit: { limit: 3, remaining: 2 } });
    await keys.verify({ ...request(null), authorization: 'Bearer nope' });
    await keys.verify(request(null));
    expect(await keys.verify(request(null))).toMatchObject({ status: 429, code: 'BSE1006' });
  });

  it('never counts a success', async () => {
    const { keys, create } = throttled();
    const { secret } = await create();
    for (let i = 0; i < 10; i++) await keys.verify(request(secret));
    expect(await keys.verify(request(null))).toMatchObject({
      status: 401,
      rateLimit: { remaining: 2 },
    });
  });

  it('counts an IPv6 /64 as one client, and another /64 apart', async () => {
    const { keys } = throttled();
    for (let i = 1; i <= 3; i++) await keys.verify(request(null, `2001:db8:0:1::${i}`));
    expect(await keys.verify(request(null, '2001:db8:0:1:ffff::9'))).toMatchObject({
      status: 429,
    });
    expect(await keys.verify(request(null, '2001:db8:0:2::1'))).toMatchObject({ status: 401 });
  });

  it('lets a throttled network back in once its failures leave the window', async () => {
    const { keys, create, clock } = throttled();
    const { secret } = await create();
    for (let i = 0; i < 3; i++) await keys.verify(request(null));
    clock.advance(60_000);
    expect(await keys.verify(request(secret))).toMatchObject({ ok: true });
  });

  it('never throttles an exempt address', async () => {
    const { keys } = testEngine({
      limits: { authFailures: { limit: 1 }, exemptIp: (ip) => ip === '198.51.100.1' },
    });
    for (let i = 0; i < 5; i++) await keys.verify(request(null, '198.51.100.1'));
    expect(await keys.verify(request(null, '198.51.100.1'))).toMatchObject({ status: 401 });
  });

  it('turns off with authFailures: false', async () => {
    const { keys } = testEngine({ limits: { authFailures: false } });
    for (let i = 0; i < 150; i++) await keys.verify(request(null));
    expect(await keys.verify(request(null))).toMatchObject({ status: 401 });
  });
});

describe('limits › concurrency (BSE1009)', () => {
  it('refuses a request over the in-flight limit and admits again after release', async () => {
    const { keys, create } = testEngine({ limits: { concurrency: 1 } });
    const { secret } = await create();
    const first = await keys.verify(request(secret));
    expect(first.ok).toBe(true);
    const second = await keys.verify(request(secret));
    expect(second).toMatchObject({
      status: 429,
      code: 'BSE1009',
      type: 'concurrency_limit_exceeded',
      retryable: true,
    });
    if (first.ok) first.release?.();
    expect(await keys.verify(request(secret))).toMatchObject({ ok: true });
  });
});

describe('limits › store failures', () => {
  function failingStore(how: 'reject' | 'hang'): LimitStore {
    const memory = createMemoryLimitStore();
    const fail = () =>
      how === 'reject' ? Promise.reject(new Error('redis down')) : new Promise<never>(() => {});
    return { ...memory, take: fail, peek: fail, record: fail, acquire: fail };
  }

  it.each(['reject', 'hang'] as const)(
    "admits when the store fails (%s) under the default 'allow' policy, reporting it",
    async (how) => {
      const onError = vi.fn();
      const { keys, create } = testEngine({
        onError,
        limits: { rate: { limit: 1 }, concurrency: 1, store: failingStore(how), timeoutMs: 20 },
      });
      const { secret } = await create();
      expect(await keys.verify(request(secret))).toMatchObject({ ok: true });
      expect(onError).toHaveBeenCalled();
      expect(isKeysError(onError.mock.calls[0]?.[0])).toBe(true);
      expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'LIMITER_UNAVAILABLE' });
    },
  );

  it('still fails authentication closed when the store fails: a bad key is 401, not admitted', async () => {
    const { keys } = testEngine({
      onError: () => {},
      limits: { store: failingStore('reject'), timeoutMs: 20 },
    });
    expect(await keys.verify(request('bye_guess'))).toMatchObject({ ok: false, status: 401 });
  });

  it("answers 503 BSE9008 under the 'deny' policy", async () => {
    const { keys, create } = testEngine({
      onError: () => {},
      limits: {
        rate: { limit: 5 },
        store: failingStore('hang'),
        onStoreError: 'deny',
        timeoutMs: 20,
      },
    });
    const { secret } = await create();
    expect(await keys.verify(request(secret))).toMatchObject({
      status: 503,
      code: 'BSE9008',
      retryable: true,
    });
  });
});
