/**
 * The dashboard pages through axe-core in Chromium, colour contrast included, light and dark,
 * wide and narrow; and the narrow layout never scrolls sideways. The account is seeded with a
 * key in every status, requests that succeeded and were refused, and every kind of event, so
 * that every badge is on screen.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../server/session.js';
import { axeViolations } from './axe.js';
import { callApi } from './dashboard.js';
import { type E2EApp, openDashboard, startE2E, type TestPage } from './harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ada = {
  accountId: DEMO_ACCOUNT_ID,
  actor: { userId: 'usr_ada', role: 'primary-owner' },
} as const;
const grace = {
  accountId: DEMO_ACCOUNT_ID,
  actor: { userId: 'usr_grace', role: 'owner' },
} as const;

/** The three pages, each with what shows that its data has loaded. */
const PAGES: { name: string; link: string; ready: (page: Page) => Promise<void> }[] = [
  {
    name: 'API keys',
    link: 'API keys',
    ready: (page) => page.getByRole('rowheader', { name: 'expiring-reader' }).waitFor(),
  },
  {
    name: 'Logs',
    link: 'Logs',
    ready: (page) =>
      page.getByRole('table', { name: 'Request logs' }).locator('tbody tr').nth(3).waitFor(),
  },
  {
    name: 'Activity',
    link: 'Activity',
    ready: (page) =>
      page.getByRole('list', { name: 'Activity feed' }).getByRole('listitem').nth(7).waitFor(),
  },
];

async function seed(app: E2EApp): Promise<void> {
  const keys = app.running.demo.keys;
  // A minute between changes, so that the feed reads in the order they were made.
  const later = () => app.clock.advance(MINUTE);
  const prod = await keys.create({ ...ada, name: 'prod-api-worker', preset: 'full-access' });
  later();
  const dev = await keys.create({ ...grace, name: 'dev-frontend', preset: 'generate-only' });
  later();
  const monitor = await keys.create({ ...grace, name: 'staging-monitor', preset: 'monitor-only' });
  later();
  await keys.rotate({ ...grace, keyId: monitor.key.id, graceHours: 72 });
  later();
  const old = await keys.create({ ...ada, name: 'old-prototype', preset: 'full-access' });
  later();
  await keys.revoke({ ...ada, keyId: old.key.id });
  later();
  const scratch = await keys.create({ ...ada, name: 'scratch', preset: 'read-only' });
  later();
  await keys.delete({ ...ada, keyId: scratch.key.id });
  later();
  await keys.create({
    ...ada,
    name: 'expiring-reader',
    preset: 'read-only',
    expiresAt: app.clock.now() + HOUR,
  });

  const prompt = { generation_prompt: 'A baby seal on a sunny beach' };
  await callApi(app.url, prod.secret, 'GET', '/v1/status'); // 200
  await callApi(app.url, prod.secret, 'POST', '/v1/generate/image/bfl/flux-schnell', prompt);
  await callApi(app.url, prod.secret, 'GET', '/v1/content/list?limit=10');
  await callApi(app.url, dev.secret, 'GET', '/v1/status'); // 403 BSE1003
  await keys.flush();
  app.clock.advance(2 * HOUR); // expiring-reader is now Expired
}

describe('the dashboard in axe-core (Chromium)', () => {
  let app: E2EApp;
  let tab: TestPage | undefined;

  beforeAll(async () => {
    app = await startE2E();
    await seed(app);
  });
  afterAll(async () => {
    await app?.close();
  });
  afterEach(async () => {
    if (!tab) return;
    await tab.close();
    expect(tab.errors).toEqual([]);
    tab = undefined;
  });

  describe.each([
    { colorScheme: 'light', width: 1280 },
    { colorScheme: 'dark', width: 1280 },
    { colorScheme: 'light', width: 420 },
    { colorScheme: 'dark', width: 420 },
  ] as const)('$colorScheme, $width px wide', ({ colorScheme, width }) => {
    it('API keys, Logs and Activity have no axe violations and no sideways scroll', async () => {
      tab = await openDashboard(app, `a11y-${colorScheme}-${width}`, { colorScheme, width });
      const { page } = tab;
      // The context's colour scheme, asserted: the dark run must really be dark.
      await page.emulateMedia({ colorScheme });
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(
        colorScheme === 'dark',
      );

      const violations: Record<string, string[]> = {};
      const overflow: Record<string, number> = {};
      for (const target of PAGES) {
        await page.getByRole('link', { name: target.link }).click();
        await page.getByRole('heading', { name: target.name, level: 1 }).waitFor();
        await target.ready(page);
        await tab.shot(target.name.toLowerCase().replace(/\s+/g, '-'));
        violations[target.name] = await axeViolations(page);
        overflow[target.name] = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
      }
      expect(violations).toEqual({ 'API keys': [], Logs: [], Activity: [] });
      // scrollWidth <= innerWidth: nothing sticks out to the right.
      for (const [name, extra] of Object.entries(overflow)) {
        expect(extra, `${name} overflows by ${extra} px`).toBeLessThanOrEqual(0);
      }
    });
  });
});
