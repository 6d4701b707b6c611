import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Runs axe-core on the document (dialogs are portalled to <body>) and fails with the list of
 * violations. `color-contrast` is off because jsdom does not lay out or paint, so axe cannot
 * compute colours there; contrast is checked in the browser screenshots instead.
 */
export async function expectNoAxeViolations(root: Element = document.body): Promise<void> {
  const results = await axe.run(root, { rules: { 'color-contrast': { enabled: false } } });
  const found = results.violations.map(
    (v) => `${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect(found).toEqual([]);
}
