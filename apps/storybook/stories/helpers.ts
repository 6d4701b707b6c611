import { expect, screen, waitFor } from 'storybook/test';

/**
 * The dialog with this accessible name, once it is on screen. Dialogs are portalled (so
 * `screen`, not the canvas) and fade in (so wait until `toBeVisible` holds, not just for the
 * element: during the first frames of the animation its opacity is 0).
 */
export async function findDialog(name: string): Promise<HTMLElement> {
  await waitFor(() => expect(screen.getByRole('dialog', { name })).toBeVisible());
  return screen.getByRole('dialog', { name });
}
