import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from './test/axe.js';
import { TEST_SECRET } from './test/fixtures.js';
import { ViewApiKeyDialog } from './view-api-key-dialog.js';

/** A parent that owns the secret, as ApiKeysPage does. */
function Harness({ onDone }: { onDone?: () => void }) {
  const [secret, setSecret] = useState<string | null>(TEST_SECRET);
  return (
    <ViewApiKeyDialog
      open={secret !== null}
      secret={secret}
      onDone={() => {
        setSecret(null);
        onDone?.();
      }}
    />
  );
}

const dialog = () => screen.getByRole('dialog', { name: 'View API key' });

describe('ViewApiKeyDialog', () => {
  it('shows the title and the view-once warning as its description', () => {
    render(<Harness />);
    expect(dialog()).toHaveAccessibleDescription(
      'You can only see this key once. Store it safely.',
    );
  });

  it('keeps the secret out of the DOM until Show value', () => {
    render(<Harness />);
    expect(document.body.innerHTML).not.toContain(TEST_SECRET);
    expect(within(dialog()).getByText(/^bye_TestO•+$/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show value' })).toBeInTheDocument();
  });

  it('has no axe violations while hidden', async () => {
    render(<Harness />);
    await expectNoAxeViolations();
  });

  it('reveals the value with Show value and hides it again with Hide value', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Show value' }));
    expect(within(dialog()).getByText(TEST_SECRET)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Hide value' }));
    expect(within(dialog()).queryByText(TEST_SECRET)).not.toBeInTheDocument();
  });

  it('has no axe violations while shown', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Show value' }));
    await expectNoAxeViolations();
  });

  it('copies the key and confirms with Copied', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(TEST_SECRET);
    expect(screen.getByRole('status')).toHaveTextContent('Copied');
  });

  it('has no axe violations once copied', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    await screen.findByRole('button', { name: 'Copied' });
    await expectNoAxeViolations();
  });

  it('falls back to selecting the key with a message when the clipboard is refused', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(
      new DOMException('denied', 'NotAllowedError'),
    );
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/press Ctrl\+C/);
    const value = within(dialog()).getByText(TEST_SECRET);
    expect(document.getSelection()?.toString()).toBe(TEST_SECRET);
    expect(value).toHaveAccessibleDescription(/Copying is blocked/);
  });

  it('has no axe violations in the copy-refused fallback', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(
      new DOMException('denied', 'NotAllowedError'),
    );
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    await screen.findByRole('alert');
    await expectNoAxeViolations();
  });

  it('fills the usage snippets with the masked key while hidden and the key once shown', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const panel = screen.getByRole('tabpanel');
    expect(panel).toHaveTextContent('Authorization: Bearer bye_TestO•');
    await user.click(screen.getByRole('button', { name: 'Show value' }));
    expect(screen.getByRole('tabpanel')).toHaveTextContent(`Authorization: Bearer ${TEST_SECRET}`);
  });

  it('switches snippets between cURL, TypeScript and Python with the arrow keys', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(screen.getByRole('tab', { name: 'cURL' })).toHaveAttribute('aria-selected', 'true');
    await user.click(screen.getByRole('tab', { name: 'cURL' }));
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'TypeScript' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Python' })).toHaveFocus();
    expect(screen.getByRole('tabpanel')).toHaveTextContent('import requests');
  });

  it('does not close on Escape', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.keyboard('{Escape}');
    expect(dialog()).toBeInTheDocument();
  });

  it('does not close on a click outside', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const overlay = document.querySelector('[data-slot="dialog-overlay"]')!;
    await user.click(overlay);
    expect(dialog()).toBeInTheDocument();
  });

  it('removes the secret from the DOM after Done', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    render(<Harness onDone={onDone} />);
    await user.click(screen.getByRole('button', { name: 'Show value' }));
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(onDone).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(document.body.innerHTML).not.toContain(TEST_SECRET);
  });

  it('closes by itself with Done when uncontrolled', async () => {
    const user = userEvent.setup();
    render(<ViewApiKeyDialog defaultOpen secret={TEST_SECRET} />);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('takes labels, className and no snippets', () => {
    render(
      <ViewApiKeyDialog
        defaultOpen
        secret={TEST_SECRET}
        snippets={false}
        className="mine"
        labels={{ viewTitle: 'Votre clé', showValue: 'Afficher' }}
      />,
    );
    const el = screen.getByRole('dialog', { name: 'Votre clé' });
    expect(el).toHaveClass('mine');
    expect(el).toHaveAttribute('data-state', 'open');
    expect(screen.getByRole('button', { name: 'Afficher' })).toBeInTheDocument();
    expect(screen.queryByRole('tablist')).not.toBeInTheDocument();
  });
});
