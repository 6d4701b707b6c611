import { describeStorageAdapter } from '../testing.js';
import { createMemoryStorage } from './memory-adapter.js';

describeStorageAdapter('memory', () => ({ storage: createMemoryStorage() }));
