/**
 * `pnpm --filter @babysea/keys-demo screenshots`: the README's pictures of the dashboard,
 * taken in headless Chromium from a demo seeded with a plausible account (keys created over
 * the last days, a rotation, a revocation, some traffic). Writes docs/screenshots/*.png,
 * quantised with pngquant when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteStorage } from '@babysea/keys-sqlite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness.js';
import { startDemo } from '../server/listen.js';
import { DEMO_ACCOUNT_ID } from '../server/session.js';

const OUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const DAY = 86_400_000;
const HOUR = 3_600_000;

// The server's clock starts ten days back and is moved to the present while seeding.
let offset = -10 * DAY;
const clock = () => Date.now() + offset;

const dir = mkdtempSync(join(tmpdir(), 'demo-shots-'));
const running = await startDemo({
  storage: createSqliteStorage({ database: join(dir, 'keys.db') }),
  clock,
  // localhost:3000, as a user sees it (the usage snippets show this origin); PORT to change.
  host: 'localhost',
  port: Number(process.env.PORT ?? 3000),
});
const { keys } = running.demo;
const ada = { userId: 'usr_ada', role: 'primary-owner' as const };
const grace = { userId: 'usr_grace', role: 'owner' as const };
const account = { accountId: DEMO_ACCOUNT_ID };

async function call(secret: string, method: string, path: string, body?: unknown) {
  await fetch(`${running.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${secret}`,
      'User-Agent': path.includes('generate') ? 'babysea-node/1.4.0' : 'curl/8.5.0',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
}

const prod = await keys.create({
  ...account,
  actor: ada,
  name: 'prod-api-worker',
  preset: 'full-access',
});
offset += 2 * DAY;
const old = await keys.create({
  ...account,
  actor: ada,
  name: 'old-prototype',
  preset: 'full-access',
});
offset += DAY;
const monitor = await keys.create({
  ...account,
  actor: grace,
  name: 'staging-monitor',
  preset: 'monitor-only',
});
offset += 2 * DAY;
await keys.create({
  ...account,
  actor: grace,
  name: 'analytics-reader',
  preset: 'read-only',
  allowlist: '203.0.113.10, 198.51.100.5, 2001:db8::1',
});
offset += 3 * DAY;
await keys.revoke({ ...account, actor: ada, keyId: old.key.id });
await keys.rotate({ ...account, actor: grace, keyId: monitor.key.id, graceHours: 72 });
offset += DAY;
const dev = await keys.create({
  ...account,
  actor: ada,
  name: 'dev-frontend',
  preset: 'generate-only',
});
offset = -2 * HOUR;
const prompt = { generation_prompt: 'A baby seal on a sunny beach' };
await call(prod.secret, 'GET', '/v1/status');
await call(prod.secret, 'POST', '/v1/generate/image/bfl/flux-schnell', prompt);
await call(prod.secret, 'GET', '/v1/content/list?limit=10');
offset = -20 * 60_000;
await call(dev.secret, 'POST', '/v1/generate/image/bfl/flux-schnell', prompt);
await call(dev.secret, 'GET', '/v1/status');
await call(old.secret, 'GET', '/v1/status');
offset = -3 * 60_000;
await call(prod.secret, 'GET', '/v1/usage');
offset = 0;
await keys.flush();

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const context = await browser.newContext({
  baseURL: running.url,
  viewport: { width: 1280, height: 840 },
  colorScheme: 'light',
});
const page = await context.newPage();
const shot = (name: string) =>
  page.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled' });

await page.goto('/');
await page.getByRole('rowheader', { name: 'dev-frontend' }).waitFor();
await shot('api-keys');

await page.getByRole('button', { name: 'Create API key' }).click();
const add = page.getByRole('dialog', { name: 'Add API key' });
await add.getByLabel('Name', { exact: true }).fill('image-pipeline');
await add.getByRole('radio', { name: 'Generate Only' }).check();
await add.getByLabel('IP allowlist (optional)').fill('203.0.113.10, 198.51.100.5');
await shot('add-api-key');
await add.getByRole('button', { name: 'Add', exact: true }).click();
const view = page.getByRole('dialog', { name: 'View API key' });
await view.getByRole('button', { name: 'Show value' }).click();
await view.getByRole('button', { name: 'Hide value' }).waitFor();
await shot('view-api-key');
await view.getByRole('button', { name: 'Done' }).click();
await view.waitFor({ state: 'detached' });

await page.getByRole('link', { name: 'Logs' }).click();
await page.getByRole('table', { name: 'Request logs' }).locator('tbody tr').nth(5).waitFor();
await shot('logs');

await page.getByRole('link', { name: 'Activity' }).click();
await page.getByRole('list', { name: 'Activity feed' }).getByRole('listitem').nth(5).waitFor();
await shot('activity');

await page.getByRole('link', { name: 'API keys' }).click();
await page.getByLabel('Role').selectOption('member');
await page.getByRole('button', { name: 'Actions for dev-frontend' }).click();
await page.getByRole('menu').waitFor();
await shot('member');

await browser.close();
await running.close();
rmSync(dir, { recursive: true, force: true });

// Keep the README light: quantise to a palette when pngquant is installed (about 4× smaller).
const files = readdirSync(OUT)
  .filter((file) => file.endsWith('.png'))
  .map((file) => join(OUT, file));
const quantised = spawnSync('pngquant', ['--quality=70-90', '--force', '--ext', '.png', ...files]);
console.log(
  `Screenshots written to ${OUT}${quantised.status === 0 ? ' (quantised with pngquant)' : ''}`,
);
