import type { Locator, Response } from 'playwright-core';
import { PageModel, WAIT_MS } from '../support/page-model.js';

/** The two languages of the UI, as the header's language button names them. */
export type UiLanguage = 'sv' | 'en';

/** The name of the header button that switches away from each language (it names the other one). */
const SWITCH_TO: Record<UiLanguage, string> = { sv: 'English', en: 'Svenska' };

/**
 * What every page of the staff UI shares: the header with its language button, the main menu once
 * someone is signed in, and the page's own h1 (waited for by name, since the app swaps pages in place).
 */
export abstract class AppPage extends PageModel {
  /** The h1 this page shows, per language; `ready()` waits for it. */
  protected abstract readonly title: RegExp;

  override async ready(): Promise<this> {
    await this.mainHeading().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** Reloads the page from the server and waits until it is ready again. */
  async reload(): Promise<this> {
    await this.page.reload();
    return this.ready();
  }

  /** This page's h1, found by its name. */
  mainHeading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: this.title });
  }

  /** The main menu ("Huvudmeny" / "Main menu"); absent before sign-in. */
  mainNav(): Locator {
    return this.page.getByRole('navigation', { name: /^(Huvudmeny|Main menu)$/ });
  }

  /** The names of the main menu's links, in order. */
  async navLinkNames(): Promise<string[]> {
    await this.mainNav().waitFor({ state: 'visible', timeout: WAIT_MS });
    const links = await this.mainNav().getByRole('link').allTextContents();
    return links.map((s) => s.trim());
  }

  /** One link of the main menu. */
  navLink(name: string): Locator {
    return this.mainNav().getByRole('link', { name, exact: true });
  }

  /** The header button that switches the language (named in the language it switches to). */
  languageButton(): Locator {
    return this.page.getByRole('button', { name: /^(English|Svenska)$/ });
  }

  /** The UI language as the page declares it in `<html lang>`. */
  async language(): Promise<string> {
    // A string: it runs in the page, and this project's types have no DOM.
    return String(await this.page.evaluate('document.documentElement.lang'));
  }

  /**
   * Presses the language button and waits until the header offers the way back; when signed in, also
   * until the server has stored the choice on the account (a reload before that would undo it).
   */
  async switchLanguage(from: UiLanguage, signedIn: boolean): Promise<this> {
    const to: UiLanguage = from === 'sv' ? 'en' : 'sv';
    const stored: Promise<Response | null> = signedIn
      ? this.page.waitForResponse((r) => r.url().endsWith('/api/auth/me') && r.request().method() === 'PATCH', {
          timeout: WAIT_MS,
        })
      : Promise.resolve(null);
    await this.page.getByRole('button', { name: SWITCH_TO[from], exact: true }).click();
    await this.page
      .getByRole('button', { name: SWITCH_TO[to], exact: true })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    const response = await stored;
    if (response && !response.ok()) throw new Error(`storing the language failed: HTTP ${response.status()}`);
    return this;
  }
}
