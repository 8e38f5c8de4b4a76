import type { Locator } from 'playwright-core';
import { SystemsPage } from './systems-page.js';

/** The systems list read for each system's gates left (under its status, names on hover and on a phone). */
export class SystemsGatesPage extends SystemsPage {
  /** One system's row (a card on a phone), by the system's name. */
  row(name: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** The gates-left note of a system's row; absent when none is left. */
  gatesLeft(name: string): Locator {
    return this.row(name).locator('.gates-left');
  }
}
