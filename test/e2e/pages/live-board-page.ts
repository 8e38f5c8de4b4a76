import type { Locator } from 'playwright-core';
import { BoardPageModel } from './incident-pages.js';

/** The recovery board read the way someone watching it from another browser reads it: counts and cards. */
export class LiveBoardPage extends BoardPageModel {
  /** The count in a column's heading ("Återställs (2)"), as a number. */
  async count(column: RegExp): Promise<number> {
    const text = (await this.column(column).getByRole('heading', { level: 2 }).locator('.count').textContent()) ?? '';
    return Number(text.replace(/[^\d]/g, ''));
  }

  /** Every column's count, by the column's title (the down column's long title shortened to its first words). */
  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [name, title] of COLUMNS) out[name] = await this.count(title);
    return out;
  }

  /** One system's card, by its name. */
  card(name: string): Locator {
    return this.page
      .locator('.board-card')
      .filter({ has: this.page.getByRole('heading', { level: 3, name, exact: true }) });
  }
}

const COLUMNS: Array<[string, RegExp]> = [
  ['down', /^(Ej tillgängligt eller okänt|Not available or unknown)/],
  ['restoring', /^(Återställs|Restoring)/],
  ['verifying', /^(Verifieras|Verifying)/],
  ['limited', /^(Begränsat|Limited)/],
  ['operational', /^(I drift|Operational)/],
];
