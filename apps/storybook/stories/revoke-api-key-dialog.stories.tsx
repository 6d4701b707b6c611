import { RevokeApiKeyDialog } from '@babysea/keys-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor } from 'storybook/test';
import { findDialog } from './helpers.js';

const meta = {
  title: 'Dialogs/RevokeApiKeyDialog',
  component: RevokeApiKeyDialog,
  args: {
    defaultOpen: true,
    keyName: 'prod-api-worker',
    keyPrefix: 'bye_a1B2c',
    onConfirm: fn(),
    onOpenChange: fn(),
  },
} satisfies Meta<typeof RevokeApiKeyDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Names the key (and its prefix) and states the consequence: immediate, on every server, final. */
export const Default: Story = {
  play: async () => {
    const dialog = await findDialog('Revoke API key');
    await expect(dialog).toHaveAccessibleDescription(/immediately.*final/);
    // Named with its prefix: after a rotation two keys share the name.
    await expect(dialog).toHaveAccessibleDescription(/^“prod-api-worker” \(bye_a1B2c\.\.\.\)/);
  },
};

/** Confirming revokes and closes. */
export const RevokeFlow: Story = {
  play: async ({ args }) => {
    await findDialog('Revoke API key');
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke key' }));
    await expect(args.onConfirm).toHaveBeenCalledOnce();
    await waitFor(() => expect(args.onOpenChange).toHaveBeenCalledWith(false));
  },
};
