#!/usr/bin/env node
/**
 * Screenshots of every story, from the static build, in headless Chromium (playwright-core
 * driving the system's browser; nothing is downloaded). For looking at the components as a
 * person would; the PNGs go to test-results/screenshots/ (gitignored).
 *
 *   pnpm --filter @babysea/keys-storybook build
 *   node scripts/screenshots.mjs [storybook-static] [--only=substring]
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const staticDir = resolve(args.find((a) => !a.startsWith('--')) ?? 'storybook-static');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const outDir = resolve('test-results/screenshots');
mkdirSync(outDir, { recursive: true });

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let file = join(staticDir, path);
  if (!file.startsWith(staticDir)) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const { port } = server.address();

const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter(
  (e) => e.type === 'story' && (!only || e.id.includes(only)),
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let failures = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 } });
  for (const story of stories) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/iframe.html?id=${story.id}&viewMode=story`);
    // Wait until Storybook says the story rendered and its play function finished.
    const phase = await page
      .waitForFunction(
        () => {
          const p = globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase;
          return ['completed', 'finished', 'errored', 'aborted', 'played'].includes(p) && p;
        },
        undefined,
        { timeout: 20_000 },
      )
      .then((h) => h.jsonValue())
      .catch(() => 'timeout');
    const file = join(outDir, `${story.id}.png`);
    await page.screenshot({ path: file });
    const failed = phase !== 'completed' && phase !== 'finished' && phase !== 'played';
    if (failed || errors.length) failures++;
    console.log(
      `${failed ? 'FAIL' : 'ok  '} ${story.id} (${phase}) → ${file}${errors.length ? `\n     ${errors.join('\n     ')}` : ''}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${stories.length - failures} passed, ${failures} failed`);
process.exitCode = failures ? 1 : 0;
