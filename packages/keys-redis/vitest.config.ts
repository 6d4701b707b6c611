import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@babysea/source'] },
  ssr: { resolve: { conditions: ['@babysea/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
