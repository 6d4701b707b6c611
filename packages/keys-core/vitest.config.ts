import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@babysea/source'] },
  ssr: { resolve: { conditions: ['@babysea/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    // A busy two-core CI machine runs every package's tests: no test may fail for being slow.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
