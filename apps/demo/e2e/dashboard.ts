/**
 * What a user does on the dashboard, as reusable steps: create a key through `Add API key`,
 * reveal and copy it in `View API key`, and pick a row action. Everything is found by role and
 * accessible name, as a screen reader would, and waits on the page, never on a timer.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The exact format of a key (PRODUCT.md §2). */
export const KEY_FORMAT = /^bye_[A-Za-z0-9]{38}$/;

/** The presets of the Add dialog, by their exact labels. */
export type PresetLabel = 'Full Access' | 'Generate Only' | 'Read Only' | 'Monitor Only';

/**
 * Reveals the secret of an open view-once dialog (`View API key` or the rotation's success
 * step), copies it with the copy button and reads the clipboard back. Returns the secret after
 * checking that the clipboard and the screen agree.
 */
export async function revealAndCopy(page: Page, dialog: Locator): Promise<string> {
  await dialog.getByRole('button', { name: 'Show value' }).click();
  await dialog.getByRole('button', { name: 'Hide value' }).waitFor();
  const shown = (await dialog.locator('[data-slot="secret-value"]').textContent())?.trim() ?? '';
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await dialog.getByRole('button', { name: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  expect(copied).toMatch(KEY_FORMAT);
  return copied;
}

/**
 * Creates a key through `Create API key` → `Add API key` → `View API key` → `Done`, with a
 * screenshot of each step when given `shot`.
 */
export async function createKeyViaUi(
  page: Page,
  input: { name: string; preset: PresetLabel; allowlist?: string },
  shot?: (name: string) => Promise<void>,
): Promise<string> {
  await page.getByRole('button', { name: 'Create API key' }).click();
  const add = page.getByRole('dialog', { name: 'Add API key' });
  await add.getByLabel('Name', { exact: true }).fill(input.name);
  await add.getByRole('radio', { name: input.preset }).check();
  if (input.allowlist) await add.getByLabel('IP allowlist (optional)').fill(input.allowlist);
  await shot?.('add-dialog');
  await add.getByRole('button', { name: 'Add', exact: true }).click();

  const view = page.getByRole('dialog', { name: 'View API key' });
  await view.waitFor();
  const secret = await revealAndCopy(page, view);
  await shot?.('view-dialog');
  await view.getByRole('button', { name: 'Done' }).click();
  await view.waitFor({ state: 'detached' });
  await keyRow(page, input.name).first().waitFor();
  await shot?.('created');
  return secret;
}

/** The table rows whose `API name` cell is exactly `name`. */
export function keyRow(page: Page, name: string): Locator {
  return page
    .locator('[data-slot="row"]')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

/** Opens a row's action menu and picks `action` (the dialog opens once the menu has closed). */
export async function chooseRowAction(
  page: Page,
  keyName: string,
  action: 'Rotate' | 'Revoke' | 'Delete',
): Promise<void> {
  await page
    .getByRole('button', { name: `Actions for ${keyName}` })
    .first()
    .click();
  await page.getByRole('menuitem', { name: action }).click();
}

/** A JSON answer of the API under test, read loosely (the assertions say what must be there). */
// biome-ignore lint/suspicious/noExplicitAny: untyped JSON from the server under test
export type Json = Record<string, any>;

/** A request to the demo's stand-in API, as the seed page's cURL example sends it. */
export async function callApi(
  baseUrl: string,
  secret: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${secret}`,
      'User-Agent': 'babysea-keys-e2e/1.0',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json };
}
