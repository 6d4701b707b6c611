/** The key format and its hash: generate, parse, checksum, hash, redact. */
export {
  BASE62_ALPHABET,
  base62Digit,
  CHECKSUM_LENGTH,
  decodeBase62At,
  encodeUint32Base62,
  isBase62Run,
} from './base62.js';
export { crc32, crc32Update } from './crc32.js';
export { hashKey, SHA256_BACKEND, sha256Hex, sha256HexPortable } from './hash.js';
export {
  assertValidPrefix,
  DEFAULT_PREFIX,
  DISPLAY_BODY_LENGTH,
  displayPrefix,
  generateKey,
  isValidPrefix,
  KEY_BODY_LENGTH,
  KEY_RANDOM_LENGTH,
  keyChecksum,
  type ParseKeyFailure,
  type ParseKeyResult,
  parseKey,
} from './key.js';
export {
  createBase62Random,
  type FillRandom,
  ID_RANDOM_LENGTH,
  type IdKind,
  type RandomBase62,
  randomBase62,
  randomId,
} from './random.js';
