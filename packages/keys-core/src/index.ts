/**
 * `@babysea/keys-core`: the engine (`createKeys`) and the isomorphic primitives it is built
 * from — key format, hashing, policy, allowlists, validation, errors and types. Nothing here
 * imports `node:` or a storage implementation: storage adapters come from `./memory` or their
 * own packages, HTTP bindings from `./http`, `./hono`, `./express` and `./fastify`.
 */

// IP allowlists
export { type ClientIp, parseClientIp } from './allowlist/ip-address.js';
export { type AllowlistMatcher, compileAllowlist } from './allowlist/matcher.js';
export {
  type AllowlistParseResult,
  MAX_ALLOWLIST_ENTRIES,
  normalizeIp,
  parseIpAllowlist,
} from './allowlist/parse-allowlist.js';
// Errors
export {
  type FieldIssue,
  isKeysError,
  KEYS_ERROR_CODES,
  KeysError,
  type KeysErrorCode,
  type KeysErrorOptions,
} from './errors/keys-error.js';
// Engine
export { createKeys } from './lifecycle/create-keys.js';
export type {
  AccountInput,
  AccountLogsInput,
  AuditInput,
  CreatedKey,
  CreateKeyInput,
  CreateKeysOptions,
  HashedIp,
  HashIpInput,
  KeyInput,
  KeyPage,
  Keys,
  ListKeysPageInput,
  LoggedKey,
  LogPage,
  LogsInput,
  RotatedKey,
  RotateKeyInput,
  UpdateKeyInput,
  UsageDay,
  UsageInput,
  UsageReport,
} from './lifecycle/keys-api.js';
export { DEFAULT_LOG_RETENTION_MS } from './lifecycle/options.js';
export { DEFAULT_LIST_PAGE_SIZE } from './lifecycle/page-operations.js';
export { canManageKeys, type KeyOperation } from './lifecycle/roles.js';
export { deriveStatus, toApiKey } from './lifecycle/status.js';
export { DEFAULT_USAGE_DAYS, MAX_USAGE_DAYS } from './lifecycle/usage-report.js';
// Limits: rate, per-IP authentication throttle, concurrency
export { clientNetwork } from './limits/client-network.js';
export type {
  LimitBucket,
  LimitStore,
  RateLimitRule,
  TakeResult,
  WindowState,
} from './limits/limit-store.js';
export {
  DEFAULT_AUTH_FAILURES,
  DEFAULT_CONCURRENCY_LEASE_MS,
  DEFAULT_LIMIT_TIMEOUT_MS,
  type LimitsOptions,
  type RateLimitInfo,
  type RateLimitInput,
} from './limits/limits.js';
export {
  createMemoryLimitStore,
  type MemoryLimitStore,
  type MemoryLimitStoreOptions,
} from './limits/memory-limit-store.js';
// Policy: scopes, presets, routes
export {
  compilePolicy,
  getDefaultPolicy,
  type Policy,
  type PolicyInput,
} from './policy/compile-policy.js';
export {
  DEFAULT_PRESETS,
  DEFAULT_ROUTES,
  DEFAULT_SCOPES,
  type Preset,
  type RouteRule,
  type Scope,
} from './policy/defaults.js';
export type { RouteMatch } from './policy/route-matcher.js';
// Key format and hashing
export { hashKey, sha256Hex, sha256HexPortable } from './secret/hash.js';
export {
  DEFAULT_PREFIX,
  displayPrefix,
  generateKey,
  isValidPrefix,
  keyChecksum,
  type ParseKeyFailure,
  type ParseKeyResult,
  parseKey,
  redactKey,
} from './secret/key.js';
export { createKeyRedactor } from './secret/key-redactor.js';
export { type IdKind, randomId } from './secret/random.js';
// Records and storage contract
export type { StorageAdapter } from './storage/adapter.js';
export { DEFAULT_STORAGE_TIMEOUT_MS } from './storage/deadline.js';
export {
  type AccountLogsQuery,
  compareCodePoints,
  compareKeysFor,
  foldAscii,
  isAfterKeyCursor,
  type KeyCursor,
  type KeyPageQuery,
  type KeySort,
  keySortValue,
  type LogCursor,
  type LogOutcome,
  matchesKeyFilters,
  matchesLogQuery,
  type SortOrder,
  type StoredKeyPage,
} from './storage/key-query.js';
export {
  accountLogsSql,
  type BoundSql,
  keyPageSql,
  type SqlDialect,
} from './storage/key-query-sql.js';
export type {
  Actor,
  ApiKey,
  AuditEvent,
  AuditEventType,
  Awaitable,
  Clock,
  KeyChange,
  KeyStatus,
  LastUsedStamp,
  ListOptions,
  Role,
  StoredKey,
  StoredKeyPatch,
  UsageCounter,
  UsageLog,
  UsageOutcome,
  UsageQuery,
  UsageTotal,
} from './types.js';

// Validation (the Add dialog runs the same checks as the server)
export {
  type ValidateCreateKeyOptions,
  type ValidCreateKeyInput,
  validateCreateKeyInput,
} from './validation/create-key-input.js';
export {
  DEFAULT_GRACE_HOURS,
  GRACE_HOURS,
  type GraceHours,
  validateExpiry,
  validateGraceHours,
} from './validation/expiry.js';
export { countGraphemes, MAX_NAME_LENGTH, validateName } from './validation/name.js';
export type { Result } from './validation/result.js';
export {
  type UpdateKeyFields,
  type ValidUpdateKeyInput,
  validateUpdateKeyInput,
} from './validation/update-key-input.js';

// Verification results (the verifier itself is reached through `keys.verify`)
export type {
  UsageTuning,
  VerifiedKey,
  VerifyFailure,
  VerifyFailureReason,
  VerifyInput,
  VerifyResult,
  VerifySuccess,
} from './verify/verifier.js';
