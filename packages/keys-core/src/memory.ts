/**
 * `@babysea/keys-core/memory`: the in-memory storage adapter, for tests, demos and single
 * processes that may lose their keys on restart.
 */
export {
  createMemoryStorage,
  type KeyChangeListener,
  type MemoryStorage,
  type MemoryStorageOptions,
} from './storage/memory-adapter.js';
export { DEFAULT_MEMORY_LOG_WINDOW } from './storage/memory-usage.js';
