import { copyFileSync, mkdirSync } from 'node:fs';
import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', memory: 'src/memory.ts' },
  format: 'esm',
  dts: true,
  platform: 'browser',
  target: 'es2022',
  deps: {
    neverBundle: [/^react($|\/)/, /^react-dom($|\/)/, /^@radix-ui\//, /^@babysea\/keys-core($|\/)/],
  },
  onSuccess() {
    // One plain CSS file, shipped as is (`@babysea/keys-react/styles.css`).
    mkdirSync('dist', { recursive: true });
    copyFileSync('src/styles.css', 'dist/styles.css');
  },
});
