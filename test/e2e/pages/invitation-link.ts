import type { Locator, Page } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';

/** Where an element is against the viewport, and whether all of it shows without scrolling. */
export interface InView {
  top: number;
  bottom: number;
  left: number;
  right: number;
  viewport: { width: number; height: number };
  fully: boolean;
}

/** The one-time link panel of the users page ("Engångslänk för NAME"): its field, copy button and status. */
export class InvitationLinkPanel {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  /** The panel, a region named by its heading. */
  region(): Locator {
    return this.page.getByRole('region', { name: `Engångslänk för ${this.name}`, exact: true });
  }

  /** The read-only field holding the link. */
  field(): Locator {
    return this.region().getByLabel('Länk', { exact: true });
  }

  /** The link as the field holds it. */
  async link(): Promise<string> {
    return this.field().inputValue();
  }

  /** Waits until the field has the keyboard focus (the page moves it there when the link appears). */
  async waitUntilFocused(): Promise<void> {
    // A function, not a string: the app's CSP forbids evaluating strings. Typed by hand, since the
    // tests are compiled without the DOM's types.
    type Active = {
      tagName: string;
      closest(s: string): { querySelector(s: string): { textContent: string } | null } | null;
    };
    await this.page.waitForFunction(
      (heading) => {
        const active = (globalThis as unknown as { document: { activeElement: Active | null } }).document.activeElement;
        return active?.tagName === 'INPUT' && active.closest('section')?.querySelector('h2')?.textContent === heading;
      },
      `Engångslänk för ${this.name}`,
      { timeout: WAIT_MS },
    );
  }

  /** Where the field is in the viewport now. */
  async fieldInView(): Promise<InView> {
    return inView(this.field());
  }

  /** Copies the link with the panel's button; resolves with what the clipboard then holds. */
  async copy(): Promise<string> {
    await this.region().getByRole('button', { name: 'Kopiera', exact: true }).click();
    await this.region()
      .getByRole('status')
      .filter({ hasText: 'Kopierat.' })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    return String(await this.page.evaluate('navigator.clipboard.readText()'));
  }
}

/** Where a locator's element is against the viewport. */
export async function inView(locator: Locator): Promise<InView> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const page = globalThis as unknown as {
      innerHeight: number;
      document: { documentElement: { clientWidth: number } };
    };
    const viewport = { width: page.document.documentElement.clientWidth, height: page.innerHeight };
    const fully = r.top >= 0 && r.left >= 0 && r.bottom <= viewport.height && r.right <= viewport.width;
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, viewport, fully };
  });
}
