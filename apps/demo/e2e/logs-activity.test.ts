import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callApi, chooseRowAction, createKeyViaUi, keyRow } from './dashboard.js';
import { type E2EApp, openDashboard, slug, startE2E, type TestPage } from './harness.js';

describe('the Logs and Activity pages', () => {
  let app: E2EApp;
  let tab: TestPage;

  beforeAll(async () => {
    app = await startE2E();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async ({ task }) => {
    tab = await openDashboard(app, `pages-${slug(task.name)}`);
    await tab.page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
  });
  afterEach(async () => {
    await tab.close();
    expect(tab.errors).toEqual([]);
  });

  it('Logs lists the requests of the chosen key with status and error code', async () => {
    const secret = await createKeyViaUi(
      tab.page,
      { name: 'logs-demo', preset: 'Generate Only' },
      tab.shot,
    );
    await callApi(app.url, secret, 'POST', '/v1/generate/image/bfl/flux-schnell', {
      generation_prompt: 'A baby seal on a sunny beach',
    });
    await callApi(app.url, secret, 'GET', '/v1/status');
    await app.running.demo.keys.flush();

    await tab.page.getByRole('link', { name: 'Logs' }).click();
    await tab.page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    await tab.shot('logs-all-keys');
    const option = tab.page.getByRole('option', { name: /^logs-demo/ });
    await tab.page
      .getByLabel('API key')
      .selectOption({ label: (await option.textContent()) ?? '' });
    const rows = tab.page.getByRole('table', { name: 'Request logs' }).locator('tbody tr');
    await rows.nth(1).waitFor();
    const text = await rows.allInnerTexts();
    expect(text).toHaveLength(2);
    expect(text[0]).toMatch(/GET\s+\/v1\/status\s+403\s+BSE1003\s+babysea-keys-e2e\/1\.0/);
    expect(text[1]).toMatch(/POST\s+\/v1\/generate\/image\/bfl\/flux-schnell\s+200/);
    await tab.shot('logs');
  });

  it('Activity shows who created and who revoked a key', async () => {
    await createKeyViaUi(tab.page, { name: 'activity-demo', preset: 'Monitor Only' }, tab.shot);
    await chooseRowAction(tab.page, 'activity-demo', 'Revoke');
    await tab.page.getByRole('dialog', { name: 'Revoke API key' }).waitFor();
    await tab.shot('revoke-dialog');
    await tab.page.getByRole('button', { name: 'Revoke key' }).click();
    await keyRow(tab.page, 'activity-demo').getByText('Revoked', { exact: true }).waitFor();
    await tab.shot('revoked-row');

    await tab.page.getByRole('link', { name: 'Activity' }).click();
    const feed = tab.page.getByRole('list', { name: 'Activity feed' });
    await feed.getByText('api_key.revoked').waitFor();
    const items = await feed.getByRole('listitem').allInnerTexts();
    expect(items[0]).toMatch(
      /api_key\.revoked\s+Ada Lovelace \(primary-owner\) revoked activity-demo/,
    );
    expect(items[1]).toMatch(
      /api_key\.created\s+Ada Lovelace \(primary-owner\) created activity-demo/,
    );
    await tab.shot('activity');
  });

  it('a reload on /logs serves the dashboard (SPA fallback)', async () => {
    await tab.page.goto('/logs');
    await tab.page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    await tab.shot('reloaded-logs');
    expect(await tab.page.getByRole('link', { name: 'Logs' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });
});
