/**
 * Keyed IP hashes for usage logs. A plain SHA-256 of an address is no hash at all: the whole
 * IPv4 space is hashed in minutes, so a log reader could read every caller's address back. The
 * logged hash is HMAC-SHA256 keyed with a per-deployment secret: the same address hashes the
 * same within one deployment (rows can be compared and grouped), and nobody without the secret
 * can reverse it. The secret is `ipHashSecret` when given, else the one the storage keeps
 * (`getOrCreateSecret('ip-hash', …)`, generated on first use), else one of this process.
 *
 * Comparing a logged hash with an address by hand is therefore impossible; `keys.hashIp` (and
 * the management API's `POST /ip-hash`) hashes an address the way the logs do.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { normalizeIp } from '../allowlist/index.js';
import { KeysError } from '../errors/keys-error.js';
import { randomBase62 } from '../secret/random.js';
import type { StorageAdapter } from '../storage/adapter.js';

/** The name of the IP-hash secret in `getOrCreateSecret`. */
export const IP_HASH_SECRET_NAME = 'ip-hash';
/** Shortest `ipHashSecret` accepted: below it the key could be guessed. */
export const MIN_IP_HASH_SECRET_LENGTH = 16;

export interface IpHasher {
  /** True once the secret is known; until then nothing can be hashed. */
  readonly ready: boolean;
  /** Resolves when the secret is known (retrying the storage on each call after a failure). */
  load(): Promise<void>;
  /** The keyed hash of an address (canonical form first, so `::ffff:a.b.c.d` and `a.b.c.d` agree). */
  hash(ip: string | null | undefined): string;
}

/** Refuses an `ipHashSecret` that is not text of at least 16 characters. */
export function assertIpHashSecret(secret: unknown): asserts secret is string | undefined {
  if (secret === undefined) return;
  if (typeof secret !== 'string' || secret.length < MIN_IP_HASH_SECRET_LENGTH) {
    throw new KeysError(
      'INVALID_CONFIGURATION',
      `ipHashSecret: expected a string of at least ${MIN_IP_HASH_SECRET_LENGTH} characters`,
    );
  }
}

export function createIpHasher(options: {
  storage: Pick<StorageAdapter, 'getOrCreateSecret'>;
  secret?: string | undefined;
  onError: (error: unknown) => void;
}): IpHasher {
  const { storage, onError } = options;
  let key: Uint8Array | null = options.secret ? utf8ToBytes(options.secret) : null;
  let loading: Promise<void> | null = null;
  // Hashing one client over and over is the common case.
  const memo = new Map<string, string>();

  function load(): Promise<void> {
    if (key !== null) return Promise.resolve();
    loading ??= Promise.resolve()
      .then(() => {
        const candidate = randomBase62(43);
        if (typeof storage.getOrCreateSecret !== 'function') {
          onError(
            new KeysError(
              'INVALID_CONFIGURATION',
              'storage has no getOrCreateSecret and no ipHashSecret was given: IP hashes are keyed per process (they differ between processes and restarts)',
            ),
          );
          return candidate;
        }
        return storage.getOrCreateSecret(IP_HASH_SECRET_NAME, candidate);
      })
      .then((secret) => {
        key = utf8ToBytes(secret);
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  return {
    get ready() {
      return key !== null;
    },
    load,
    hash(ip) {
      if (key === null) throw new KeysError('STORAGE_UNAVAILABLE', 'IP hash secret not loaded');
      const raw = ip ?? '';
      let hashed = memo.get(raw);
      if (hashed === undefined) {
        if (memo.size >= 1024) memo.clear();
        const canonical = raw === '' ? '' : (normalizeIp(raw) ?? raw);
        hashed = bytesToHex(hmac(sha256, key, utf8ToBytes(canonical)));
        memo.set(raw, hashed);
      }
      return hashed;
    },
  };
}
