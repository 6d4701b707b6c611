/**
 * axe-core in the real browser: unlike jsdom, Chromium lays out and paints the page, so the
 * `color-contrast` rule sees the colours a user sees (light or dark).
 */
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

/** node_modules/axe-core/axe.min.js, injected into the page as a script. */
export const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs every axe rule of WCAG 2.x A/AA and best practice (color-contrast included) on the
 * whole page; returns one readable line per failing element, empty when the page passes.
 * Check pages with no Radix menu or dialog open: a modal menu hides `#root` with
 * `aria-hidden` while it is open, which axe reports as `aria-hidden-focus`.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE_SCRIPT });
  }
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run: typeof import('axe-core').run } };
    const results: AxeResults = await axe.run(document, {
      resultTypes: ['violations'],
      rules: { 'color-contrast': { enabled: true } },
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => ({
        target: node.target.join(' '),
        summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })),
    }));
  });
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id} (${violation.impact}) ${node.target}: ${node.summary}`,
    ),
  );
}
