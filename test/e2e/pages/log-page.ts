import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** One entry as the log's table shows it. */
export interface LogRow {
  when: string;
  kind: string;
  what: string;
  about: string;
  who: string;
}

/** The event log, /app/log: a manual entry form, filters kept in the address, the entries newest first. */
export class LogPage extends AppPage {
  readonly path = '/app/log';
  protected readonly title = /^(Händelselogg|Event log)$/;

  /** Ready when the status line says how many entries are shown. */
  override async ready(): Promise<this> {
    await super.ready();
    await this.statusLine().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The form for a manual entry, named by its heading. */
  entryForm(): Locator {
    return this.page.getByRole('form', { name: /^(Ny anteckning|New entry)$/ });
  }

  /** Writes a manual entry (Swedish labels) and waits until it shows in the list. */
  async addEntry(opts: { text: string; system?: string; unit?: string }): Promise<LogRow[]> {
    const form = this.entryForm();
    await form.getByLabel('Vad hände?').fill(opts.text);
    if (opts.system) await form.getByLabel('System (valfritt)').selectOption({ label: opts.system });
    if (opts.unit) await form.getByLabel('Kontor eller bolag (valfritt)').selectOption({ label: opts.unit });
    await form.getByRole('button', { name: 'Skriv i loggen' }).click();
    await this.table().getByRole('rowheader', { name: opts.text }).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this.rows();
  }

  /** The table of entries, named by its caption. */
  table(): Locator {
    return this.page.getByRole('table', { name: /^(Loggposter, nyast först|Log entries, newest first)$/ });
  }

  /** The rows as text, top to bottom (newest first). */
  async rows(): Promise<LogRow[]> {
    if (!(await this.table().isVisible())) return [];
    const out: LogRow[] = [];
    for (const row of await this.table().locator('tbody').getByRole('row').all()) {
      const [when = '', kind = '', what = '', about = '', who = ''] = (
        await row.locator('th, td').allTextContents()
      ).map((s) => s.trim());
      out.push({ when, kind, what, about, who });
    }
    return out;
  }

  /** The filter form, named by its label. */
  filters(): Locator {
    return this.page.getByRole('form', { name: /^(Filter|Filters)$/ });
  }

  /** Applies filters (Swedish labels) and waits until the status line says `expect` entries are shown. */
  async filter(opts: { q?: string; kind?: string; system?: string; unit?: string }, expect: number): Promise<LogRow[]> {
    const form = this.filters();
    if (opts.q !== undefined) await form.getByLabel('Sök').fill(opts.q);
    if (opts.kind !== undefined) await form.getByLabel('Slag').selectOption({ label: opts.kind });
    if (opts.system !== undefined)
      await form.getByLabel('System', { exact: true }).selectOption({ label: opts.system });
    if (opts.unit !== undefined)
      await form.getByLabel('Kontor eller bolag', { exact: true }).selectOption({ label: opts.unit });
    await form.getByRole('button', { name: 'Filtrera', exact: true }).click();
    await this.waitForCount(expect);
    return this.rows();
  }

  /** Clears the filters and waits until the status line says `expect` entries are shown. */
  async clearFilters(expect: number): Promise<LogRow[]> {
    await this.filters().getByRole('button', { name: 'Rensa filter' }).click();
    await this.waitForCount(expect);
    return this.rows();
  }

  /** Waits for the status line to count `n` entries. */
  async waitForCount(n: number): Promise<void> {
    await this.statusLine()
      .filter({ hasText: new RegExp(`^(Poster som visas|Entries shown): ${n}\\.$`) })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** The live status line that counts the entries shown. */
  statusLine(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^(Poster som visas|Entries shown): \d+\.$/ });
  }

  /** The line that states the filters in words (also on paper). */
  filterSummary(): Locator {
    return this.page.getByText(/^(Filter|Filters): /);
  }

  /** The export link of a format, with the current filters in its address. */
  exportLink(name: 'CSV för Excel' | 'JSON'): Locator {
    return this.page.getByRole('link', { name, exact: true });
  }
}
