/**
 * Model-based conformance: an adapter behaves as the in-memory reference adapter over random
 * operation sequences. Every `StorageAdapter` method is called with valid and hostile
 * arguments (duplicate ids and hashes, stale versions, other accounts, account ids that differ
 * only by case or a trailing space, logs claiming another account, unknown ids) and every
 * answer, return value or `CONFLICT`, must equal the model's. Reads are compared after every
 * write, so a divergence is reported at the first operation that shows it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeysError } from '../errors/keys-error.js';
import type { StorageAdapter } from '../storage/adapter.js';
import { createMemoryStorage, type MemoryStorage } from '../storage/memory-adapter.js';
import type { AuditEventType, ListOptions, StoredKey, StoredKeyPatch } from '../types.js';
import type { SuiteContext } from './context.js';
import {
  fixtureHash,
  fixtureId,
  HOUR,
  makeAuditEvent,
  makeStoredKey,
  makeUsageLog,
  T0,
} from './fixtures.js';

/** Options of the model-based tests. */
export interface StorageModelOptions {
  /** Random sequences per test (each up to 30 operations). @default 100 */
  runs?: number;
}

/** A small time range, so that ties (same millisecond, ordered by id) are common. */
const time = fc.integer({ min: 0, max: 6 }).map((step) => T0 + step * HOUR);
const maybeTime = fc.option(time, { nil: null });

/** Which of the sequence's accounts: 0 and 1 are distinct; 2 and 3 mimic 0 (case, space). */
const account = fc.nat(3);
/** An existing key (by index modulo how many there are) or a key id never inserted. */
const keyRef = fc.oneof(
  { weight: 5, arbitrary: fc.nat() },
  { weight: 1, arbitrary: fc.constant(-1) },
);

const patch: fc.Arbitrary<StoredKeyPatch> = fc.record(
  {
    revokedAt: maybeTime,
    rotatedAt: maybeTime,
    graceEndsAt: maybeTime,
    replacedBy: fc.option(fc.constant('key_000000000000000000000001'), { nil: null }),
  },
  { requiredKeys: [] },
);

const paging: fc.Arbitrary<ListOptions | undefined> = fc.option(
  fc.record({ limit: fc.integer({ min: 1, max: 5 }), before: time }, { requiredKeys: [] }),
  { nil: undefined },
);

type Op =
  | {
      op: 'insert';
      account: number;
      createdAt: number;
      duplicate: 'none' | 'id' | 'hash';
      of: number;
    }
  | {
      op: 'update';
      account: number;
      key: number;
      stale: boolean;
      patch: StoredKeyPatch;
      at: number;
    }
  | { op: 'rotate'; account: number; key: number; stale: boolean; duplicate: boolean; at: number }
  | { op: 'delete'; account: number; key: number; at: number }
  | { op: 'touch'; stamps: Array<{ key: number; at: number }> }
  | {
      op: 'append';
      logs: Array<{ key: number; account: number | null; at: number; status: number }>;
    }
  | { op: 'purge'; olderThan: number }
  | {
      op: 'read';
      account: number;
      key: number;
      logs: ListOptions | undefined;
      audit: ListOptions | undefined;
    };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      account,
      createdAt: time,
      duplicate: fc.constantFrom('none' as const, 'none' as const, 'id' as const, 'hash' as const),
      of: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('update' as const),
      account,
      key: keyRef,
      stale: fc.boolean(),
      patch,
      at: time,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('rotate' as const),
      account,
      key: keyRef,
      stale: fc.boolean(),
      duplicate: fc.boolean(),
      at: time,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('delete' as const), account, key: keyRef, at: time }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('touch' as const),
      stamps: fc.array(fc.record({ key: keyRef, at: time }), { maxLength: 4 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('append' as const),
      logs: fc.array(
        fc.record({
          key: keyRef,
          account: fc.option(account, { nil: null }),
          at: time,
          status: fc.constantFrom(200, 401, 403),
        }),
        { maxLength: 5 },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('purge' as const), olderThan: time }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('read' as const),
      account,
      key: keyRef,
      logs: paging,
      audit: paging,
    }),
  },
);

/** A call's outcome, comparable across adapters: the value, or the `KeysError` code thrown. */
async function outcome<T>(call: () => unknown): Promise<{ value: T } | { error: string }> {
  try {
    return { value: (await call()) as T };
  } catch (error) {
    // Only CONFLICT is a contractual exception; anything else is shown as it is.
    if (isKeysError(error)) return { error: error.code };
    throw error;
  }
}

