import type { LimitsOptions } from '../limits/limits.js';
import type { Policy, Preset, RouteRule } from '../policy/index.js';
import type { StorageAdapter } from '../storage/adapter.js';
import type { KeySort, LogOutcome, SortOrder } from '../storage/key-query.js';
import type {
  Actor,
  ApiKey,
  AuditEvent,
  Clock,
  KeyStatus,
  ListOptions,
  UsageLog,
} from '../types.js';
import type { UsageTuning, VerifyInput, VerifyResult } from '../verify/verifier.js';

/** Options of {@link createKeys}. Validated when `createKeys` is called; never mutated. */
export interface CreateKeysOptions {
  /** Where keys, usage logs and audit events live. */
  storage: StorageAdapter;
  /** Epoch milliseconds; inject one in tests to move time. @default Date.now */
  clock?: Clock;
  /** The scopes an embedding product grants. @default the six of PRODUCT.md §4 */
  scopes?: string[];
  /** Permission presets over `scopes`. @default Full Access, Generate Only, Read Only, Monitor Only */
  presets?: Preset[];
  /** Route table mapping `METHOD /path/{param}` to a scope. @default the 17 routes of PRODUCT.md §4 */
  routes?: RouteRule[];
  /** Key prefix: 1–16 characters of `[A-Za-z0-9_]`. @default 'bye_' */
  prefix?: string;
  /** The verifier's in-process cache of keys and of unknown hashes. */
  cache?: { maxEntries?: number; ttlMs?: number; maxUnknown?: number };
  /** How often `Last used` is written per key (writes are coalesced). */
  lastUsedIntervalMs?: number;
  /** Usage accounting tuning (counter and log-row writes); the defaults suit production. */
  usage?: UsageTuning;
  /** How long `purgeLogs()` keeps usage logs. @default 30 days */
  logRetentionMs?: number;
  /**
   * When positive, the engine calls `purgeLogs()` every this many milliseconds on an unref'd
   * timer (it never keeps a process alive); failures go to `onError`; `close()` stops it.
   * @default 0 (off: call `purgeLogs()` from your own job)
   */
  purgeIntervalMs?: number;
  /**
   * Deadline of each storage call, in milliseconds: a verification whose key read outlives it
   * is refused with the retryable 503 BSE9002 (`STORAGE_UNAVAILABLE`) and the next request
   * reads again; a management operation rejects with the same code; `close()` stops waiting
   * on a stuck write. A synchronous adapter (SQLite) cannot be interrupted: its own busy
   * timeout bounds it. 0 turns the deadline off.
   * @default 2000
   */
  storageTimeoutMs?: number;
  /**
   * The secret that keys IP hashes in usage logs (at least 16 characters). Give the same to
   * every process of a deployment. @default generated once and kept by the storage
   * (`getOrCreateSecret`)
   */
  ipHashSecret?: string;
  /** Called with errors of background work (coalesced writes, change feed). */
  onError?: (error: unknown) => void;
  /**
   * Rate limits (429 `BSE1005`), the per-IP authentication throttle (429 `BSE1006`) and the
   * concurrency limit (429 `BSE1009`); counters in memory unless `store` says otherwise
   * (`@babysea/keys-redis` for many servers). Absent: no limits, no `X-RateLimit-*` headers.
   * @example { rate: { limit: 60, windowMs: 60_000 }, concurrency: 10 }
   */
  limits?: LimitsOptions;
}

/** Who asks, for which account. Every operation takes it. */
export interface AccountInput {
  accountId: string;
  actor: Actor;
}

/** One key of the account. */
export interface KeyInput extends AccountInput {
  keyId: string;
}

/** Input of `create`. Give `preset` or `scopes` (custom), not both. */
export interface CreateKeyInput extends AccountInput {
  /** 1–100 characters as a person counts them; trimmed; no control characters. */
  name: string;
  /** A preset id, e.g. `'full-access'`. */
  preset?: string;
  /** A custom list of scopes, instead of a preset. */
  scopes?: string[];
  /** IP allowlist: comma-separated text or a list; empty means any IP. At most 50 entries. */
  allowlist?: string | string[];
  /** When the key stops working; `null` or absent for never. Must be in the future. */
  expiresAt?: Date | number | string | null;
}

