/**
 * `pnpm bench`: every benchmark of the kit in one run, so that ratios compare numbers taken on
 * the same machine at the same moment. Sections are plain modules with a `run()`; pass section
 * names to run only some (`pnpm bench primitives verify`).
 */

export {};

interface Section {
  name: string;
  load: () => Promise<{ run: () => Promise<void> }>;
}

const SECTIONS: Section[] = [
  { name: 'primitives', load: () => import('./primitives.js') },
  { name: 'storage', load: () => import('./storage.js') },
  { name: 'key-pages', load: () => import('./key-pages.js') },
  { name: 'demo-load', load: () => import('./demo-load.js') },
  { name: 'react-size', load: () => import('./react-size.js') },
  // Last: once better-auth's endpoints have run, its request context turns on promise hooks
  // for the whole process, which slows every later measurement.
  { name: 'verify', load: () => import('./verify.js') },
];

const wanted = process.argv.slice(2);
const chosen = wanted.length === 0 ? SECTIONS : SECTIONS.filter((s) => wanted.includes(s.name));

console.log(`# BabySea Keys benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
for (const section of chosen) {
  const mod = await section.load();
  await mod.run();
}
