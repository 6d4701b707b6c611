/**
 * `@babysea/keys-core/memory`: the in-memory storage adapter, for tests, demos and single
 * processes that may lose their keys on restart.
 */
export {
  createMemoryStorage,
  type KeyChangeListener,
  type MemoryStorage,
} from './storage/memory-adapter.js';
