import { KeysError } from '@babysea/keys-core';
import { ApiKeysPage } from '@babysea/keys-react';
import {
  createMemoryKeysClient,
  type MemoryKeysClient,
  type MemoryKeysClientOptions,
} from '@babysea/keys-react/memory';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent, waitFor, within } from 'storybook/test';
import { manySeeds, PAGE_SEED } from './fixtures.js';
import { findDialog } from './helpers.js';

/** Per-story options of the in-memory client (the real engine, no server). */
interface MemoryParameters {
  memory?: MemoryKeysClientOptions & { fail?: KeysError };
}

const meta = {
  title: 'Page/ApiKeysPage',
  component: ApiKeysPage,
  // A fresh client per render (loaders run before each story), so flows never leak.
  loaders: [
    async ({ parameters }) => {
      const options = (parameters as MemoryParameters).memory ?? {};
      const client = createMemoryKeysClient(options);
      if (options.fail) client.setFailure(options.fail, ['list']);
      return { client };
    },
  ],
  render: (args, { loaded }) => (
    <ApiKeysPage {...args} client={loaded.client as MemoryKeysClient} />
  ),
  args: { client: createMemoryKeysClient(), role: 'owner' },
  argTypes: { client: { control: false } },
  parameters: { memory: { seed: PAGE_SEED } },
} satisfies Meta<typeof ApiKeysPage>;

export default meta;
type Story = StoryObj<typeof meta>;

const row = (name: string) => screen.getAllByRole('row', { name: new RegExp(`^${name}`) })[0]!;

async function openRowAction(name: string, action: string) {
  await userEvent.click(await screen.findByRole('button', { name: `Actions for ${name}` }));
  await userEvent.click(await screen.findByRole('menuitem', { name: action }));
}

/** An owner's page with four keys. */
export const Default: Story = {
  play: async () => {
    await expect(await screen.findByRole('row', { name: /^prod-api-worker/ })).toBeVisible();
    await expect(screen.getByRole('button', { name: 'Create API key' })).toBeEnabled();
  },
};

/** No keys yet: `No data available` and an invitation. */
export const EmptyTable: Story = {
  parameters: { memory: { seed: [] } },
  play: async () => {
    await expect(await screen.findByText('No data available')).toBeVisible();
  },
};

/** A long list, searchable by name or prefix. */
export const ManyKeys: Story = {
  parameters: { memory: { seed: manySeeds() } },
  play: async () => {
    await screen.findAllByRole('row', { name: /^billing-sync/ });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search...' }), 'video');
    await waitFor(() =>
      expect(screen.queryAllByRole('row', { name: /^billing-sync/ })).toHaveLength(0),
    );
    await expect(screen.getAllByRole('row', { name: /^video-batch/ }).length).toBeGreaterThan(0);
  },
};

/** A member sees the keys and every action disabled, with the reason. */
export const MemberView: Story = {
  args: { role: 'member' },
  parameters: { memory: { seed: PAGE_SEED, role: 'member' } },
  play: async () => {
    await screen.findByRole('row', { name: /^prod-api-worker/ });
    const create = screen.getByRole('button', { name: 'Create API key' });
    await expect(create).toHaveAttribute('aria-disabled', 'true');
    await expect(create).toHaveAccessibleDescription(/Only owners can/);
  },
};

/** The first load, slow. */
export const Loading: Story = {
  parameters: { memory: { seed: PAGE_SEED, delayMs: Number.POSITIVE_INFINITY } },
  play: async () => {
    await expect(screen.getByRole('status')).toHaveTextContent('Loading API keys…');
  },
};

/** The list could not be loaded: the reason and `Retry`. */
export const ServerError: Story = {
  parameters: {
    memory: {
      seed: PAGE_SEED,
      fail: new KeysError(
        'STORAGE_UNAVAILABLE',
        'The key service is unavailable. Try again in a moment.',
      ),
    },
  },
  play: async () => {
    await expect(await screen.findByRole('alert')).toHaveTextContent(
      'The key service is unavailable',
    );
    await expect(screen.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

/** Create a key, see it once, `Done`. */
export const CreateFlow: Story = {
  play: async ({ step }) => {
    await step('Open Add API key', async () => {
      await screen.findByRole('row', { name: /^prod-api-worker/ });
      await userEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    });
    await step('Fill in and add', async () => {
      await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'ci-smoke-tests');
      await userEvent.click(screen.getByRole('radio', { name: 'Monitor Only' }));
      await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    });
    await step('The key is shown once', async () => {
      const view = await findDialog('View API key');
      await userEvent.click(within(view).getByRole('button', { name: 'Done' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      await expect(row('ci-smoke-tests')).toBeVisible();
    });
  },
};

/** Rotate from the row menu: grace period, the new key once, both rows listed. */
export const RotateFlow: Story = {
  play: async ({ step }) => {
    await step('Rotate prod-api-worker', async () => {
      await openRowAction('prod-api-worker', 'Rotate');
      await expect(
        await screen.findByRole('combobox', { name: 'Grace period' }),
      ).toHaveDisplayValue('24 hours');
      await userEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
    });
    await step('The new key, once', async () => {
      await findDialog('Key rotated successfully');
      await userEvent.click(screen.getByRole('button', { name: 'Done' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    });
    await step('Old key Rotated, new key Active', async () => {
      const rows = screen.getAllByRole('row', { name: /^prod-api-worker/ });
      await expect(rows).toHaveLength(2);
      await expect(within(rows[1]!).getByText('Rotated')).toBeVisible();
      await expect(document.body.style.pointerEvents).not.toBe('none');
    });
  },
};

/** Revoke from the row menu: the row stays, `Revoked`. */
export const RevokeFlow: Story = {
  play: async () => {
    await openRowAction('dev-frontend', 'Revoke');
    const dialog = await findDialog('Revoke API key');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(within(row('dev-frontend')).getByText('Revoked')).toBeVisible());
  },
};

/** Delete from the row menu: the row goes. */
export const DeleteFlow: Story = {
  play: async () => {
    await openRowAction('staging-monitor', 'Delete');
    const dialog = await findDialog('Delete API key');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete key' }));
    await waitFor(() =>
      expect(screen.queryByRole('row', { name: /^staging-monitor/ })).not.toBeInTheDocument(),
    );
  },
};

/** The dark theme, forced with `data-theme="dark"` on <html>: the page and a dialog over it. */
export const Dark: Story = {
  beforeEach: () => {
    document.documentElement.dataset.theme = 'dark';
    return () => {
      delete document.documentElement.dataset.theme;
    };
  },
  play: async () => {
    await screen.findByRole('row', { name: /^prod-api-worker/ });
    await expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
    await userEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    await findDialog('Add API key');
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'dark-mode-check');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'IP allowlist (optional)' }),
      '10.0.0.999',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await expect(await screen.findByRole('alert')).toBeVisible();
  },
};
