import { KeysError } from '@babysea/keys-core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiKeysPage, type ApiKeysPageProps } from './api-keys-page.js';
import { createMemoryKeysClient, type MemoryKeysClientOptions } from './memory-client.js';
import { expectNoAxeViolations } from './test/axe.js';
import { findInReactState } from './test/react-state.js';

const NOW = Date.UTC(2026, 10, 27, 12);

function setup(options: MemoryKeysClientOptions = {}, props: Partial<ApiKeysPageProps> = {}) {
  const client = createMemoryKeysClient({ clock: () => NOW, ...options });
  const user = userEvent.setup();
  const { container } = render(
    <ApiKeysPage client={client} now={() => NOW} locale="en-US" {...props} />,
  );
  return { client, user, container };
}

const seed = [
  { name: 'prod-api-worker', createdAt: NOW - 5 * 86_400_000, lastUsedAt: NOW - 3 * 60_000 },
  { name: 'staging-monitor', createdAt: NOW - 2 * 86_400_000 },
];

describe('ApiKeysPage', () => {
  it('shows the title and the Create API key button', async () => {
    setup();
    expect(screen.getByRole('heading', { level: 1, name: 'API keys' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create API key' })).toBeEnabled();
  });

  it('shows a loading state until the keys arrive', async () => {
    setup({ seed });
    expect(screen.getByRole('status')).toHaveTextContent('Loading API keys…');
    expect(await screen.findByRole('row', { name: /^prod-api-worker/ })).toBeInTheDocument();
  });

  it('shows the empty state with an invitation to create a key', async () => {
    setup();
    expect(await screen.findByText('No data available')).toBeInTheDocument();
    expect(
      screen.getByText('Create your first API key to start calling the API.'),
    ).toBeInTheDocument();
  });

  it('shows a load error with Retry, which reloads', async () => {
    const { client, user } = setup({ seed });
    client.setFailure(new KeysError('STORAGE_UNAVAILABLE', 'The database is unreachable.'), [
      'list',
    ]);
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is unreachable.');
    client.setFailure(null);
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('row', { name: /^prod-api-worker/ })).toBeInTheDocument();
  });

  it('filters the rows by name', async () => {
    const { user } = setup({ seed });
    await screen.findByRole('row', { name: /^prod-api-worker/ });
    await user.type(screen.getByRole('searchbox', { name: 'Search...' }), 'STAGING');
    await waitFor(() =>
      expect(screen.queryByRole('row', { name: /^prod-api-worker/ })).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('row', { name: /^staging-monitor/ })).toBeInTheDocument();
  });

  it('filters the rows by prefix', async () => {
    const { client, user } = setup({ seed });
    const [key] = await client.list();
    await screen.findByRole('row', { name: /^prod-api-worker/ });
    await user.type(screen.getByRole('searchbox', { name: 'Search...' }), `${key!.prefix}...`);
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(screen.getByRole('row', { name: new RegExp(`^${key!.name}`) })).toBeInTheDocument();
  });

  it('says so when nothing matches the search', async () => {
    const { user } = setup({ seed });
    await screen.findByRole('row', { name: /^prod-api-worker/ });
    await user.type(screen.getByRole('searchbox', { name: 'Search...' }), 'zzz');
    expect(await screen.findByText('No API keys match “zzz”.')).toBeInTheDocument();
  });

  it('creates a key, shows it once, and forgets it after Done', async () => {
    const { client, user } = setup();
    await screen.findByText('No data available');
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'dev-frontend');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    const view = await screen.findByRole('dialog', { name: 'View API key' });
    await user.click(within(view).getByRole('button', { name: 'Show value' }));
    const secret = within(view).getByText(/^bye_[A-Za-z0-9]{38}$/).textContent!;
    await user.click(within(view).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(document.body.innerHTML).not.toContain(secret);
    expect(screen.getByRole('row', { name: /^dev-frontend/ })).toBeInTheDocument();
    expect((await client.list())[0]?.name).toBe('dev-frontend');
  });

  it("shows a new key's TypeScript example calling a route its scopes allow", async () => {
    const { user } = setup();
    await screen.findByText('No data available');
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'staging-monitor');
    await user.click(screen.getByRole('radio', { name: 'Monitor Only' }));
    await user.click(screen.getByRole('button', { name: 'Add' }));
    const view = await screen.findByRole('dialog', { name: 'View API key' });
    await user.click(within(view).getByRole('tab', { name: 'TypeScript' }));
    const code = within(view).getByRole('tabpanel').textContent ?? '';
    expect(code).toContain('await client.health.providers()');
    expect(code).not.toContain('client.generate(');
  });

  // "After Done the secret is gone from the DOM and from every React state": the DOM is
  // checked above; here the whole fiber tree (props, hook states and queues, effects).
  it('keeps the new secret in no React state after Done (create flow)', async () => {
    const { user, container } = setup();
    await screen.findByText('No data available');
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'dev-frontend');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    const view = await screen.findByRole('dialog', { name: 'View API key' });
    await user.click(within(view).getByRole('button', { name: 'Show value' }));
    const secret = within(view).getByText(/^bye_[A-Za-z0-9]{38}$/).textContent!;
    // The walk does see it while the dialog is open (else the check below proves nothing).
    expect(findInReactState(container, secret)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ApiKeysPage\.hooks\[\d+\]\.memoizedState$/)]),
    );
    await user.click(within(view).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(findInReactState(container, secret)).toEqual([]);
    // Nor a part of it (the snippets, a masked value).
    expect(findInReactState(container, secret.slice(9))).toEqual([]);
  });

  it('keeps the rotated secret in no React state after Done (rotate flow)', async () => {
    const { user, container } = setup({ seed: [seed[0]!] });
    await user.click(await screen.findByRole('button', { name: 'Actions for prod-api-worker' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Rotate' }));
    await user.click(await screen.findByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Key rotated successfully' });
    await user.click(within(dialog).getByRole('button', { name: 'Show value' }));
    const secret = within(dialog).getByText(/^bye_[A-Za-z0-9]{38}$/).textContent!;
    expect(findInReactState(container, secret)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ApiKeysTable\.hooks\[\d+\]\.memoizedState$/),
      ]),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(document.body.innerHTML).not.toContain(secret);
    expect(findInReactState(container, secret)).toEqual([]);
    expect(findInReactState(container, secret.slice(9))).toEqual([]);
  });

  it('gives focus back to Create API key when a dialog closes', async () => {
    const { user } = setup();
    await screen.findByText('No data available');
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Create API key' })).toHaveFocus(),
    );
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'k');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    await user.click(await screen.findByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Create API key' })).toHaveFocus(),
    );
  });

  it('shows the server refusal in the Add dialog', async () => {
    const { client, user } = setup();
    await screen.findByText('No data available');
    client.setFailure(new KeysError('STORAGE_UNAVAILABLE', 'Try again in a moment.'), ['create']);
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'x');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in a moment.');
    expect(screen.getByRole('dialog', { name: 'Add API key' })).toBeInTheDocument();
  });

  it('rotates a key from its row menu and shows both rows', async () => {
    const { user } = setup({ seed: [seed[0]!] });
    await user.click(await screen.findByRole('button', { name: 'Actions for prod-api-worker' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Rotate' }));
    await user.click(await screen.findByRole('button', { name: 'Rotate key' }));
    await screen.findByRole('dialog', { name: 'Key rotated successfully' });
    await user.click(screen.getByRole('button', { name: 'Done' }));
    const rows = screen.getAllByRole('row', { name: /^prod-api-worker/ });
    expect(rows.map((r) => within(r).getByText(/Active|Rotated/).textContent)).toEqual([
      'Active',
      'Rotated',
    ]);
  });

  it('shows a member every action disabled, with the reason', async () => {
    const { user } = setup({ seed, role: 'member' }, { role: 'member' });
    const create = screen.getByRole('button', { name: 'Create API key' });
    expect(create).toHaveAttribute('aria-disabled', 'true');
    expect(create).toHaveAccessibleDescription(
      'Only owners can create, rotate, revoke or delete API keys.',
    );
    await user.click(create);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('invites a member to wait for an owner when there are no keys', async () => {
    setup({ role: 'member' }, { role: 'member' });
    expect(
      await screen.findByText('Keys created by an owner of this account will appear here.'),
    ).toBeInTheDocument();
  });

  it('has no axe violations with keys listed', async () => {
    setup({ seed });
    await screen.findByRole('row', { name: /^prod-api-worker/ });
    await expectNoAxeViolations();
  });

  it('has no axe violations for a member', async () => {
    setup({ seed, role: 'member' }, { role: 'member' });
    await screen.findByRole('row', { name: /^prod-api-worker/ });
    await expectNoAxeViolations();
  });

  it('takes labels and a className', async () => {
    setup({}, { labels: { pageTitle: 'Clés', createKey: 'Créer' }, className: 'mine' });
    expect(screen.getByRole('region', { name: 'Clés' })).toHaveClass('mine');
    expect(screen.getByRole('button', { name: 'Créer' })).toBeInTheDocument();
    await screen.findByText('No data available');
  });
});
