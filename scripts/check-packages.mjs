/**
 * What npm users get, checked: builds every published package, packs it as `pnpm publish`
 * would, and checks each tarball with publint (strict) and @arethetypeswrong/cli (ESM-only
 * profile), then compares the API report of every entry point with the committed
 * `packages/<name>/api-report.d.ts`. Part of the root `pnpm test`.
 *
 *   node scripts/check-packages.mjs            check
 *   node scripts/check-packages.mjs --update   rewrite the API reports (after a deliberate change)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { apiReports } from './api-report.mjs';

const root = resolve(import.meta.dirname, '..');
const update = process.argv.includes('--update');
const started = performance.now();
const failures = [];

function run(command, args, cwd = root) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function step(label, action) {
  const at = performance.now();
  try {
    action();
    console.log(`[packages] ${label}: ok (${((performance.now() - at) / 1000).toFixed(1)} s)`);
  } catch (error) {
    const output = [error.stdout, error.stderr].filter(Boolean).join('\n') || String(error.message);
    console.error(`[packages] ${label}: FAILED\n${output}`);
    failures.push(label);
  }
}

/** `--exclude-entrypoints` for exports that are not code (a stylesheet has no types). */
function nonCodeEntries(dir) {
  const { exports = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const subpaths = Object.entries(exports)
    .filter(([, target]) => {
      const file = typeof target === 'string' ? target : target?.default;
      return typeof file === 'string' && !/\.(m?js|json)$/.test(file);
    })
    .map(([subpath]) => subpath.slice(2));
  return subpaths.length > 0 ? ['--exclude-entrypoints', ...subpaths] : [];
}

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .filter((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true);

// Builds made only for this check are removed afterwards: with a dist present, tools that
// resolve a package's `types` (Biome's type-aware lint) read it instead of the sources, and
// the next `pnpm test` would lint something else than a clean clone does.
const unbuilt = packages.filter((dir) => !existsSync(join(dir, 'dist')));

step('build', () => run('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=./packages/*']));

const packs = mkdtempSync(join(tmpdir(), 'keys-packs-'));
try {
  for (const dir of packages) {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    let tarball = '';
    step(`${name} pack`, () => {
      const before = new Set(readdirSync(packs));
      run('pnpm', ['pack', '--pack-destination', packs], dir);
      const made = readdirSync(packs).find((file) => !before.has(file));
      if (made === undefined) throw new Error('pnpm pack wrote no tarball');
      tarball = join(packs, made);
    });
    if (tarball === '') continue;
    step(`${name} publint`, () => run('pnpm', ['exec', 'publint', 'run', tarball, '--strict']));
    step(`${name} attw (esm-only)`, () =>
      run('pnpm', [
        'exec',
        'attw',
        tarball,
        '--profile',
        'esm-only',
        '--format',
        'ascii',
        ...nonCodeEntries(dir),
      ]),
    );
  }
  const reports = apiReports(packages);
  for (const dir of packages) {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    step(`${name} API report`, () => {
      const file = join(dir, 'api-report.d.ts');
      const report = reports.get(dir);
      if (update) {
        writeFileSync(file, report);
        return;
      }
      const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (committed !== report) {
        writeFileSync(join(packs, 'report.d.ts'), report);
        let diff = '';
        try {
          run('diff', ['-u', existsSync(file) ? file : '/dev/null', join(packs, 'report.d.ts')]);
        } catch (error) {
          diff = error.stdout;
        }
        throw new Error(
          `the public API changed; review the diff, then run \`node scripts/check-packages.mjs --update\` and commit ${file.slice(root.length + 1)}\n${diff}`,
        );
      }
    });
  }
} finally {
  rmSync(packs, { recursive: true, force: true });
  for (const dir of unbuilt) rmSync(join(dir, 'dist'), { recursive: true, force: true });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failures.length > 0) {
  console.error(
    `[packages] ${failures.length} check(s) failed in ${seconds} s: ${failures.join(', ')}`,
  );
  process.exit(1);
}
console.log(`[packages] ${packages.length} packages built, packed and checked in ${seconds} s`);
