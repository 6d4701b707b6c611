#!/usr/bin/env node
/**
 * Bundle size of @babysea/keys-react as an app would ship it: esbuild bundles the root entry
 * (from src/, through the `@babysea/source` condition, so no build is needed), minified, with
 * react, react-dom, react/jsx-runtime and @radix-ui/* left external (the app has them anyway).
 * The parts of @babysea/keys-core that the kit uses (validators, errors) are bundled and count.
 * Prints min and min+gzip in kB (1 kB = 1000 bytes); target: at most 15 kB min+gz.
 *
 *   node scripts/size.mjs          # or: pnpm --filter @babysea/keys-react size
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The budget, in bytes of min+gzip. */
export const BUDGET_GZIP_BYTES = 15_000;

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bundles one entry and measures it.
 * @param {string} entry path relative to the package root
 * @param {{ coreExternal?: boolean }} [options] leave @babysea/keys-core out (for the breakdown)
 * @returns {Promise<{ entry: string; minBytes: number; gzipBytes: number }>}
 */
export async function measureEntry(entry, options = {}) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    conditions: ['@babysea/source'],
    external: [
      'react',
      'react-dom',
      'react/jsx-runtime',
      'react-dom/*',
      '@radix-ui/*',
      ...(options.coreExternal ? ['@babysea/keys-core'] : []),
    ],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { entry, minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

/**
 * The root entry (what `import … from '@babysea/keys-react'` costs), and the same without the
 * keys-core parts, to show how the total splits between the kit and the engine's validators.
 */
export async function measureReactSize() {
  const total = await measureEntry('src/index.ts');
  const kitOnly = await measureEntry('src/index.ts', { coreExternal: true });
  return { ...total, kitOnly };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const size = await measureReactSize();
  console.log(`@babysea/keys-react (${size.entry}, react and @radix-ui/* external)`);
  console.log(`  min:      ${kB(size.minBytes)}`);
  console.log(`  min+gz:   ${kB(size.gzipBytes)}  (budget ${kB(BUDGET_GZIP_BYTES)})`);
  console.log(
    `  of which the kit alone (keys-core external): ${kB(size.kitOnly.minBytes)} min, ${kB(size.kitOnly.gzipBytes)} min+gz`,
  );
  if (size.gzipBytes > BUDGET_GZIP_BYTES) {
    console.error(`  over budget by ${kB(size.gzipBytes - BUDGET_GZIP_BYTES)}`);
    process.exitCode = 1;
  }
}