/** Input of `rotate`. */
export interface RotateKeyInput extends KeyInput {
  /** How long the old key keeps working: 1, 6, 12, 24, 48, 72 or 168. @default 24 */
  graceHours?: number;
}

/** Input of `logs`: one key's usage logs, newest first. */
export interface LogsInput extends KeyInput, ListOptions {}

/** Input of `usage`: requests per UTC day, for one key of the account or all of them. */
export interface UsageInput extends AccountInput {
  /** One key of the account (`NOT_FOUND` when not in it); omitted: the whole account. */
  keyId?: string;
  /** Whole UTC days ending today, oldest first: an integer from 1 to 90. @default 30 */
  days?: number;
}

/** One UTC day of a usage report. Every count is exact (from the usage counters). */
export interface UsageDay {
  /** `YYYY-MM-DD` (UTC); `''` in `UsageReport.totals`. */
  day: string;
  /** Start of the day, epoch ms (UTC midnight). */
  start: number;
  /** Every request counted: success + scope + ip + rateLimit + deadKey + other. */
  total: number;
  /** Admitted. */
  success: number;
  /** Refused: the key lacks the route's scope. */
  scope: number;
  /** Refused: client IP outside the key's allowlist (or unreadable). */
  ip: number;
  /** Refused by a rate or concurrency limit. */
  rateLimit: number;
  /** Refused: the key is revoked, expired, or past its rotation grace. */
  deadKey: number;
  /** Refused for another reason (e.g. a route outside the table). */
  other: number;
  /** Requests counted above whose raw log row was not stored ("not itemised"). */
  notItemised: number;
}

/** What `usage` returns. */
export interface UsageReport {
  accountId: string;
  /** The key asked for, or `null` for the whole account. */
  keyId: string | null;
  /** One entry per UTC day, oldest first, zero-filled; the last one is today. */
  days: UsageDay[];
  /** Sums over `days` (`day` is `''`, `start` the first day's start). */
  totals: UsageDay;
}

/** Input of `hashIp`: an address to hash as the usage logs do. */
export interface HashIpInput extends AccountInput {
  /** An IPv4 or IPv6 address, e.g. `203.0.113.10`. */
  ip: string;
}

/** What `hashIp` returns: the canonical address and its keyed hash. */
export interface HashedIp {
  /** The address in canonical form (`::ffff:1.2.3.4` becomes `1.2.3.4`). */
  ip: string;
  /** Equal to the `ipHash` of every usage log of a request from this address. */
  ipHash: string;
}

/** Input of `audit`: the account's activity feed, newest first. */
export interface AuditInput extends AccountInput, ListOptions {}

/** Input of `update`: the fields to change; at least one. Scopes and expiry are fixed. */
export interface UpdateKeyInput extends KeyInput {
  /** The new name: 1–100 characters as a person counts them; trimmed. */
  name?: string;
  /** The new IP allowlist (replaces the old one): text or a list; empty means any IP. */
  allowlist?: string | string[];
}

/** Input of `listPage`: one page of the account's keys, filtered and sorted by storage. */
export interface ListKeysPageInput extends AccountInput {
  /** Only keys with this status now. */
  status?: KeyStatus;
  /** Only keys whose name (ASCII case-insensitive) or display prefix contains this text. */
  search?: string;
  /** @default 'created' */
  sort?: KeySort;
  /** @default 'desc' for `created` and `lastUsed`, 'asc' for `name` */
  order?: SortOrder;
  /** Keys per page, 1–1000. @default 50 */
  limit?: number;
  /** `nextCursor` of the previous page, with the same sort and order. */
  cursor?: string;
}

