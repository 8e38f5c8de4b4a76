import type { Locator } from 'playwright-core';
import type { A11yOptions } from '../support/axe.js';
import { PageModel } from '../support/page-model.js';

/** A page of the public site (server-rendered, no script): `/`, `/updates`, an update, `/accessibility`. */
export class PublicSitePage extends PageModel {
  readonly path = '/';

  /** The language switch's link to the other language. */
  languageLink(name: RegExp): Locator {
    return this.page.getByRole('navigation').getByRole('link', { name });
  }

  /** A public service's card by its public name. */
  service(name: string): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { level: 3, name }) });
  }

  /** The `lang` of the document. */
  async lang(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }

  /** How many h1 the page has. */
  async h1Count(): Promise<number> {
    return this.page.getByRole('heading', { level: 1 }).count();
  }

  /**
   * Presses Tab until focus comes back round and returns the href of each link focused, in order: the
   * keyboard reaches whatever is listed.
   */
  async tabThroughLinks(limit = 80): Promise<string[]> {
    const seen: string[] = [];
    await this.page.locator('body').focus();
    for (let i = 0; i < limit; i++) {
      await this.page.keyboard.press('Tab');
      const href = await this.page.evaluate(() => {
        const el = (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }
        ).document.activeElement;
        return el?.getAttribute('href') ?? null;
      });
      if (href === null) continue;
      if (seen.length > 0 && href === seen[0] && seen.length > 1) break;
      seen.push(href);
    }
    return seen;
  }

  /** Turns JavaScript off for this page from now on (Emulation.setScriptExecutionDisabled). */
  async disableScript(): Promise<this> {
    const cdp = await this.page.context().newCDPSession(this.page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await cdp.detach();
    return this;
  }

  /**
   * axe-core on the page as loaded without JavaScript. axe itself is a script that waits on timers, which
   * a context with JavaScript off never fires: script execution is turned on through the DevTools protocol
   * for the check only (the page has no script of its own to run; its CSP allows none) and off again after.
   */
  override async checkA11y(label?: string, options?: A11yOptions): Promise<this> {
    const cdp = await this.page.context().newCDPSession(this.page);
    const scripts = await this.page.locator('script').count();
    if (scripts !== 0) throw new Error(`${label}: the public page has ${scripts} script element(s)`);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
    try {
      await super.checkA11y(label, options);
    } finally {
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      await cdp.detach();
    }
    return this;
  }

  /** Every link's href on the page. */
  async linkHrefs(): Promise<string[]> {
    return this.page
      .locator('a[href]')
      .evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href')));
  }
}
