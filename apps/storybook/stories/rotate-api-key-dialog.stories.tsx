import { RotateApiKeyDialog } from '@babysea/keys-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, screen, userEvent, waitFor } from 'storybook/test';
import { EXAMPLE_SECRET } from './fixtures.js';
import { findDialog } from './helpers.js';

const meta = {
  title: 'Dialogs/RotateApiKeyDialog',
  component: RotateApiKeyDialog,
  args: {
    defaultOpen: true,
    keyName: 'prod-api-worker',
    keyPrefix: 'bye_a1B2c',
    secret: null,
    onConfirm: fn(),
    onDone: fn(),
  },
} satisfies Meta<typeof RotateApiKeyDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The confirmation: `Grace period` (24 hours by default), `Rotate key`, `Cancel`. */
export const Default: Story = {
  play: async () => {
    const dialog = await findDialog('Rotate API key');
    await expect(dialog).toHaveAccessibleDescription(
      /^A new key replaces “prod-api-worker” \(bye_a1B2c\.\.\.\)\./,
    );
    await expect(screen.getByRole('combobox', { name: 'Grace period' })).toHaveDisplayValue(
      '24 hours',
    );
  },
};

/** The whole flow in the dialog: confirm, then the new key once, then `Done`. */
export const RotateFlow: Story = {
  render: function Render(args) {
    // The parent owns the new secret, as ApiKeysTable does, and clears it on Done.
    const [secret, setSecret] = useState<string | null>(null);
    return (
      <RotateApiKeyDialog
        {...args}
        secret={secret}
        onConfirm={async (hours) => {
          await args.onConfirm(hours);
          setSecret(EXAMPLE_SECRET);
        }}
        onDone={() => {
          setSecret(null);
          args.onDone?.();
        }}
      />
    );
  },
  play: async ({ args, step }) => {
    await step('Choose a grace period and rotate', async () => {
      await findDialog('Rotate API key');
      await userEvent.selectOptions(
        await screen.findByRole('combobox', { name: 'Grace period' }),
        '48 hours (2 days)',
      );
      await userEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
      await expect(args.onConfirm).toHaveBeenCalledWith(48);
    });
    await step('See the new key once', async () => {
      await findDialog('Key rotated successfully');
      await expect(screen.getByRole('group', { name: 'New API key' })).toBeVisible();
      await userEvent.click(screen.getByRole('button', { name: 'Show value' }));
      await expect(screen.getByText(EXAMPLE_SECRET)).toBeVisible();
    });
    await step('Done forgets it', async () => {
      await userEvent.click(screen.getByRole('button', { name: 'Done' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      await expect(document.body.innerHTML).not.toContain(EXAMPLE_SECRET);
    });
  },
};

/** The success step on its own. */
export const Rotated: Story = {
  args: { secret: EXAMPLE_SECRET },
  play: async () => {
    await findDialog('Key rotated successfully');
  },
};
