/**
 * The end-to-end harness: the demo started in-process on a free port of 127.0.0.1 with a
 * temporary SQLite file and a movable clock, Debian's Chromium driven by playwright-core, and
 * per-test pages that collect console errors and save screenshots under test-results/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorageAdapter } from '@babysea/keys-core';
import { createSqliteStorage } from '@babysea/keys-sqlite';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { DemoLimits } from '../server/demo-limits.js';
import { type RunningDemo, startDemo } from '../server/listen.js';

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet headless Chromium in a container. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots go (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

/** A clock that runs with real time and can be moved forward. */
export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** Real time plus an offset that `advance` grows. */
export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** One demo and one browser, shared by the tests of a file. */
export interface E2EApp {
  url: string;
  running: RunningDemo;
  clock: TestClock;
  /** The demo's storage, to check what was written (e.g. logs gone after a delete). */
  storage: StorageAdapter;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the demo (temp SQLite, test clock) and Chromium; `limits` as `pnpm start` passes them. */
export async function startE2E(options: { limits?: DemoLimits } = {}): Promise<E2EApp> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-e2e-'));
  const clock = createTestClock();
  const storage = createSqliteStorage({ database: join(dir, 'keys.db') });
  const running = await startDemo({
    storage,
    clock: clock.now,
    host: '127.0.0.1',
    port: 0,
    limits: options.limits ?? null,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    url: running.url,
    running,
    clock,
    storage,
    browser,
    async close() {
      await browser.close();
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `test-results/` file-name prefix from a test's name. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** A fresh browser context and page on the dashboard. */
export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  /**
   * Saves `test-results/<prefix>-<nn>-<name>.png`, numbered in the order taken, so that the
   * files of one test read as its steps.
   */
  shot(name: string): Promise<void>;
  /** Saves a last screenshot (`<prefix>-<nn>-end.png`) and closes the context. */
  close(): Promise<void>;
}

/** How to open the dashboard. */
export interface DashboardOptions {
  /** @default '/' */
  path?: string;
  /** `prefers-color-scheme` of the page. @default 'light' */
  colorScheme?: 'light' | 'dark';
  /** Viewport width in CSS pixels. @default 1280 */
  width?: number;
}

/** Opens the dashboard in a new context with clipboard access, collecting console errors. */
export async function openDashboard(
  app: E2EApp,
  prefix: string,
  options: DashboardOptions = {},
): Promise<TestPage> {
  const { path = '/', colorScheme = 'light', width = 1280 } = options;
  const context = await app.browser.newContext({
    baseURL: app.url,
    viewport: { width, height: 860 },
    colorScheme,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(path);
  mkdirSync(RESULTS_DIR, { recursive: true });
  let step = 0;
  const shot = async (name: string) => {
    step += 1;
    await page.screenshot({
      path: join(RESULTS_DIR, `${prefix}-${String(step).padStart(2, '0')}-${name}.png`),
      animations: 'disabled',
    });
  };
  return {
    context,
    page,
    errors,
    shot,
    close: async () => {
      await shot('end');
      await context.close();
    },
  };
}
