import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../server/session.js';
import { callApi, chooseRowAction, createKeyViaUi, keyRow, revealAndCopy } from './dashboard.js';
import { type E2EApp, openDashboard, slug, startE2E, type TestPage } from './harness.js';

const HOUR = 3_600_000;

describe('rotating, revoking and deleting keys in the dashboard', () => {
  let app: E2EApp;
  let tab: TestPage;

  beforeAll(async () => {
    app = await startE2E();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async ({ task }) => {
    tab = await openDashboard(app, `lifecycle-${slug(task.name)}`);
    await tab.page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
  });
  afterEach(async () => {
    await tab.close();
    expect(tab.errors).toEqual([]);
  });

  /** Rotates `name` through the dialog with the default grace; returns the new secret. */
  async function rotate(name: string): Promise<string> {
    await chooseRowAction(tab.page, name, 'Rotate');
    const dialog = tab.page.getByRole('dialog', { name: 'Rotate API key' });
    await dialog.getByLabel('Grace period').waitFor();
    await tab.shot('rotate-dialog');
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    const done = tab.page.getByRole('dialog', { name: 'Key rotated successfully' });
    await done.waitFor();
    const secret = await revealAndCopy(tab.page, done);
    await tab.shot('rotated-dialog');
    await done.getByRole('button', { name: 'Done' }).click();
    await done.waitFor({ state: 'detached' });
    return secret;
  }

  it('after a rotation both the old and the new key work', async () => {
    const old = await createKeyViaUi(
      tab.page,
      { name: 'staging-monitor', preset: 'Full Access' },
      tab.shot,
    );
    const replacement = await rotate('staging-monitor');
    expect(replacement).not.toBe(old);
    expect((await callApi(app.url, old, 'GET', '/v1/status')).status).toBe(200);
    expect((await callApi(app.url, replacement, 'GET', '/v1/status')).status).toBe(200);
    await keyRow(tab.page, 'staging-monitor')
      .getByText('Rotated', { exact: true })
      .first()
      .waitFor();
    await tab.shot('rotated-row');
  });

  it('once the grace period has passed the old key is refused with 401', async () => {
    const old = await createKeyViaUi(
      tab.page,
      { name: 'nightly-batch', preset: 'Full Access' },
      tab.shot,
    );
    const replacement = await rotate('nightly-batch');
    app.clock.advance(25 * HOUR);
    expect((await callApi(app.url, old, 'GET', '/v1/status')).json.error.code).toBe('BSE1002');
    expect((await callApi(app.url, replacement, 'GET', '/v1/status')).status).toBe(200);
  });

  it('a revoked key is refused on its next request with 401 BSE1002', async () => {
    const secret = await createKeyViaUi(
      tab.page,
      { name: 'leaked-key', preset: 'Full Access' },
      tab.shot,
    );
    expect((await callApi(app.url, secret, 'GET', '/v1/status')).status).toBe(200);
    await chooseRowAction(tab.page, 'leaked-key', 'Revoke');
    const dialog = tab.page.getByRole('dialog', { name: 'Revoke API key' });
    await tab.shot('revoke-dialog');
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await keyRow(tab.page, 'leaked-key').getByText('Revoked', { exact: true }).waitFor();
    await tab.shot('revoked-row');
    const { status, json } = await callApi(app.url, secret, 'GET', '/v1/status');
    expect([status, json.error.code]).toEqual([401, 'BSE1002']);
  });

  it('a deleted key leaves the table and its request logs are gone', async () => {
    const secret = await createKeyViaUi(
      tab.page,
      { name: 'old-prototype', preset: 'Full Access' },
      tab.shot,
    );
    const { json } = await callApi(app.url, secret, 'GET', '/v1/status');
    await app.running.demo.keys.flush();
    const keyId = json.data.apikey_id as string;
    expect(await app.storage.listUsageLogs(DEMO_ACCOUNT_ID, keyId)).toHaveLength(1);

    await chooseRowAction(tab.page, 'old-prototype', 'Delete');
    const dialog = tab.page.getByRole('dialog', { name: 'Delete API key' });
    await tab.shot('delete-dialog');
    await dialog.getByRole('button', { name: 'Delete key' }).click();
    await keyRow(tab.page, 'old-prototype').waitFor({ state: 'detached' });
    await tab.shot('deleted');
    expect(await app.storage.listUsageLogs(DEMO_ACCOUNT_ID, keyId)).toEqual([]);
    expect((await callApi(app.url, secret, 'GET', '/v1/status')).status).toBe(401);
  });
});
