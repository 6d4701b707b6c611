import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Runs axe-core on the document (dialogs are portalled to <body>) and fails with the list of
 * violations. `color-contrast` is off because jsdom does not lay out or paint, so axe cannot
 * compute colours there; Storybook's screenshot script runs axe with it in Chromium on every
 * story. `disable` turns off more rules for one check (say why where you use it).
 */
export async function expectNoAxeViolations(
  root: Element = document.body,
  options: { disable?: string[] } = {},
): Promise<void> {
  const rules: Record<string, { enabled: boolean }> = { 'color-contrast': { enabled: false } };
  for (const id of options.disable ?? []) rules[id] = { enabled: false };
  const results = await axe.run(root, { rules });
  const found = results.violations.map(
    (v) => `${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect(found).toEqual([]);
}
