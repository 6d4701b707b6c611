import type { ApiKey } from '@babysea/keys-core';
import { KeysError } from '@babysea/keys-core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiKeysTable, type ApiKeysTableProps } from './api-keys-table.js';
import { expectNoAxeViolations } from './test/axe.js';
import { apiKey, NOW, TEST_SECRET } from './test/fixtures.js';
import { injectStyles } from './test/styles.js';

function setup(props: Partial<ApiKeysTableProps> = {}) {
  const user = userEvent.setup();
  const handlers = {
    onRotate: vi.fn(async (_key: ApiKey, _hours: number) => ({ secret: TEST_SECRET })),
    onRevoke: vi.fn(async () => {}),
    onDelete: vi.fn(async () => {}),
  };
  render(
    <main>
      <ApiKeysTable keys={[apiKey()]} now={NOW} locale="en-US" {...handlers} {...props} />
    </main>,
  );
  return { user, ...handlers };
}

const row = (name: string) => screen.getByRole('row', { name: new RegExp(`^${name}`) });

async function openMenu(user: ReturnType<typeof userEvent.setup>, name = 'prod-api-worker') {
  await user.click(screen.getByRole('button', { name: `Actions for ${name}` }));
  return screen.findByRole('menu');
}

describe('ApiKeysTable', () => {
  it('has the columns of the spec', () => {
    setup();
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual([
      'API name',
      'Prefix',
      'Last used',
      'Created',
      'Status',
      'IP allowlist',
      'Actions',
    ]);
  });

  it('shows the display prefix followed by an ellipsis', () => {
    setup();
    expect(within(row('prod-api-worker')).getByText('bye_a1B2c...')).toBeInTheDocument();
  });

  it('wraps a long name instead of cutting it off with an ellipsis', () => {
    const name = `prod-api-worker-${'x'.repeat(84)}`;
    const removeStyles = injectStyles();
    try {
      setup({ keys: [apiKey({ name })] });
      const cell = screen.getByRole('rowheader', { name });
      const style = getComputedStyle(cell);
      expect(style.whiteSpace).toBe('normal');
      expect(style.overflowWrap).toBe('anywhere');
      expect(style.textOverflow).not.toBe('ellipsis');
      expect(style.overflow).not.toBe('hidden');
    } finally {
      removeStyles();
    }
  });

  it('shows Never for a key never used', () => {
    setup();
    expect(within(row('prod-api-worker')).getByText('Never')).toBeInTheDocument();
  });

  it('shows the last use relative to now, with the exact time on hover', () => {
    setup({ keys: [apiKey({ lastUsedAt: NOW - 3 * 60_000 })] });
    const time = within(row('prod-api-worker')).getByText('3 minutes ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', new Date(NOW - 3 * 60_000).toISOString());
    expect(time.getAttribute('title')).toMatch(/2026/);
  });

  it('shows a status badge per status', () => {
    setup({
      keys: [
        apiKey({ id: 'k1', name: 'a', status: 'Active' }),
        apiKey({ id: 'k2', name: 'b', status: 'Rotated' }),
        apiKey({ id: 'k3', name: 'c', status: 'Expired' }),
        apiKey({ id: 'k4', name: 'd', status: 'Revoked' }),
      ],
    });
    for (const [name, status] of [
      ['a', 'active'],
      ['b', 'rotated'],
      ['c', 'expired'],
      ['d', 'revoked'],
    ]) {
      const badge = within(row(name!)).getByText(status!.replace(/^./, (c) => c.toUpperCase()));
      expect(badge).toHaveAttribute('data-status', status);
    }
  });

  it('shows a dash for an empty allowlist', () => {
    setup();
    expect(within(row('prod-api-worker')).getByText('—')).toBeInTheDocument();
  });

  it('shows the first allowlist entry and a +N button that reveals them all', async () => {
    const { user } = setup({
      keys: [apiKey({ allowlist: ['203.0.113.10', '198.51.100.5', '2001:db8::1'] })],
    });
    const cells = within(row('prod-api-worker'));
    expect(cells.getByText('203.0.113.10')).toBeInTheDocument();
    expect(cells.queryByText('198.51.100.5')).not.toBeInTheDocument();
    const more = cells.getByRole('button', { name: /\+2/ });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await user.click(more);
    expect(cells.getByText('198.51.100.5')).toBeInTheDocument();
    expect(cells.getByText('2001:db8::1')).toBeInTheDocument();
  });

  it('shows the empty state in place of the rows', () => {
    setup({ keys: [] });
    expect(screen.getByText('No data available')).toBeInTheDocument();
  });

  it('offers Rotate, Revoke and Delete in the row menu of an active key', async () => {
    const { user } = setup();
    const menu = await openMenu(user);
    const items = within(menu)
      .getAllByRole('menuitem')
      .map((i) => i.textContent);
    expect(items).toEqual(['Rotate', 'Revoke', 'Delete']);
  });

  // A modal menu hid the page with aria-hidden while its buttons stayed focusable
  // (aria-hidden-focus). `region` is off here: the menu is portalled to <body>, outside the
  // page's landmarks, as every popup is; it takes focus when it opens.
  it('has no axe violations with the row menu open (the page is not hidden behind it)', async () => {
    const { user } = setup({ role: 'member' });
    await openMenu(user);
    expect(screen.getByRole('table').closest('[aria-hidden]')).toBeNull();
    await expectNoAxeViolations(document.body, { disable: ['region'] });
  });

  it('shows the Rotated marker instead of Rotate for a rotated key', async () => {
    const { user } = setup({ keys: [apiKey({ status: 'Rotated' })] });
    const menu = await openMenu(user);
    expect(within(menu).getByRole('menuitem', { name: 'Rotated' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(within(menu).queryByRole('menuitem', { name: 'Rotate' })).not.toBeInTheDocument();
  });

  it('disables every action for a member, with the reason', async () => {
    const { user } = setup({ role: 'member' });
    const menu = await openMenu(user);
    for (const item of within(menu).getAllByRole('menuitem')) {
      expect(item).toHaveAttribute('aria-disabled', 'true');
      expect(item).toHaveAccessibleDescription(
        'Only owners can create, rotate, revoke or delete API keys.',
      );
    }
  });

  it('revokes after a confirmation that states the consequence', async () => {
    const { user, onRevoke } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Revoke' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke API key' });
    expect(dialog).toHaveAccessibleDescription(/immediately.*final/);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect(onRevoke).toHaveBeenCalledWith(apiKey());
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('has no axe violations in the revoke confirmation', async () => {
    const { user } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Revoke' }));
    await screen.findByRole('dialog', { name: 'Revoke API key' });
    await expectNoAxeViolations();
  });

  it('deletes after a confirmation that says the logs go too', async () => {
    const { user, onDelete } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete API key' });
    expect(dialog).toHaveAccessibleDescription(/all its request logs/);
    await user.click(within(dialog).getByRole('button', { name: 'Delete key' }));
    expect(onDelete).toHaveBeenCalledWith(apiKey());
  });

  it('has no axe violations in the delete confirmation', async () => {
    const { user } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Delete' }));
    await screen.findByRole('dialog', { name: 'Delete API key' });
    await expectNoAxeViolations();
  });

  it('keeps the dialog open and shows the error when the action fails', async () => {
    const { user } = setup({
      onRevoke: vi.fn(async () => {
        throw new KeysError('CONFLICT', 'This key is already revoked.');
      }),
    });
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Revoke' }));
    await user.click(await screen.findByRole('button', { name: 'Revoke key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This key is already revoked.');
    expect(screen.getByRole('dialog', { name: 'Revoke API key' })).toBeInTheDocument();
  });

  it('cancels a confirmation without acting', async () => {
    const { user, onDelete } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Delete' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(onDelete).not.toHaveBeenCalled();
  });

  // After a rotation two rows share the name: the confirmations must say which key they mean.
  it('names the key by name and display prefix in every confirmation', async () => {
    const { user } = setup({
      keys: [
        apiKey({ id: 'key_new', prefix: 'bye_N3wKy', rotatedFrom: 'key_old' }),
        apiKey({ id: 'key_old', prefix: 'bye_0ldKy', status: 'Rotated', replacedBy: 'key_new' }),
      ],
    });
    const [, oldMenu] = screen.getAllByRole('button', { name: 'Actions for prod-api-worker' });
    await user.click(oldMenu!);
    await user.click(
      within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Revoke' }),
    );
    expect(
      await screen.findByRole('dialog', { name: 'Revoke API key' }),
    ).toHaveAccessibleDescription(
      '“prod-api-worker” (bye_0ldKy...) stops working immediately, on every server. Revoking is final: the key cannot be re-enabled.',
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(oldMenu!);
    await user.click(
      within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Delete' }),
    );
    expect(
      await screen.findByRole('dialog', { name: 'Delete API key' }),
    ).toHaveAccessibleDescription(
      /^“prod-api-worker” \(bye_0ldKy\.\.\.\) and all its request logs/,
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const [newMenu] = screen.getAllByRole('button', { name: 'Actions for prod-api-worker' });
    await user.click(newMenu!);
    await user.click(
      within(await screen.findByRole('menu')).getByRole('menuitem', { name: 'Rotate' }),
    );
    expect(
      await screen.findByRole('dialog', { name: 'Rotate API key' }),
    ).toHaveAccessibleDescription(
      'A new key replaces “prod-api-worker” (bye_N3wKy...). The old key keeps working until the grace period ends.',
    );
  });

  it('passes the display prefix to overridden confirm labels', async () => {
    const { user } = setup({
      labels: {
        revokeDescription: (name, prefix) => `« ${name} » [${prefix}] cesse de fonctionner.`,
      },
    });
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Revoke' }));
    expect(
      await screen.findByRole('dialog', { name: 'Revoke API key' }),
    ).toHaveAccessibleDescription('« prod-api-worker » [bye_a1B2c...] cesse de fonctionner.');
  });

  it('offers the grace periods of the spec, 24 hours by default', async () => {
    const { user } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Rotate' }));
    const select = await screen.findByRole('combobox', { name: 'Grace period' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      '1 hour',
      '6 hours',
      '12 hours',
      '24 hours',
      '48 hours (2 days)',
      '72 hours (3 days)',
      '168 hours (7 days)',
    ]);
    expect(select).toHaveDisplayValue('24 hours');
  });

  it('has no axe violations in the rotate confirmation', async () => {
    const { user } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Rotate' }));
    await screen.findByRole('dialog', { name: 'Rotate API key' });
    await expectNoAxeViolations();
  });

  it('rotates with the chosen grace and shows the new key once', async () => {
    const { user, onRotate } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Rotate' }));
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Grace period' }),
      '6 hours',
    );
    await user.click(screen.getByRole('button', { name: 'Rotate key' }));
    expect(onRotate).toHaveBeenCalledWith(apiKey(), 6);
    const dialog = await screen.findByRole('dialog', { name: 'Key rotated successfully' });
    expect(within(dialog).getByRole('group', { name: 'New API key' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Show value' }));
    expect(within(dialog).getByText(TEST_SECRET)).toBeInTheDocument();
  });

  it('has no axe violations on the rotated success step', async () => {
    const { user } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Rotate' }));
    await user.click(await screen.findByRole('button', { name: 'Rotate key' }));
    await screen.findByRole('dialog', { name: 'Key rotated successfully' });
    await expectNoAxeViolations();
  });

  it('keeps the rotated success open on Escape, and Done removes the new key from the DOM', async () => {
    const { user } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Rotate' }));
    await user.click(await screen.findByRole('button', { name: 'Rotate key' }));
    await screen.findByRole('dialog', { name: 'Key rotated successfully' });
    await user.click(screen.getByRole('button', { name: 'Show value' }));
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Key rotated successfully' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(document.body.innerHTML).not.toContain(TEST_SECRET);
  });

  // radix #1241 / #3141: a modal dialog opened from an open DropdownMenu could leave
  // `pointer-events: none` on <body> after both closed, freezing the page.
  it('leaves no pointer-events: none on the body after a dialog opened from the menu closes', async () => {
    const { user } = setup();
    await user.click(within(await openMenu(user)).getByRole('menuitem', { name: 'Delete' }));
    await screen.findByRole('dialog', { name: 'Delete API key' });
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(document.body.style.pointerEvents).not.toBe('none'));
    expect(screen.getByRole('button', { name: 'Actions for prod-api-worker' })).toHaveFocus();
  });

  it('takes labels and a className', () => {
    setup({ className: 'mine', labels: { columnName: 'Nom', status: { Active: 'Actif' } } });
    expect(screen.getByRole('columnheader', { name: 'Nom' })).toBeInTheDocument();
    expect(screen.getByText('Actif')).toBeInTheDocument();
    expect(screen.getByRole('table').closest('[data-slot="table"]')).toHaveClass('mine');
  });

  it('has no axe violations', async () => {
    setup({
      keys: [apiKey({ allowlist: ['203.0.113.10', '198.51.100.5'], lastUsedAt: NOW - 60_000 })],
    });
    await expectNoAxeViolations();
  });
});
