import { ApiKeysTable } from '@babysea/keys-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, within } from 'storybook/test';
import { EXAMPLE_SECRET, exampleKey, exampleKeys, manyKeys } from './fixtures.js';

const meta = {
  title: 'Table/ApiKeysTable',
  component: ApiKeysTable,
  args: {
    keys: exampleKeys(),
    onRotate: fn(async () => ({ secret: EXAMPLE_SECRET })),
    onRevoke: fn(async () => {}),
    onDelete: fn(async () => {}),
  },
  decorators: [
    (Story) => (
      <div style={{ padding: 24 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ApiKeysTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The four keys of the spec's examples: allowlists, `Never`, a rotated key. */
export const Default: Story = {
  play: async () => {
    const row = screen.getByRole('row', { name: /^prod-api-worker/ });
    await expect(within(row).getByText('bye_a1B2c...')).toBeVisible();
    await expect(within(row).getByText('3 minutes ago')).toBeVisible();
    await userEvent.click(within(row).getByRole('button', { name: /\+2/ }));
    await expect(within(row).getByText('2001:db8::1')).toBeVisible();
  },
};

/** No keys yet. */
export const EmptyTable: Story = {
  args: { keys: [] },
  play: async () => {
    await expect(screen.getByText('No data available')).toBeVisible();
  },
};

/** Two dozen keys in every status. */
export const ManyKeys: Story = {
  args: { keys: manyKeys() },
  play: async () => {
    await expect(screen.getAllByRole('row')).toHaveLength(25);
    await expect(screen.getAllByText('Revoked').length).toBeGreaterThan(0);
  },
};

/** A member: the row actions are there but disabled, with the reason. */
export const MemberView: Story = {
  args: { role: 'member' },
  play: async () => {
    await userEvent.click(screen.getByRole('button', { name: 'Actions for prod-api-worker' }));
    const menu = await screen.findByRole('menu');
    for (const item of within(menu).getAllByRole('menuitem')) {
      await expect(item).toHaveAttribute('aria-disabled', 'true');
    }
    await expect(within(menu).getByText(/Only owners can/)).toBeVisible();
  },
};

const LONG_NAME =
  'image-pipeline-eu-west-1-nightly-batch-renderer-for-the-marketing-campaign-assets-2026-q4';

/** A name near the 100-character limit wraps in its cell: all of it stays readable. */
export const LongName: Story = {
  args: {
    keys: [exampleKey({ name: LONG_NAME, allowlist: ['203.0.113.10'] }), ...exampleKeys()],
  },
  play: async () => {
    const cell = screen.getByRole('rowheader', { name: LONG_NAME });
    await expect(cell).toHaveTextContent(LONG_NAME);
    if (!navigator.userAgent.includes('jsdom')) {
      // In a browser (the screenshot run): nothing of the name is cut off.
      await expect(cell.scrollWidth).toBeLessThanOrEqual(cell.clientWidth);
      await expect(getComputedStyle(cell).textOverflow).not.toBe('ellipsis');
      await expect(cell.getBoundingClientRect().height).toBeGreaterThan(
        screen.getByRole('rowheader', { name: 'dev-frontend' }).getBoundingClientRect().height,
      );
    }
  },
};
