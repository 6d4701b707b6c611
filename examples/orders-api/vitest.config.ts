import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@babysea/source'] },
  ssr: { resolve: { conditions: ['@babysea/source'] } },
  // Real sockets on a busy machine: no test may fail for being slow.
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
});
