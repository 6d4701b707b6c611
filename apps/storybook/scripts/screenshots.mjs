#!/usr/bin/env node
/**
 * Screenshots of every story, from the static build, in headless Chromium (playwright-core
 * driving the system's browser; nothing is downloaded). For looking at the components as a
 * person would; the PNGs go to test-results/screenshots/ (gitignored).
 *
 *   pnpm --filter @babysea/keys-storybook build
 *   node scripts/screenshots.mjs [storybook-static] [--only=substring]
 *
 * Each story must render and its play function pass in the real browser (Storybook shows its
 * error display otherwise), and axe-core must find no violation in the state the story ends
 * in, colour contrast included (jsdom cannot compute colours; a real browser can): the script
 * exits non-zero on any failure, so it doubles as the browser check of the stories in
 * `pnpm --filter @babysea/keys-storybook test`. `--no-axe` skips the accessibility pass.
 * CHROMIUM_PATH overrides /usr/bin/chromium. Without a Chromium it skips, except under CI.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const staticDir = resolve(args.find((a) => !a.startsWith('--')) ?? 'storybook-static');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const runAxe = !args.includes('--no-axe');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/**
 * axe rules about a whole page, off here: a story is a part of a page (the app around it
 * brings the `main` landmark and the level-one heading), and popups such as the row menu are
 * portalled to <body>, outside any landmark, by design.
 */
const PAGE_RULES = ['region', 'landmark-one-main', 'page-has-heading-one'];
const outDir = resolve('test-results/screenshots');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.log(`screenshots: no Chromium at ${executablePath}; skipped`);
  process.exit(process.env.CI ? 1 : 0);
}
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
// Chromium reuses keep-alive sockets across pages; Node's 5 s default closes them under its
// feet ("Error fetching /index.json"). Keep them open for the whole run.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const { port } = server.address();

const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8'));
const stories = Object.values(index.entries).filter(
  (e) => e.type === 'story' && (!only || e.id.includes(only)),
);

const browser = await chromium.launch({
  executablePath,
  // Playwright hides scrollbars in headless mode; show them, as a user's browser does (the
  // code snippets' scrollbar is part of the design).
  ignoreDefaultArgs: ['--hide-scrollbars'],
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
  // A failed play function still ends in phase `finished` (and even a `storyFinished` with
  // status success): listen on Storybook's channel for the exceptions themselves.
  await context.addInitScript(() => {
    const failures = [];
    globalThis.__bskStoryFailures = failures;
    const timer = setInterval(() => {
      const channel = globalThis.__STORYBOOK_ADDONS_CHANNEL__;
      if (!channel) return;
      clearInterval(timer);
      for (const event of ['playFunctionThrewException', 'storyThrewException', 'storyErrored']) {
        channel.on(event, (error) =>
          failures.push(`${event}: ${String(error?.message ?? error?.title ?? '').split('\n')[0]}`),
        );
      }
    }, 1);
  });
  /** Opens one story, waits for Storybook to finish it, screenshots it, collects failures. */
  async function shoot(story) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/iframe.html?id=${story.id}&viewMode=story`);
    // Wait until Storybook is done with the story (rendered, play function run, afterEach).
    const phase = await page
      .waitForFunction(
        () => {
          const p = globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase;
          return ['finished', 'aborted'].includes(p) && p;
        },
        undefined,
        { timeout: 30_000 },
      )
      .then((h) => h.jsonValue())
      .catch(() => 'timeout');
    const storyErrors = await page.evaluate(() => globalThis.__bskStoryFailures ?? []);
    const played = storyErrors.length > 0 || errors.length > 0;
    if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) {
      const message = await page.evaluate(
        () => document.getElementById('error-message')?.textContent,
      );
      storyErrors.push(
        `Storybook shows its error display: ${message?.trim().split('\n')[0] ?? ''}`,
      );
    }
    // Let the enter animations end (a dialog fading in has no final colours yet); infinite ones
    // (spinners) never do.
    await page.evaluate(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
          .map((a) => a.finished.catch(() => undefined)),
      ),
    );
    const file = join(outDir, `${story.id}.png`);
    await page.screenshot({ path: file });
    // axe looks at stories that ended well (not at Storybook's error display).
    const clean = phase === 'finished' && storyErrors.length === 0 && errors.length === 0;
    const violations = clean && runAxe ? await axeViolations(page) : [];
    await page.close();
    const failed =
      phase !== 'finished' || storyErrors.length > 0 || errors.length > 0 || violations.length > 0;
    // Failing to load (timeout, an error display without a play exception) is the harness's
    // problem, worth one more try; a play function that threw, or an axe violation, is the
    // story's and is final.
    return {
      phase,
      file,
      failed,
      retryable: failed && !played && violations.length === 0,
      detail: [...storyErrors, ...errors, ...violations],
    };
  }

  /**
   * axe-core (the copy in node_modules) on the story as it ended, every rule on, colour
   * contrast included, then colour contrast once more with the dark theme forced on <html>
   * (the same state, no second run of the play function). One line per violation and node,
   * with axe's reason (the ratio and the colours for contrast).
   */
  async function axeViolations(page) {
    await page.addScriptTag({ path: axePath });
    return page.evaluate(
      async ({ pageRules }) => {
        const lines = (results, theme) =>
          results.violations.flatMap((v) =>
            v.nodes.map((n) => {
              const why = [...n.any, ...n.all, ...n.none].map((c) => c.message).join('; ');
              return `axe ${v.id} (${v.impact}, ${theme}): ${n.target.join(' ')} — ${why || v.help}`;
            }),
          );
        const settle = () =>
          Promise.all(
            document
              .getAnimations()
              .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
              .map((a) => a.finished.catch(() => undefined)),
          );
        const root = document.documentElement;
        const theme = root.dataset.theme === 'dark' ? 'dark' : 'light';
        const rules = Object.fromEntries(pageRules.map((id) => [id, { enabled: false }]));
        const found = lines(
          await globalThis.axe.run(document, { resultTypes: ['violations'], rules }),
          theme,
        );
        if (theme === 'light') {
          root.dataset.theme = 'dark';
          await new Promise((resolve) => requestAnimationFrame(resolve));
          await settle(); // colour transitions (buttons) run to their dark end
          const dark = await globalThis.axe.run(document, {
            runOnly: ['color-contrast'],
            resultTypes: ['violations'],
          });
          delete root.dataset.theme;
          found.push(...lines(dark, 'dark'));
        }
        return found;
      },
      { pageRules: PAGE_RULES },
    );
  }

  for (const story of stories) {
    let result = await shoot(story);
    let note = '';
    if (result.retryable) {
      note = ` (retried after: ${result.detail.join('; ') || result.phase})`;
      result = await shoot(story);
    }
    if (result.failed) failures++;
    const detail = result.detail.join('\n     ');
    console.log(
      `${result.failed ? 'FAIL' : 'ok  '} ${story.id} (${result.phase}) → ${result.file}${note}${detail ? `\n     ${detail}` : ''}`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${stories.length - failures} passed, ${failures} failed`);
process.exitCode = failures ? 1 : 0;
