import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: 'esm',
  dts: true,
  platform: 'node',
  // Plain .js/.d.ts, as the exports map of package.json names them (node's default is .mjs).
  fixedExtension: false,
  target: 'es2022',
});
