import type { ApiKey, Preset, Role } from '@babysea/keys-core';
import {
  createKeys,
  DEFAULT_GRACE_HOURS,
  GRACE_HOURS,
  MAX_ALLOWLIST_ENTRIES,
  MAX_NAME_LENGTH,
} from '@babysea/keys-core';
import { createMemoryStorage } from '@babysea/keys-core/memory';
import type { KeysClient } from './keys-client.js';

/** One key to create before the client answers, with its history (for tables in stories). */
export interface MemorySeedKey {
  name: string;
  /** @default 'full-access' */
  preset?: string;
  allowlist?: string[];
  /** When it was created, epoch ms. @default now */
  createdAt?: number;
  /** When it was last used, epoch ms. @default never */
  lastUsedAt?: number;
  /** Epoch ms; must be after `createdAt`. */
  expiresAt?: number;
  /**
   * The status to bring it to: `Rotated` rotates it a day ago with a 7-day grace (its
   * replacement appears too, `Active`),
   * `Revoked` revokes it, `Expired` gives it a one-hour lifetime from `createdAt`.
   * @default 'Active'
   */
  status?: ApiKey['status'];
}

/** Options of `createMemoryKeysClient`. */
export interface MemoryKeysClientOptions {
  /** The role the client acts as: members may only read. @default 'owner' */
  role?: Role;
  /** @default 'acct_demo' */
  accountId?: string;
  /** @default 'user_demo' */
  userId?: string;
  /** The engine's clock. @default Date.now */
  clock?: () => number;
  /** Replaces the default presets. */
  presets?: Preset[];
  /** Keys created (and used, rotated, revoked) before the first answer. */
  seed?: MemorySeedKey[];
  /** Milliseconds every call waits before answering; `Infinity` never answers. @default 0 */
  delayMs?: number;
}

/** The methods that `setFailure` can make fail. */
export type MemoryClientMethod = keyof KeysClient;

/** An in-memory `KeysClient` with knobs for tests and stories. */
export interface MemoryKeysClient extends KeysClient {
  /** Resolves once the seed keys exist. Every method awaits it. */
  ready: Promise<void>;
  /** Sets the delay of every later call (`Infinity`: calls never answer, e.g. `Submitting`). */
  setDelay(ms: number): void;
  /**
   * Makes later calls reject with `error` (all methods, or the listed ones) until cleared with
   * `setFailure(null)`.
   */
  setFailure(error: unknown, methods?: MemoryClientMethod[]): void;
  /** Changes the role of later calls. */
  setRole(role: Role): void;
}

/**
 * A `KeysClient` that runs the real engine (`createKeys` over `createMemoryStorage`) in the
 * browser or in Node: the same validation, statuses, rotation grace and errors as the server,
 * with no network. For tests, stories and demos; never for production (keys vanish on reload).
 *
 * @example
 * ```tsx
 * const client = createMemoryKeysClient({ seed: [{ name: 'prod-api-worker' }] });
 * <ApiKeysPage client={client} />
 * ```
 */
export function createMemoryKeysClient(options: MemoryKeysClientOptions = {}): MemoryKeysClient {
  const storage = createMemoryStorage();
  const baseClock = options.clock ?? Date.now;
  let pinned: number | null = null;
  const keys = createKeys({
    storage,
    clock: () => pinned ?? baseClock(),
    ...(options.presets ? { presets: options.presets } : {}),
  });
  const accountId = options.accountId ?? 'acct_demo';
  const userId = options.userId ?? 'user_demo';
  let role: Role = options.role ?? 'owner';
  let delayMs = options.delayMs ?? 0;
  let failure: { error: unknown; methods: MemoryClientMethod[] | null } | null = null;

  const owner = { userId, role: 'owner' as Role };
  const ready = (async () => {
    for (const seed of options.seed ?? []) {
      const createdAt = seed.createdAt ?? baseClock();
      pinned = createdAt;
      try {
        const expiresAt =
          seed.status === 'Expired' ? createdAt + 3_600_000 : (seed.expiresAt ?? null);
        const { key } = await keys.create({
          accountId,
          actor: owner,
          name: seed.name,
          preset: seed.preset ?? 'full-access',
          allowlist: seed.allowlist ?? [],
          expiresAt,
        });
        if (seed.lastUsedAt !== undefined) {
          await storage.touchLastUsed([{ id: key.id, at: seed.lastUsedAt }]);
        }
        if (seed.status === 'Rotated') {
          // Rotated a day ago with a 7-day grace, so that it still shows `Rotated` now.
          pinned = Math.max(createdAt + 1, (seed.lastUsedAt ?? 0) + 1, baseClock() - 86_400_000);
          await keys.rotate({ accountId, actor: owner, keyId: key.id, graceHours: 168 });
        } else if (seed.status === 'Revoked') {
          pinned = Math.max(createdAt, seed.lastUsedAt ?? createdAt) + 1;
          await keys.revoke({ accountId, actor: owner, keyId: key.id });
        }
      } finally {
        pinned = null;
      }
    }
  })();

  async function call<T>(method: MemoryClientMethod, run: () => Promise<T>): Promise<T> {
    await ready;
    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        if (Number.isFinite(delayMs)) setTimeout(resolve, delayMs);
      });
    }
    if (failure && (failure.methods === null || failure.methods.includes(method))) {
      throw failure.error;
    }
    return run();
  }

  const actor = () => ({ userId, role });

  return {
    ready,
    setDelay(ms) {
      delayMs = ms;
    },
    setFailure(error, methods) {
      failure = error === null ? null : { error, methods: methods ?? null };
    },
    setRole(next) {
      role = next;
    },
    list: () => call('list', async () => keys.list({ accountId, actor: actor() })),
    listPage: (params = {}) =>
      call('listPage', async () => keys.listPage({ accountId, actor: actor(), ...params })),
    update: (keyId, input) =>
      call('update', async () => keys.update({ accountId, actor: actor(), keyId, ...input })),
    accountLogs: (params = {}) =>
      call('accountLogs', async () => keys.accountLogs({ accountId, actor: actor(), ...params })),
    get: (keyId) => call('get', async () => keys.get({ accountId, actor: actor(), keyId })),
    create: (input) =>
      call('create', async () => {
        const { key, secret } = await keys.create({ accountId, actor: actor(), ...input });
        return { key, secret };
      }),
    rotate: (keyId, rotateOptions = {}) =>
      call('rotate', async () => {
        const { key, secret, previous } = await keys.rotate({
          accountId,
          actor: actor(),
          keyId,
          ...(rotateOptions.graceHours === undefined
            ? {}
            : { graceHours: rotateOptions.graceHours }),
        });
        return { key, secret, previous };
      }),
    revoke: (keyId) =>
      call('revoke', async () => keys.revoke({ accountId, actor: actor(), keyId })),
    delete: (keyId) =>
      call('delete', async () => {
        await keys.delete({ accountId, actor: actor(), keyId });
      }),
    logs: (keyId, page = {}) =>
      call('logs', async () => keys.logs({ accountId, actor: actor(), keyId, ...page })),
    audit: (page = {}) =>
      call('audit', async () => keys.audit({ accountId, actor: actor(), ...page })),
    presets: () =>
      call('presets', async () => ({
        presets: [...keys.policy.presets],
        scopes: [...keys.policy.scopes],
        graceHours: [...GRACE_HOURS],
        defaultGraceHours: DEFAULT_GRACE_HOURS,
        maxNameLength: MAX_NAME_LENGTH,
        maxAllowlistEntries: MAX_ALLOWLIST_ENTRIES,
      })),
  };
}
