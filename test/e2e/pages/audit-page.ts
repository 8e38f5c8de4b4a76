import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** One row of the audit log as the page shows it. */
export interface AuditRow {
  when: string;
  who: string;
  ip: string;
  action: string;
  subject: string;
  detail: string;
}

/** The audit log, /app/audit: the newest events first, filters, the chain's head and "show more". */
export class AuditPage extends AppPage {
  readonly path = '/app/audit';
  protected readonly title = /^(Granskningslogg|Audit log)$/;

  /** Ready when the table has rows. */
  override async ready(): Promise<this> {
    await super.ready();
    await this.table().getByRole('rowheader').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The table of events, named by its caption. */
  table(): Locator {
    return this.page.getByRole('table', {
      name: /^(De senaste händelserna, nyast först|The latest events, newest first)$/,
    });
  }

  /** The rows as text, top to bottom (newest first). */
  async rows(): Promise<AuditRow[]> {
    const rows = this.table().locator('tbody').getByRole('row');
    const out: AuditRow[] = [];
    for (const row of await rows.all()) {
      const cells = (await row.locator('th, td').allTextContents()).map((s) => s.trim());
      const [when = '', who = '', ip = '', action = '', subject = '', detail = ''] = cells;
      out.push({ when, who, ip, action, subject, detail });
    }
    return out;
  }

  /** The head hash the page shows. */
  async headHash(): Promise<string> {
    return ((await this.page.getByRole('main').locator('code').first().textContent()) ?? '').trim();
  }

  /** The filter form, named by its label. */
  filters(): Locator {
    return this.page.getByRole('form', { name: /^(Filtrera händelser|Filter events)$/ });
  }

  /** Applies filters (Swedish labels) and waits until the status line has changed. */
  async filter(opts: { action?: string; actor?: string; from?: string; to?: string }): Promise<AuditRow[]> {
    const form = this.filters();
    const before = await this.status();
    if (opts.action !== undefined)
      await form.getByLabel('Händelse', { exact: true }).selectOption({ label: opts.action });
    if (opts.actor !== undefined) await form.getByLabel('Vem eller adress').fill(opts.actor);
    if (opts.from !== undefined) await form.getByLabel('Från och med').fill(opts.from);
    if (opts.to !== undefined) await form.getByLabel('Till', { exact: true }).fill(opts.to);
    await form.getByRole('button', { name: 'Visa', exact: true }).click();
    // The old rows stay until the new page has come: wait for the count to change (tests pick filters that change it).
    await this.statusLine().filter({ hasNotText: before }).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this.rows();
  }

  /** Clears the filters and waits for the full list again. */
  async clearFilters(): Promise<AuditRow[]> {
    await this.filters().getByRole('button', { name: 'Rensa filter' }).click();
    await this.table().getByRole('rowheader').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this.rows();
  }

  /** The live status line that counts the events shown. */
  statusLine(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^(Visar|Showing) \d+ (händelser|events)\.$/ });
  }

  /** The status line's text ("Visar N händelser."). */
  async status(): Promise<string> {
    return ((await this.statusLine().textContent()) ?? '').trim();
  }
}
