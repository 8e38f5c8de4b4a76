import type { Locator } from 'playwright-core';
import { AppPage } from './app-page.js';
import { OverviewPage } from './overview-page.js';

/** The one-time recovery codes, shown once at the end of TOTP enrolment. */
export class RecoveryCodesPage extends AppPage {
  readonly path = '/app/setup';
  protected readonly title = /^(Spara dina reservkoder|Save your recovery codes)$/;

  /** The list of recovery codes. */
  list(): Locator {
    return this.page.getByRole('list', { name: /^(Reservkoder|Recovery codes)$/ });
  }

  /** The codes as shown. */
  async codes(): Promise<string[]> {
    const items = await this.list().getByRole('listitem').allTextContents();
    return items.map((s) => s.trim());
  }

  /** "Jag har sparat koderna": on to the overview, signed in. */
  async done(): Promise<OverviewPage> {
    await this.page.getByRole('button', { name: /^(Jag har sparat koderna|I have saved them)$/ }).click();
    return new OverviewPage(this.page, this.e2e).ready();
  }
}
