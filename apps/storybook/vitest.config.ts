import react from '@vitejs/plugin-react';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// The stories, run as tests through portable stories (`composeStories`) in jsdom: every
// story renders and its play function passes, without a browser.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@babysea/source', ...defaultClientConditions] },
  test: {
    environment: 'jsdom',
    include: ['stories/**/*.test.{ts,tsx}'],
    setupFiles: ['./vitest.setup.ts'],
    restoreMocks: true,
    // A busy two-core CI machine runs every package's tests: no test may fail for being slow.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    css: true,
  },
});
