import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';
import { SystemPage } from './system-page.js';

/** The catalogue's systems as a searchable, sortable list, /app/systems. */
export class SystemsPage extends AppPage {
  readonly path = '/app/systems';
  protected readonly title = /^(System|Systems)$/;

  /** Ready when the table has rows (the heading shows while the list still loads). */
  override async ready(): Promise<this> {
    await super.ready();
    await this.table().getByRole('rowheader').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The table of systems, named by its caption. */
  table(): Locator {
    return this.page.getByRole('table', { name: /^(System i katalogen|Systems in the catalogue)$/ });
  }

  /** The live count, "Visar N av M system." */
  resultCount(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^(Visar|Showing) \d+ / });
  }

  /** The names of the systems shown, in order. */
  async shownNames(): Promise<string[]> {
    const links = await this.table().getByRole('rowheader').getByRole('link').allTextContents();
    return links.map((s) => s.trim());
  }

  /** Types into the search field and waits until the count says how many are shown. */
  async search(query: string, expectedShown: number): Promise<this> {
    await this.page.getByLabel(/^(Sök|Search)$/).fill(query);
    await this.resultCount()
      .filter({ hasText: new RegExp(`^(Visar|Showing) ${expectedShown} `) })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** Opens a system from the table by its name. */
  async open(name: string): Promise<SystemPage> {
    await this.table().getByRole('link', { name, exact: true }).click();
    return new SystemPage(this.page, this.e2e, name).ready();
  }
}
