// Typechecks every ```ts and ```tsx block of every README.md in the repository, so that the
// docs cannot drift from the code. Each block becomes its own module under
// dist/readme-snippets/ (names a block leaves undeclared, such as `keys` or `app`, are declared
// in src/readme-globals.d.ts), then `tsc` checks them all in strict mode.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(here, '..', '..');
const out = join(here, 'dist', 'readme-snippets');

function readmes(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...readmes(path));
    else if (name === 'README.md') found.push(path);
  }
  return found;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = [];
for (const readme of readmes(repo)) {
  const lines = readFileSync(readme, 'utf8').split('\n');
  let block = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (block === null) {
      const open = /^```(ts|tsx)\s*$/.exec(line);
      if (open) block = { ext: open[1], start: i + 1, lines: [] };
    } else if (line.startsWith('```')) {
      const name = `${relative(repo, readme).replaceAll('/', '__').replace(/\.md$/, '')}__L${block.start}.${block.ext}`;
      // `export {}` makes every block a module, so blocks never see each other's names.
      writeFileSync(join(out, name), `${block.lines.join('\n')}\nexport {};\n`);
      files.push(name);
      block = null;
    } else {
      block.lines.push(line);
    }
  }
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../../../tsconfig.base.json',
    compilerOptions: {
      noEmit: true,
      types: ['node'],
      noUnusedLocals: false,
      module: 'ESNext',
      target: 'ES2022',
    },
    files: ['../../src/readme-globals.d.ts', ...files],
  }),
);
const tsc = join(here, 'node_modules', '.bin', 'tsc');
const result = spawnSync(tsc, ['-p', join(out, 'tsconfig.json')], { encoding: 'utf8' });
const output = `${result.stdout}${result.stderr}`.trim();
if (result.status !== 0) {
  console.error(
    output
      .replaceAll('dist/readme-snippets/', '')
      .replace(
        /__L(\d+)\.tsx?\((\d+),/g,
        (_m, start, line) => `.md:${Number(start) + Number(line)} (`,
      ),
  );
  console.error(`\nREADME code blocks: ${files.length} checked, errors above (file.md:line)`);
  process.exit(1);
}
console.log(`README code blocks: ${files.length} typechecked`);