/** One page of keys. */
export interface KeyPage {
  keys: ApiKey[];
  /** How many keys match the filters, on every page. */
  total: number;
  /** Pass it as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

/** Input of `accountLogs`: the account's usage logs across its keys, newest first. */
export interface AccountLogsInput extends AccountInput {
  /** Only logs at or after this time (epoch ms). */
  since?: number;
  /** Only logs before this time (epoch ms). */
  until?: number;
  /** Only this key's logs. */
  keyId?: string;
  /** `success` (no BSE code) or `refused` (any BSE code). */
  outcome?: LogOutcome;
  /** Only this HTTP status. */
  status?: number;
  /** Only this BSE code, e.g. `BSE1004`. */
  errorCode?: string;
  /** Logs per page, 1–1000. @default 50 */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** The name and prefix of a key a log page refers to (the key may since have been renamed). */
export interface LoggedKey {
  id: string;
  name: string;
  prefix: string;
}

/** One page of an account's usage logs. */
export interface LogPage {
  logs: UsageLog[];
  /** The keys the page's logs belong to, as they are now. */
  keys: LoggedKey[];
  /** Pass it as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

/** What `create` returns: the key and, this one time only, its secret. */
export interface CreatedKey {
  key: ApiKey;
  /** The full key. Show it once; it is stored nowhere. */
  secret: string;
}

/** What `rotate` returns: the replacement, its secret (once), and the old key, now `Rotated`. */
export interface RotatedKey extends CreatedKey {
  previous: ApiKey;
}

/** The engine: every server-side operation on keys. Errors are `KeysError`s. */
export interface Keys {
  /** Creates a key (owners only). */
  create(input: CreateKeyInput): Promise<CreatedKey>;
  /** The account's keys, newest first (all of them: prefer `listPage` for large accounts). */
  list(input: AccountInput): Promise<ApiKey[]>;
  /** One page of the account's keys: status and search filters, sort, cursor, total count. */
  listPage(input: ListKeysPageInput): Promise<KeyPage>;
  /** Renames a key and/or replaces its IP allowlist (owners only); audited as `api_key.updated`. */
  update(input: UpdateKeyInput): Promise<ApiKey>;
  /** One key of the account. */
  get(input: KeyInput): Promise<ApiKey>;
  /** Replaces an `Active` key; the old one keeps working until its grace ends (owners only). */
  rotate(input: RotateKeyInput): Promise<RotatedKey>;
  /** Disables a key at once and for good (owners only). */
  revoke(input: KeyInput): Promise<ApiKey>;
  /** Removes a key and its usage logs; audit events stay (owners only). */
  delete(input: KeyInput): Promise<void>;
  /** A key's usage logs, newest first. */
  logs(input: LogsInput): Promise<UsageLog[]>;
  /** The account's usage logs across all its keys, filtered and paged, newest first. */
  accountLogs(input: AccountLogsInput): Promise<LogPage>;
  /**
   * Requests per UTC day of one key (or the whole account), split by outcome, with the count
   * of requests whose raw log row was not stored. Exact: read from the usage counters.
   */
  usage(input: UsageInput): Promise<UsageReport>;
  /** The account's audit events, newest first. */
  audit(input: AuditInput): Promise<AuditEvent[]>;
  /**
   * Hashes an address as usage logs do (HMAC with the deployment's secret), so a person can
   * compare it with the `ipHash` of logged rows: the hashes cannot be reversed, nor computed
   * by hand. Any role may ask.
   */
  hashIp(input: HashIpInput): Promise<HashedIp>;
  /** Checks one request (PRODUCT.md §5). Refusals are data; it never throws. */
  verify(input: VerifyInput): Promise<VerifyResult>;
  /** The compiled presets, scopes and routes. */
  readonly policy: Policy;
  /** The key prefix in use. */
  readonly prefix: string;
  /** Deletes usage logs older than `logRetentionMs`; returns how many. */
  purgeLogs(): Promise<number>;
  /** Writes pending coalesced work (last-used stamps, usage logs). */
  flush(): Promise<void>;
  /** Flushes and stops background work. Does not close the storage (you own it). */
  close(): Promise<void>;
}
