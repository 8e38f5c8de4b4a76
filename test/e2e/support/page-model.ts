import type { Locator, Page } from 'playwright-core';
import type { A11yOptions } from './axe.js';
import type { E2E } from './harness.js';

/** How long a page model waits for something to appear before the test fails. */
export const WAIT_MS = 10_000;

/**
 * The base of every page model under test/e2e/pages/: it holds the page and the environment, knows its
 * path, and waits for its own "ready" state instead of sleeping. A subclass sets `path` and, where the
 * page's main heading is not enough to tell it has loaded, overrides `ready()`.
 *
 *   class LoginPage extends PageModel {
 *     readonly path = '/app/login';
 *     email() { return this.page.getByLabel(/e-post|email/i); }
 *   }
 *   const login = await new LoginPage(page, e2e()).goto();
 */
export abstract class PageModel {
  /** Where this page lives, relative to the server (e.g. `/app/systems`). */
  abstract readonly path: string;

  constructor(
    readonly page: Page,
    readonly e2e: E2E,
  ) {}

  /** Opens the page (or `path`, e.g. with an id) and waits until it is ready. */
  async goto(path: string = this.path): Promise<this> {
    await this.page.goto(new URL(path, this.e2e.baseUrl).toString());
    await this.ready();
    return this;
  }

  /** Waits until the page shows what makes it usable; by default its main heading. */
  async ready(): Promise<this> {
    await this.heading().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The page's main heading (level 1 unless told otherwise). */
  heading(level = 1): Locator {
    return this.page.getByRole('heading', { level }).first();
  }

  /** The text of the main heading, once it is visible. */
  async headingText(level = 1): Promise<string> {
    const heading = this.heading(level);
    await heading.waitFor({ state: 'visible', timeout: WAIT_MS });
    return ((await heading.textContent()) ?? '').trim();
  }

  /** Checks the page as it is now with axe-core and that it logged no console errors or CSP violations. */
  async checkA11y(label: string = this.constructor.name, options?: A11yOptions): Promise<this> {
    await this.e2e.checkA11y(this.page, label, options);
    this.e2e.assertNoConsoleErrors(this.page);
    return this;
  }

  /** Waits for the browser to show a path under the server (a client-side navigation counts). */
  async waitForPath(path: string | RegExp): Promise<void> {
    await this.page.waitForURL(
      (url) => (typeof path === 'string' ? url.pathname === path : path.test(url.pathname + url.search)),
      { timeout: WAIT_MS },
    );
  }
}
