import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The axe-core rule tags we hold every page to: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What to leave out of one accessibility check. */
export interface A11yOptions {
  /** CSS selectors of regions to leave out (a third-party widget, say). */
  exclude?: string[];
  /** Rule ids to turn off; give a reason beside each call. */
  disableRules?: string[];
}

/** One axe-core violation, flattened for the report. */
export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Runs axe-core on the page and throws listing every violation (id, impact, help, selectors).
 * axe is evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not
 * govern, so the app's real CSP stays in force and its violations still show up as console errors.
 */
export async function checkA11y(page: Page, label: string, options: A11yOptions = {}): Promise<void> {
  const violations = await a11yViolations(page, options);
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `  - ${v.id} [${v.impact ?? 'unknown'}] ${v.help} (${v.helpUrl})\n      at ${v.targets.join('\n      at ')}`,
  );
  throw new Error(
    `axe-core: ${violations.length} accessibility violation(s) on ${label} (${page.url()}):\n${lines.join('\n')}`,
  );
}

/** The WCAG A/AA violations axe-core finds on the page as it is now. */
export async function a11yViolations(page: Page, options: A11yOptions = {}): Promise<A11yViolation[]> {
  // Functions passed to evaluate run in the page; this project's types have no DOM, hence globalThis.
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  return page.evaluate(
    async ({ tags, exclude, disableRules }) => {
      const page = globalThis as unknown as { axe: typeof axe };
      const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
      // An empty exclude list means the whole document.
      const results = await page.axe.run(
        { exclude: exclude.map((s) => [s]) },
        {
          runOnly: { type: 'tag', values: tags },
          rules,
          resultTypes: ['violations'],
        },
      );
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      }));
    },
    { tags: WCAG_TAGS, exclude: options.exclude ?? [], disableRules: options.disableRules ?? [] },
  );
}
