import { describeStorageAdapter } from '@babysea/keys-core/testing';
import { describe } from 'vitest';
import { createTestStore, testDatabaseUrl } from './test-database.js';

const url = await testDatabaseUrl();

describe.skipIf(url === null)('postgres', () => {
  // A fresh schema per test; `second()` opens another pool on it, so that the races and the
  // change feed cross a real connection boundary (as two app servers would).
  describeStorageAdapter(
    'postgres (two pools)',
    async () => {
      const store = createTestStore(url!);
      const storage = await store.open();
      return { storage, second: () => store.open(), cleanup: () => store.cleanup() };
    },
    // Half the default model sequences: every operation is a network round trip here.
    { model: { runs: 50 } },
  );
});
