import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// @babysea/keys-react's own test files, run against React 18.3 instead of the workspace's
// React 19. The test files and the component source live in packages/keys-react, so a bare
// `react` there would resolve to React 19 (and `@testing-library/react`, Radix, ... to copies
// whose `react` peer is React 19). Every package that brings React is therefore aliased to the
// copy installed here, which pnpm links against this package's react@18.3.1 / react-dom@18.3.1:
// those copies then `require('react')` the same React 18, whether Vite transforms them or Node
// loads them as externals. `src/one-react.ts` fails the run if any other React gets loaded.
const own = (name: string) => fileURLToPath(new URL(`./node_modules/${name}`, import.meta.url));

const reactPackages = [
  'react',
  'react-dom',
  '@radix-ui/react-dialog',
  '@radix-ui/react-dropdown-menu',
  '@testing-library/react',
  '@testing-library/dom',
  '@testing-library/user-event',
  '@testing-library/jest-dom',
];

const keysReact = '../../packages/keys-react';

export default defineConfig({
  plugins: [react()],
  // A string alias also covers subpaths: `react/jsx-runtime`, `react-dom/client`, ...
  resolve: {
    conditions: ['@babysea/source'],
    alias: reactPackages.map((name) => ({ find: name, replacement: own(name) })),
    dedupe: ['react', 'react-dom'],
  },
  test: {
    name: 'keys-react on React 18',
    environment: 'jsdom',
    include: [`${keysReact}/src/**/*.test.{ts,tsx}`, 'src/**/*.test.{ts,tsx}'],
    setupFiles: [`${keysReact}/src/test/setup.ts`, './src/one-react.ts'],
    restoreMocks: true,
    // A busy two-core CI machine runs every package's tests: no test may fail for being slow.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
