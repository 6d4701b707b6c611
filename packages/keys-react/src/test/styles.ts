import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Puts the kit's stylesheet in the jsdom document (the test runner does not load CSS), so a
 * test can read the cascade with `getComputedStyle`. jsdom does no layout: use it for declared
 * values (white-space, overflow…), and the Storybook stories in Chromium for geometry.
 * Returns the cleanup.
 */
export function injectStyles(): () => void {
  const style = document.createElement('style');
  style.textContent = readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '../styles.css'),
    'utf8',
  );
  document.head.append(style);
  return () => style.remove();
}
