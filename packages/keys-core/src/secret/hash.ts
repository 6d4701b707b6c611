/**
 * SHA-256 of a key, the lookup index of the verify path. Node's one-shot `crypto.hash` is ~6×
 * faster than pure JS for a 42-byte key, so it is used when the runtime offers it; it is
 * reached through `process.getBuiltinModule` because a static `node:` import would break
 * browser and edge bundles. Everywhere else @noble/hashes computes the same digest.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

interface NodeCryptoHash {
  hash(algorithm: string, data: string, outputEncoding: 'hex'): string;
}

function loadNodeCrypto(): NodeCryptoHash | undefined {
  try {
    const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const crypto = process?.getBuiltinModule?.('node:crypto') as
      | Partial<NodeCryptoHash>
      | undefined;
    // `crypto.hash` arrived in Node 20.12 / 21.7; older runtimes fall back to noble.
    return typeof crypto?.hash === 'function' ? (crypto as NodeCryptoHash) : undefined;
  } catch {
    return undefined;
  }
}

const nodeCrypto = loadNodeCrypto();

/**
 * Which implementation {@link sha256Hex} uses in this runtime: `'node'` (`crypto.hash`) or
 * `'noble'` (@noble/hashes).
 */
export const SHA256_BACKEND: 'node' | 'noble' = nodeCrypto ? 'node' : 'noble';

/**
 * Lowercase hex SHA-256 of the UTF-8 encoding of `text`, with @noble/hashes only. Runs
 * anywhere; {@link sha256Hex} gives the same digest, faster on Node.
 *
 * @example
 * sha256HexPortable('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256HexPortable(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * Lowercase hex SHA-256 of the UTF-8 encoding of `text`. Synchronous; uses Node's
 * `crypto.hash` when available, else @noble/hashes.
 *
 * @example
 * sha256Hex('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(text: string): string {
  return nodeCrypto ? nodeCrypto.hash('sha256', text, 'hex') : sha256HexPortable(text);
}

/**
 * The stored lookup hash of a key: {@link sha256Hex} of the whole key. An unsalted hash is
 * enough because the key carries ~190 random bits; a slow hash (bcrypt) would cost
 * milliseconds per request and buy nothing.
 *
 * @example
 * hashKey(secret) === storedKey.hash;
 */
export function hashKey(key: string): string {
  return sha256Hex(key);
}
