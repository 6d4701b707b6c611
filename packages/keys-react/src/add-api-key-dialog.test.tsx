import { KeysError } from '@babysea/keys-core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AddApiKeyDialog, type AddApiKeyDialogProps } from './add-api-key-dialog.js';
import { expectNoAxeViolations } from './test/axe.js';

const NOW = new Date(2026, 10, 27, 12, 0, 0).getTime();

function setup(props: Partial<AddApiKeyDialogProps> = {}) {
  const onSubmit = props.onSubmit ?? vi.fn(async () => {});
  const onOpenChange = vi.fn();
  const user = userEvent.setup();
  render(
    <AddApiKeyDialog
      defaultOpen
      now={() => NOW}
      onOpenChange={onOpenChange}
      {...props}
      onSubmit={onSubmit}
    />,
  );
  return { user, onSubmit, onOpenChange };
}

const name = () => screen.getByRole('textbox', { name: 'Name' });
const allowlist = () => screen.getByRole('textbox', { name: 'IP allowlist (optional)' });
const add = () => screen.getByRole('button', { name: 'Add' });

describe('AddApiKeyDialog', () => {
  it('renders the title, the fields and the helper text', () => {
    setup();
    expect(screen.getByRole('dialog', { name: 'Add API key' })).toBeInTheDocument();
    expect(name()).toBeInTheDocument();
    expect(allowlist()).toHaveAccessibleDescription(
      'Comma-separated IPs. Leave empty to allow all IPs.',
    );
    expect(screen.getByLabelText('Expiration (optional)')).toHaveValue('');
  });

  it('offers the presets as a radio group with their descriptions, Full Access first', () => {
    setup();
    const group = screen.getByRole('group', { name: 'Permissions' });
    expect(group).toBeInTheDocument();
    const full = screen.getByRole('radio', { name: 'Full Access' });
    expect(full).toBeChecked();
    expect(full).toHaveAccessibleDescription('All permissions - read, write, delete');
    expect(screen.getByRole('radio', { name: 'Monitor Only' })).toHaveAccessibleDescription(
      'Health checks & model catalog - no account data',
    );
  });

  it('has no axe violations when empty', async () => {
    setup();
    await expectNoAxeViolations();
  });

  it('counts the name live in graphemes, up to 100', async () => {
    const { user } = setup();
    expect(screen.getByText('0/100')).toBeInTheDocument();
    await user.type(name(), 'dev 👨‍👩‍👧');
    expect(screen.getByText('5/100')).toBeInTheDocument();
    expect(name()).toHaveAccessibleDescription('5/100');
  });

  it('refuses an empty name inline, marked invalid and announced', async () => {
    const { user, onSubmit } = setup();
    await user.click(add());
    const alert = await screen.findByRole('alert');
    expect(name()).toHaveAttribute('aria-invalid', 'true');
    expect(name()).toHaveAccessibleDescription(expect.stringContaining(alert.textContent ?? '!'));
    expect(name()).toHaveFocus();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses a name over 100 characters', async () => {
    const { user } = setup();
    await user.click(name());
    await user.paste('x'.repeat(101));
    expect(screen.getByText('101/100')).toHaveAttribute('data-state', 'over');
    await user.click(add());
    expect(name()).toHaveAttribute('aria-invalid', 'true');
  });

  it('reports each bad allowlist entry next to the field', async () => {
    const { user, onSubmit } = setup();
    await user.type(name(), 'prod-api-worker');
    await user.type(allowlist(), '203.0.113.10, 10.0.0.999');
    await user.click(add());
    expect(allowlist()).toHaveAttribute('aria-invalid', 'true');
    expect(allowlist()).toHaveAccessibleDescription(expect.stringContaining('10.0.0.999'));
    expect(name()).not.toHaveAttribute('aria-invalid');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('has no axe violations with errors shown', async () => {
    const { user } = setup();
    await user.type(allowlist(), 'nope');
    await user.click(add());
    await screen.findAllByRole('alert');
    await expectNoAxeViolations();
  });

  it('clears a field error as soon as the field is fixed', async () => {
    const { user } = setup();
    await user.click(add());
    expect(name()).toHaveAttribute('aria-invalid', 'true');
    await user.type(name(), 'a');
    expect(name()).not.toHaveAttribute('aria-invalid');
  });

  it('refuses an expiry in the past', async () => {
    const { user, onSubmit } = setup();
    await user.type(name(), 'k');
    await user.type(screen.getByLabelText('Expiration (optional)'), '2026-11-26');
    await user.click(add());
    expect(screen.getByLabelText('Expiration (optional)')).toHaveAttribute('aria-invalid', 'true');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits the normalised values: trimmed name, preset, entries, end of the chosen day', async () => {
    const { user, onSubmit } = setup();
    await user.type(name(), '  prod-api-worker ');
    await user.click(screen.getByRole('radio', { name: 'Read Only' }));
    await user.type(allowlist(), '203.0.113.10, 198.51.100.5');
    await user.type(screen.getByLabelText('Expiration (optional)'), '2026-12-31');
    await user.click(add());
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'prod-api-worker',
      preset: 'read-only',
      allowlist: ['203.0.113.10', '198.51.100.5'],
      expiresAt: new Date(2026, 11, 31, 23, 59, 59, 999).getTime(),
    });
  });

  it('submits no expiry by default (never expires)', async () => {
    const { user, onSubmit } = setup();
    await user.type(name(), 'k');
    await user.click(add());
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ expiresAt: null, allowlist: [] }),
    );
  });

  it('shows progress on Add while submitting: busy and disabled', async () => {
    const { user } = setup({ onSubmit: () => new Promise(() => {}) });
    await user.type(name(), 'k');
    await user.click(add());
    expect(add()).toBeDisabled();
    expect(add()).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('dialog')).toHaveAttribute('aria-busy', 'true');
  });

  it('has no axe violations while submitting', async () => {
    const { user } = setup({ onSubmit: () => new Promise(() => {}) });
    await user.type(name(), 'k');
    await user.click(add());
    expect(add()).toHaveAttribute('aria-busy', 'true');
    await expectNoAxeViolations();
  });

  it('creates once when Add is clicked twice fast', async () => {
    const onSubmit = vi.fn(() => new Promise<void>(() => {}));
    const { user } = setup({ onSubmit });
    await user.type(name(), 'k');
    await user.dblClick(add());
    await user.click(add());
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('closes after a successful submit', async () => {
    const { user, onOpenChange } = setup();
    await user.type(name(), 'k');
    await user.click(add());
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it('shows the server field issues next to their fields', async () => {
    const onSubmit = vi.fn(async () => {
      throw new KeysError('VALIDATION_FAILED', 'allowlist: bad', {
        issues: [
          { field: 'allowlist', rule: 'max_entries', message: 'allowlist: at most 50 entries' },
        ],
      });
    });
    const { user } = setup({ onSubmit });
    await user.type(name(), 'k');
    await user.click(add());
    expect(await screen.findByRole('alert')).toHaveTextContent('At most 50 entries');
    expect(allowlist()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('has no axe violations with a server error on a field', async () => {
    const onSubmit = vi.fn(async () => {
      throw new KeysError('VALIDATION_FAILED', 'name: a key with this name was just created', {
        issues: [
          {
            field: 'name',
            rule: 'conflict',
            message: 'name: a key with this name was just created',
          },
        ],
      });
    });
    const { user } = setup({ onSubmit });
    await user.type(name(), 'k');
    await user.click(add());
    await screen.findByRole('alert');
    expect(name()).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations();
  });

  it('shows other server errors at the form level and lets the user retry', async () => {
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(new KeysError('ROLE_FORBIDDEN', 'Only owners can create keys.'))
      .mockResolvedValueOnce(undefined);
    const { user } = setup({ onSubmit });
    await user.type(name(), 'k');
    await user.click(add());
    expect(await screen.findByRole('alert')).toHaveTextContent('Only owners can create keys.');
    expect(add()).toBeEnabled();
    await user.click(add());
    expect(onSubmit).toHaveBeenCalledTimes(2);
  });

  it('has no axe violations with a server error at the form level', async () => {
    const onSubmit = vi.fn(async () => {
      throw new KeysError('ROLE_FORBIDDEN', 'Only owners can create keys.');
    });
    const { user } = setup({ onSubmit });
    await user.type(name(), 'k');
    await user.click(add());
    expect(await screen.findByRole('alert')).toHaveTextContent('Only owners can create keys.');
    await expectNoAxeViolations();
  });

  it('shows a generic message for an unexpected failure', async () => {
    const onSubmit = vi.fn(async () => {
      throw new Error('boom at line 3');
    });
    const { user } = setup({ onSubmit });
    await user.type(name(), 'k');
    await user.click(add());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Something went wrong. Please try again.',
    );
  });

  it('takes custom presets, labels and a className', () => {
    setup({
      presets: [{ id: 'ci', label: 'CI', description: 'For pipelines', scopes: [] }],
      labels: { addTitle: 'Nouvelle clé', name: 'Nom' },
      className: 'mine',
    });
    expect(screen.getByRole('dialog', { name: 'Nouvelle clé' })).toHaveClass('mine');
    expect(screen.getByRole('textbox', { name: 'Nom' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'CI' })).toBeChecked();
  });

  it('opens from its trigger', async () => {
    const user = userEvent.setup();
    render(<AddApiKeyDialog onSubmit={vi.fn()} trigger={<button type="button">New key</button>} />);
    await user.click(screen.getByRole('button', { name: 'New key' }));
    expect(screen.getByRole('dialog', { name: 'Add API key' })).toBeInTheDocument();
  });
});
