import { KeysError } from '@babysea/keys-core';
import { AddApiKeyDialog } from '@babysea/keys-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor } from 'storybook/test';
import { findDialog } from './helpers.js';

const meta = {
  title: 'Dialogs/AddApiKeyDialog',
  component: AddApiKeyDialog,
  args: { defaultOpen: true, onSubmit: fn(), onOpenChange: fn() },
} satisfies Meta<typeof AddApiKeyDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

const nameField = () => screen.getByRole('textbox', { name: 'Name' });
const allowlistField = () => screen.getByRole('textbox', { name: 'IP allowlist (optional)' });

/** The empty form: Full Access preselected, no allowlist, never expires. */
export const Default: Story = {
  play: async () => {
    await findDialog('Add API key');
    await expect(screen.getByRole('radio', { name: 'Full Access' })).toBeChecked();
    await expect(screen.getByText('0/100')).toBeVisible();
  },
};

/** A valid allowlist in mixed spellings is submitted canonical (IPv6 compressed, CIDR kept). */
export const WithIpAllowlist: Story = {
  play: async ({ args, step }) => {
    await step('Fill in the form', async () => {
      await findDialog('Add API key');
      await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'prod-api-worker');
      await userEvent.click(screen.getByRole('radio', { name: 'Generate Only' }));
      await userEvent.type(allowlistField(), '203.0.113.10, 2001:DB8:0:0::1, 198.51.100.0/24');
    });
    await step('Submit', async () => {
      await userEvent.click(screen.getByRole('button', { name: 'Add' }));
      await waitFor(() =>
        expect(args.onSubmit).toHaveBeenCalledWith({
          name: 'prod-api-worker',
          preset: 'generate-only',
          allowlist: ['203.0.113.10', '2001:db8::1', '198.51.100.0/24'],
          expiresAt: null,
        }),
      );
    });
  },
};

/** Every bad entry is reported next to the field, with its text; nothing is submitted. */
export const InvalidIpAllowlist: Story = {
  play: async ({ args }) => {
    await findDialog('Add API key');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'staging-monitor');
    await userEvent.type(allowlistField(), '203.0.113.10, 10.0.0.999, localhost');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(allowlistField()).toHaveAttribute('aria-invalid', 'true'));
    const alert = await screen.findByRole('alert');
    await expect(alert).toHaveTextContent('10.0.0.999');
    await expect(alert).toHaveTextContent('localhost');
    await expect(args.onSubmit).not.toHaveBeenCalled();
  },
};

/** `Add` is busy and disabled while the server answers; a second click does nothing. */
export const Submitting: Story = {
  args: { onSubmit: fn(() => new Promise<void>(() => {})) },
  play: async ({ args }) => {
    await findDialog('Add API key');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'prod-api-worker');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    const add = screen.getByRole('button', { name: 'Add' });
    await waitFor(() => expect(add).toHaveAttribute('aria-busy', 'true'));
    await expect(add).toBeDisabled();
    await userEvent.click(add, { pointerEventsCheck: 0 });
    await expect(args.onSubmit).toHaveBeenCalledTimes(1);
  },
};

/** The server's refusal: its field issues next to the fields, the rest at the form level. */
export const ServerError: Story = {
  args: {
    onSubmit: fn(async () => {
      throw new KeysError('VALIDATION_FAILED', 'name: a key with this name was just created', {
        issues: [
          {
            field: 'name',
            rule: 'conflict',
            message: 'name: a key with this name was just created',
          },
        ],
      });
    }),
  },
  play: async () => {
    await findDialog('Add API key');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'prod-api-worker');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await expect(await screen.findByRole('alert')).toHaveTextContent(
      /a key with this name was just created/i,
    );
    await expect(nameField()).toHaveAttribute('aria-invalid', 'true');
    await expect(screen.getByRole('button', { name: 'Add' })).toBeEnabled();
  },
};
