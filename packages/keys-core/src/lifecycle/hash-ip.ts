import { normalizeIp } from '../allowlist/index.js';
import type { IpHasher } from '../verify/ip-hash.js';
import { assertObject, requireId, validationError } from './inputs.js';
import type { HashedIp, HashIpInput } from './keys-api.js';
import { assertAllowed } from './roles.js';
import { callStorage } from './storage-call.js';

/**
 * `keys.hashIp`: an address hashed exactly as usage logs hash the client's, so a person can
 * find their own requests among logged hashes they cannot reverse (any role may ask).
 */
export async function hashIp(hasher: IpHasher, input: HashIpInput): Promise<HashedIp> {
  assertObject(input);
  assertAllowed(input.actor, 'hashIp');
  requireId('accountId', input.accountId);
  const ip = typeof input.ip === 'string' ? normalizeIp(input.ip.trim()) : null;
  if (ip === null) {
    throw validationError([
      {
        field: 'ip',
        rule: 'ip_address',
        message: 'ip: expected an IPv4 or IPv6 address, e.g. 203.0.113.10',
      },
    ]);
  }
  await callStorage('loading the IP hash secret', () => hasher.load());
  return { ip, ipHash: hasher.hash(ip) };
}
