/**
 * The request verifier (PRODUCT.md §5). FIRST VERSION: self-contained so that the engine can
 * import it before the primitives land; it is rewired onto secret/, policy/ and allowlist/
 * in the next commits.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import ipaddr from 'ipaddr.js';
import type { StorageAdapter } from '../storage/adapter.js';
import type { Clock, StoredKey } from '../types.js';

/** The slice of the compiled policy the verifier needs. */
export interface VerifierPolicy {
  matchRoute(
    method: string,
    path: string,
  ): {
    rule: { method: string; path: string; scope: string };
    params: Record<string, string>;
  } | null;
}

/** What the verifier is built from (createKeys passes its own). */
export interface VerifierDeps {
  storage: StorageAdapter;
  policy: VerifierPolicy;
  clock: Clock;
  prefix: string;
  trustedProxies?: string[];
  cache?: { maxEntries?: number; ttlMs?: number; maxUnknown?: number };
  lastUsedIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/** One request to check. */
export interface VerifyInput {
  authorization: string | null | undefined;
  ip: string | null | undefined;
  method: string;
  path: string;
  query?: string;
  userAgent?: string | null;
}

/** The key a successful verification hands to the handler. */
export interface VerifiedKey {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  scopes: string[];
  status: 'Active' | 'Rotated';
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

/** The exact cause of a refusal, for logs (callers only see the BSE code). */
export type VerifyFailureReason =
  | 'missing_header'
  | 'invalid_scheme'
  | 'malformed'
  | 'checksum'
  | 'unknown_key'
  | 'revoked'
  | 'expired'
  | 'rotated_past_grace'
  | 'ip_not_allowed'
  | 'invalid_client_ip'
  | 'insufficient_scope'
  | 'unknown_route'
  | 'storage_unavailable';

export type VerifyResult =
  | { ok: true; key: VerifiedKey; scope: string }
  | {
      ok: false;
      status: number;
      code: string;
      type: string;
      message: string;
      retryable: boolean;
      reason: VerifyFailureReason;
      keyId?: string;
    };

export interface Verifier {
  verify(input: VerifyInput): Promise<VerifyResult>;
  invalidate(hash: string): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const BASE62 = /^[A-Za-z0-9]+$/;

function fail(
  status: number,
  code: string,
  type: string,
  message: string,
  reason: VerifyFailureReason,
  keyId?: string,
): VerifyResult {
  return { ok: false, status, code, type, message, retryable: status === 503, reason, keyId };
}

/** Builds a verifier over one storage adapter and one compiled policy. */
export function createVerifier(deps: VerifierDeps): Verifier {
  const { storage, policy, clock, prefix } = deps;
  return {
    async verify(input) {
      const header = input.authorization;
      if (!header)
        return fail(401, 'BSE1001', 'authentication_required', 'Missing API key', 'missing_header');
      const match = /^Bearer ([A-Za-z0-9_]+)$/i.exec(header);
      if (!match)
        return fail(401, 'BSE1001', 'authentication_required', 'Missing API key', 'invalid_scheme');
      const token = match[1] ?? '';
      const denied = (reason: VerifyFailureReason) =>
        fail(401, 'BSE1002', 'authentication_failed', 'Invalid API key', reason);
      if (!token.startsWith(prefix) || token.length !== prefix.length + 38)
        return denied('malformed');
      if (!BASE62.test(token.slice(prefix.length))) return denied('malformed');
      const hash = bytesToHex(sha256(utf8ToBytes(token)));
      let key: StoredKey | null;
      try {
        key = await storage.findKeyByHash(hash);
      } catch (error) {
        deps.onError?.(error);
        return fail(
          503,
          'BSE1005',
          'service_unavailable',
          'Service unavailable',
          'storage_unavailable',
        );
      }
      if (!key) return denied('unknown_key');
      const now = clock();
      if (key.revokedAt !== null) return denied('revoked');
      if (key.expiresAt !== null && key.expiresAt <= now) return denied('expired');
      if (key.graceEndsAt !== null && now >= key.graceEndsAt) return denied('rotated_past_grace');
      if (key.allowlist.length > 0) {
        const ip = input.ip && ipaddr.isValid(input.ip) ? ipaddr.process(input.ip) : null;
        const ok =
          ip !== null &&
          key.allowlist.some((entry) => {
            const [addr, bits] = entry.split('/');
            const net = ipaddr.process(addr ?? '');
            if (net.kind() !== ip.kind()) return false;
            if (bits === undefined) return net.toString() === ip.toString();
            return ip.match(net, Number(bits));
          });
        if (!ok) {
          return fail(
            403,
            'BSE1007',
            'ip_not_allowed',
            'IP not allowed',
            ip ? 'ip_not_allowed' : 'invalid_client_ip',
            key.id,
          );
        }
      }
      const route = policy.matchRoute(input.method, input.path);
      if (!route)
        return fail(404, 'BSE1004', 'route_not_found', 'Unknown route', 'unknown_route', key.id);
      if (!key.scopes.includes(route.rule.scope)) {
        return fail(
          403,
          'BSE1003',
          'insufficient_permissions',
          'Insufficient permissions',
          'insufficient_scope',
          key.id,
        );
      }
      return {
        ok: true,
        scope: route.rule.scope,
        key: {
          id: key.id,
          accountId: key.accountId,
          name: key.name,
          prefix: key.prefix,
          scopes: key.scopes,
          status: key.graceEndsAt !== null ? 'Rotated' : 'Active',
          createdAt: key.createdAt,
          expiresAt: key.expiresAt,
          lastUsedAt: key.lastUsedAt,
        },
      };
    },
    invalidate() {},
    async flush() {},
    async close() {},
  };
}
