import { DeleteApiKeyDialog } from '@babysea/keys-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor } from 'storybook/test';
import { findDialog } from './helpers.js';

const meta = {
  title: 'Dialogs/DeleteApiKeyDialog',
  component: DeleteApiKeyDialog,
  args: {
    defaultOpen: true,
    keyName: 'prod-api-worker',
    keyPrefix: 'bye_a1B2c',
    onConfirm: fn(),
    onOpenChange: fn(),
  },
} satisfies Meta<typeof DeleteApiKeyDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Names the key (and its prefix) and states the consequence: the key and all its request logs, permanently. */
export const Default: Story = {
  play: async () => {
    const dialog = await findDialog('Delete API key');
    await expect(dialog).toHaveAccessibleDescription(/all its request logs/);
    // Named with its prefix: after a rotation two keys share the name.
    await expect(dialog).toHaveAccessibleDescription(/^“prod-api-worker” \(bye_a1B2c\.\.\.\)/);
  },
};

/** Confirming deletes and closes. */
export const DeleteFlow: Story = {
  play: async ({ args }) => {
    await findDialog('Delete API key');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete key' }));
    await expect(args.onConfirm).toHaveBeenCalledOnce();
    await waitFor(() => expect(args.onOpenChange).toHaveBeenCalledWith(false));
  },
};