/** Runs one sequence on both stores, comparing every answer. */
async function runSequence(
  real: StorageAdapter,
  model: MemoryStorage,
  base: string,
  ops: Op[],
): Promise<void> {
  // 2 and 3 differ from 0 only by case and by a trailing space: a store must keep them apart.
  const accounts = [base, `${base}_other`, base.toUpperCase(), `${base} `];
  const keys: StoredKey[] = [];
  const pick = (index: number): StoredKey | undefined =>
    index < 0 || keys.length === 0 ? undefined : keys[index % keys.length];
  const idOf = (index: number) => pick(index)?.id ?? 'key_ffffffffffffffffffffffff';

  async function both<T>(
    label: string,
    call: (store: StorageAdapter) => unknown,
  ): Promise<T | undefined> {
    const expected = await outcome<T>(() => call(model));
    const actual = await outcome<T>(() => call(real));
    expect(actual, label).toEqual(expected);
    return 'value' in expected ? expected.value : undefined;
  }

  for (const [step, o] of ops.entries()) {
    const where = (what: string) => `step ${step} (${what}) of ${JSON.stringify(ops)}`;
    switch (o.op) {
      case 'insert': {
        const source = pick(o.of);
        const overrides: Partial<StoredKey> = { createdAt: o.createdAt };
        if (source !== undefined && o.duplicate === 'id') overrides.id = source.id;
        if (source !== undefined && o.duplicate === 'hash') overrides.hash = source.hash;
        const key = makeStoredKey(accounts[o.account]!, overrides);
        const event = makeAuditEvent('api_key.created', key, { at: o.createdAt });
        const done = await outcome(() => model.insertKey(key, event));
        expect(await outcome(() => real.insertKey(key, event)), where('insertKey')).toEqual(done);
        if ('value' in done) keys.push(key);
        break;
      }
      case 'update': {
        const key = pick(o.key);
        const current = key === undefined ? null : await model.findKey(key.accountId, key.id);
        const version = (current?.version ?? 1) + (o.stale ? 1 : 0);
        const type: AuditEventType = o.patch.revokedAt ? 'api_key.revoked' : 'api_key.rotated';
        const about = key ?? makeStoredKey(accounts[o.account]!);
        const event = makeAuditEvent(type, about, { accountId: accounts[o.account]!, at: o.at });
        await both(where('updateKey'), (store) =>
          store.updateKey(accounts[o.account]!, idOf(o.key), version, o.patch, event),
        );
        break;
      }
      case 'rotate': {
        const key = pick(o.key);
        const current = key === undefined ? null : await model.findKey(key.accountId, key.id);
        const version = (current?.version ?? 1) + (o.stale ? 1 : 0);
        const other = pick(o.key + 1);
        const replacement = makeStoredKey(accounts[o.account]!, {
          createdAt: o.at,
          rotatedFrom: idOf(o.key),
          ...(o.duplicate && other !== undefined ? { hash: other.hash } : {}),
        });
        const event = makeAuditEvent('api_key.rotated', replacement, { at: o.at });
        const result = await both<StoredKey | null>(where('rotateKey'), (store) =>
          store.rotateKey(
            accounts[o.account]!,
            idOf(o.key),
            version,
            { rotatedAt: o.at, graceEndsAt: o.at + HOUR, replacedBy: replacement.id },
            replacement,
            event,
          ),
        );
        if (result) keys.push(replacement);
        break;
      }
      case 'delete': {
        const event = makeAuditEvent(
          'api_key.deleted',
          pick(o.key) ?? makeStoredKey(accounts[o.account]!),
          { accountId: accounts[o.account]!, at: o.at },
        );
        await both(where('deleteKey'), (store) =>
          store.deleteKey(accounts[o.account]!, idOf(o.key), event),
        );
        break;
      }
      case 'touch': {
        const stamps = o.stamps.map((s) => ({ id: idOf(s.key), at: s.at }));
        await both(where('touchLastUsed'), async (store) => {
          await store.touchLastUsed(stamps);
        });
        break;
      }
      case 'append': {
        const logs = o.logs.map((l) => {
          const key = pick(l.key) ?? makeStoredKey(base, { id: idOf(-1) });
          return makeUsageLog(key, {
            at: l.at,
            status: l.status,
            ...(l.account === null ? {} : { accountId: accounts[l.account]! }),
          });
        });
        await both(where('appendUsageLogs'), async (store) => {
          await store.appendUsageLogs(logs);
        });
        break;
      }
      case 'purge':
        await both(where('purgeUsageLogs'), (store) => store.purgeUsageLogs(o.olderThan));
        break;
      case 'read': {
        const accountId = accounts[o.account]!;
        const key = pick(o.key);
        await both(where('listKeys'), (store) => store.listKeys(accountId));
        await both(where('findKey'), (store) => store.findKey(accountId, idOf(o.key)));
        await both(where('findKeyByHash'), (store) =>
          store.findKeyByHash(key?.hash ?? fixtureHash()),
        );
        await both(where('listUsageLogs'), (store) =>
          store.listUsageLogs(accountId, idOf(o.key), o.logs),
        );
        await both(where('listAuditEvents'), (store) => store.listAuditEvents(accountId, o.audit));
        break;
      }
    }
  }
  // Every account, every key, every log and event, at the end.
  for (const accountId of accounts) {
    await both('final listKeys', (store) => store.listKeys(accountId));
    await both('final listAuditEvents', (store) =>
      store.listAuditEvents(accountId, { limit: 1000 }),
    );
    for (const key of keys) {
      await both('final listUsageLogs', (store) =>
        store.listUsageLogs(accountId, key.id, { limit: 1000 }),
      );
    }
  }
}

/**
 * Registers the model-based test: random sequences of every adapter method, answers compared
 * with the in-memory reference adapter's. Part of `describeStorageAdapter`.
 */
export function describeStorageModel(ctx: SuiteContext, options: StorageModelOptions = {}): void {
  const runs = options.runs ?? 100;
  describe('behaves as the in-memory model (model-based property)', () => {
    it(`answers every operation as the reference adapter does (${runs} random sequences)`, async () => {
      const real = ctx.storage;
      // One model per test, mirroring the store across sequences (purge is store-wide).
      const model = createMemoryStorage();
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) =>
          runSequence(real, model, fixtureId('acct'), ops),
        ),
        { numRuns: runs, endOnFailure: true },
      );
    }, 600_000);
  });
}
