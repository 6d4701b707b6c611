import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeyViaUi, keyRow } from './dashboard.js';
import { type E2EApp, openDashboard, slug, startE2E, type TestPage } from './harness.js';

const REASON = 'Only owners can create, rotate, revoke or delete API keys.';

describe('the dashboard as a member', () => {
  let app: E2EApp;
  let tab: TestPage;

  beforeAll(async () => {
    app = await startE2E();
    // An owner creates the key the member will look at.
    const owner = await openDashboard(app, 'member-setup');
    await createKeyViaUi(owner.page, { name: 'analytics-reader', preset: 'Read Only' }, owner.shot);
    await owner.close();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async ({ task }) => {
    tab = await openDashboard(app, `member-${slug(task.name)}`);
    await keyRow(tab.page, 'analytics-reader').waitFor();
    await tab.page.getByLabel('Role').selectOption('member');
    await tab.page.getByText(REASON).first().waitFor();
    await tab.shot('member');
  });
  afterEach(async () => {
    await tab.close();
    expect(tab.errors).toEqual([]);
  });

  it('still sees the keys table', async () => {
    await expect(keyRow(tab.page, 'analytics-reader').count()).resolves.toBe(1);
  });

  it('cannot open Create API key', async () => {
    const create = tab.page.getByRole('button', { name: 'Create API key' });
    expect(await create.getAttribute('aria-disabled')).toBe('true');
    // A user can still click it: force past Playwright's own "is it enabled" wait.
    await create.click({ force: true });
    await tab.page.getByText(REASON).first().waitFor();
    await tab.shot('create-clicked');
    expect(await tab.page.getByRole('dialog').count()).toBe(0);
  });

  it('finds Rotate, Revoke and Delete disabled in the row menu, with the reason', async () => {
    await tab.page.getByRole('button', { name: 'Actions for analytics-reader' }).click();
    const items = tab.page.getByRole('menuitem');
    await items.first().waitFor();
    const disabled = await items.evaluateAll((nodes) =>
      nodes.map((node) => [node.textContent, node.getAttribute('aria-disabled')]),
    );
    expect(disabled).toEqual([
      ['Rotate', 'true'],
      ['Revoke', 'true'],
      ['Delete', 'true'],
    ]);
    await tab.page.getByRole('menu').getByText(REASON).waitFor();
    await tab.shot('menu');
  });

  it('stays a member after a reload (the role lives in a cookie)', async () => {
    await tab.page.reload();
    await tab.page.getByText(REASON).first().waitFor();
    await tab.shot('reloaded');
    expect(await tab.page.getByLabel('Role').inputValue()).toBe('member');
  });
});
