import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { version } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { afterAll, expect } from 'vitest';

// Runs after keys-react's own setup file, in every test file of this run.
expect(version, 'React under test').toMatch(/^18\.3\./);
expect(reactDomVersion, 'ReactDOM under test').toBe(version);

const require = createRequire(import.meta.url);

afterAll(() => {
  // Once the file's tests have rendered: Node has loaded exactly one `react` and one
  // `react-dom` (whether Radix, Testing Library or the components asked for them), both this
  // React 18. A React 19 reached through packages/keys-react's own dependencies would show here.
  const copies = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    const match = /^(.*\/node_modules\/react(?:-dom)?)\/(?:index|client|cjs\/.*)\.js$/.exec(file);
    if (match?.[1]) copies.add(match[1]);
  }
  const loaded = [...copies].map(
    (dir) => `${basename(dir)}@${require(`${dir}/package.json`).version} (${dir})`,
  );
  expect(loaded.map((copy) => copy.split(' ')[0]).sort(), loaded.join('\n')).toEqual([
    `react-dom@${version}`,
    `react@${version}`,
  ]);
});
