import { defineConfig } from 'vitest/config';

/**
 * Server tests (server/**) and the Chromium end-to-end suite (e2e/**). The `test` script builds
 * the client first, so the SPA tests serve the real bundle. Files run one at a time: each e2e
 * file drives a real browser, and two cores are better spent on one at a time.
 */
export default defineConfig({
  resolve: { conditions: ['@babysea/source'] },
  ssr: { resolve: { conditions: ['@babysea/source'] } },
  test: {
    include: ['server/**/*.test.ts', 'e2e/**/*.test.ts'],
    restoreMocks: true,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
