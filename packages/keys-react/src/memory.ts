export type {
  MemoryClientMethod,
  MemoryKeysClient,
  MemoryKeysClientOptions,
  MemorySeedKey,
} from './memory-client.js';
export { createMemoryKeysClient } from './memory-client.js';
