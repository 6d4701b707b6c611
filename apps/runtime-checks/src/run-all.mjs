// Builds the checks once per target and runs them under Bun, Deno, workerd (Miniflare) and
// Chromium, each installed from npm (Chromium: Debian's). Prints each runtime's result and
// time; exits 1 when any runtime fails or cannot start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const bin = (name) => join(root, 'node_modules', '.bin', name);
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  conditions: ['@babysea/source'],
  logLevel: 'warning',
  target: 'es2022',
};
await build({
  ...common,
  entryPoints: [join(root, 'src/cli-entry.ts')],
  outfile: join(out, 'cli.mjs'),
  format: 'esm',
  platform: 'neutral',
});
await build({
  ...common,
  entryPoints: [join(root, 'src/worker-entry.ts')],
  outfile: join(out, 'worker.mjs'),
  format: 'esm',
  platform: 'neutral',
});
await build({
  ...common,
  entryPoints: [join(root, 'src/browser-entry.ts')],
  outfile: join(out, 'browser.js'),
  format: 'iife',
  platform: 'browser',
  write: true,
});

function parse(text) {
  const line = text.trim().split('\n').at(-1);
  return JSON.parse(line);
}

function runCli(command, args) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  });
  if (result.status !== 0)
    throw new Error(`${command} exited ${result.status}: ${result.stderr || result.error}`);
  return parse(result.stdout);
}

const runtimes = {
  bun: async () => runCli(bin('bun'), [join(out, 'cli.mjs')]),
  deno: async () =>
    runCli(bin('deno'), ['run', '--no-prompt', '--no-config', join(out, 'cli.mjs')]),
  workerd: async () => {
    const { Miniflare } = await import('miniflare');
    const mf = new Miniflare({
      modules: true,
      scriptPath: join(out, 'worker.mjs'),
      compatibilityDate: '2025-01-01',
    });
    try {
      const response = await mf.dispatchFetch('http://localhost/');
      return await response.json();
    } finally {
      await mf.dispose();
    }
  },
  chromium: async () => {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(executablePath)) {
      throw new Error(
        `no Chromium at ${executablePath}: run \`apt-get install -y chromium\` (Debian) or set CHROMIUM_PATH`,
      );
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ path: join(out, 'browser.js') });
      return await page.evaluate(() => globalThis.__checks);
    } finally {
      await browser.close();
    }
  },
};

const only = process.argv.slice(2);
let failed = false;
const summary = [];
for (const [name, run] of Object.entries(runtimes)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const started = performance.now();
  let results;
  try {
    results = await run();
  } catch (error) {
    results = [{ name: 'start', ok: false, error: String(error?.message ?? error) }];
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const bad = results.filter((result) => !result.ok);
  failed ||= bad.length > 0 || results.length === 0;
  summary.push(
    `${name}: ${results.length - bad.length}/${results.length} checks passed in ${seconds} s`,
  );
  for (const result of bad) console.error(`  ✗ ${name}: ${result.name}\n    ${result.error}`);
}
console.log(summary.join('\n'));
process.exit(failed ? 1 : 0);
