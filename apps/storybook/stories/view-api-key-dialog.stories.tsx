import { createUsageSnippets, ViewApiKeyDialog } from '@babysea/keys-react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor } from 'storybook/test';
import { EXAMPLE_SECRET } from './fixtures.js';
import { findDialog } from './helpers.js';

const meta = {
  title: 'Dialogs/ViewApiKeyDialog',
  component: ViewApiKeyDialog,
  args: { defaultOpen: true, secret: EXAMPLE_SECRET, onDone: fn(), onOpenChange: fn() },
} satisfies Meta<typeof ViewApiKeyDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Just created: the warning, the key masked (only its public prefix shows), snippets masked too. */
export const SecretHidden: Story = {
  play: async () => {
    await findDialog('View API key');
    await expect(
      screen.getByText('You can only see this key once. Store it safely.'),
    ).toBeVisible();
    await expect(screen.getByRole('button', { name: 'Show value' })).toBeVisible();
    await expect(document.body.innerHTML).not.toContain(EXAMPLE_SECRET);
  },
};

/** After `Show value`: the key and the snippets carry the real value. */
export const SecretShown: Story = {
  play: async () => {
    await findDialog('View API key');
    await userEvent.click(await screen.findByRole('button', { name: 'Show value' }));
    await expect(screen.getByText(EXAMPLE_SECRET)).toBeVisible();
    await expect(screen.getByRole('tabpanel')).toHaveTextContent(`Bearer ${EXAMPLE_SECRET}`);
    await expect(screen.getByRole('button', { name: 'Hide value' })).toBeVisible();
  },
};

/** The TypeScript example is BabySea's SDK calling a route the key may call. */
export const TypeScriptSnippet: Story = {
  play: async () => {
    await findDialog('View API key');
    await userEvent.click(screen.getByRole('tab', { name: 'TypeScript' }));
    const panel = screen.getByRole('tabpanel');
    await expect(panel).toHaveTextContent("await client.generate('bfl/flux-schnell'");
    await expect(panel).toHaveAttribute('tabindex', '0');
  },
};

/**
 * A product whose API lives on a long host name: the cURL line is wider than the dialog, so
 * the code box scrolls sideways, with its scrollbar drawn and the box focusable (arrow keys
 * scroll it).
 */
export const WideSnippetScrolls: Story = {
  args: {
    snippets: createUsageSnippets({
      baseUrl: 'https://api.eu-central-1.internal-gateway.example-product.com',
    }),
  },
  play: async () => {
    await findDialog('View API key');
    await userEvent.click(screen.getByRole('tab', { name: 'cURL' }));
    const panel = screen.getByRole('tabpanel');
    await expect(panel).toHaveTextContent('curl -X POST https://api.eu-central-1.internal-gateway');
    await expect(panel).toHaveAttribute('tabindex', '0');
    if (!navigator.userAgent.includes('jsdom')) {
      // Geometry exists only in a browser (the screenshot run): the panel is the scroll box,
      // it overflows, and its scrollbar takes room, i.e. it is drawn.
      await expect(getComputedStyle(panel).overflowX).toBe('auto');
      await expect(panel.scrollWidth).toBeGreaterThan(panel.clientWidth);
      await expect(panel.offsetHeight - panel.clientHeight).toBeGreaterThan(0);
    }
  },
};

/** The copy button confirms with `Copied` (the clipboard is stubbed for the story). */
export const Copied: Story = {
  beforeEach: () => {
    const original = Object.getOwnPropertyDescriptor(globalThis.navigator, 'clipboard');
    let stored = '';
    Object.defineProperty(globalThis.navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: fn(async (text: string) => {
          stored = text;
        }),
        readText: async () => stored,
      },
    });
    return () => {
      if (original) Object.defineProperty(globalThis.navigator, 'clipboard', original);
      else Reflect.deleteProperty(globalThis.navigator, 'clipboard');
    };
  },
  play: async () => {
    await findDialog('View API key');
    await userEvent.click(await screen.findByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Copied' })).toBeVisible());
    await expect(await navigator.clipboard.readText()).toBe(EXAMPLE_SECRET);
  },
};

/** The clipboard refused: the key is shown and selected, with a message to copy it by hand. */
export const CopyRefused: Story = {
  beforeEach: () => {
    const original = Object.getOwnPropertyDescriptor(globalThis.navigator, 'clipboard');
    Object.defineProperty(globalThis.navigator, 'clipboard', {
      configurable: true,
      value: { writeText: fn(async () => Promise.reject(new Error('NotAllowedError'))) },
    });
    return () => {
      if (original) Object.defineProperty(globalThis.navigator, 'clipboard', original);
      else Reflect.deleteProperty(globalThis.navigator, 'clipboard');
    };
  },
  play: async () => {
    await findDialog('View API key');
    await userEvent.click(await screen.findByRole('button', { name: 'Copy' }));
    await expect(await screen.findByRole('alert')).toHaveTextContent('Ctrl+C');
    await expect(screen.getByText(EXAMPLE_SECRET)).toBeVisible();
  },
};
