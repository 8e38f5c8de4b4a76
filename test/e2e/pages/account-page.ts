import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** The signed-in user's own page, /app/account: sessions and API tokens among the rest. */
export class AccountPage extends AppPage {
  readonly path = '/app/account';
  protected readonly title = /^(Mitt konto|My account)$/;

  /** Ready when the list of the caller's own sessions has come (it always holds this one). */
  override async ready(): Promise<this> {
    await super.ready();
    await this.sessionsTable().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The table of the caller's sessions, named by its caption. */
  sessionsTable(): Locator {
    return this.page.getByRole('table', { name: /^(Dina inloggningar|Your sessions)$/ });
  }

  /** The session rows (not the header). */
  sessionRows(): Locator {
    return this.sessionsTable()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader') });
  }

  /** Ends the first session that is not this browser's, and waits for the confirmation. */
  async endOtherSession(): Promise<void> {
    await this.sessionsTable()
      .getByRole('button', { name: /^(Avsluta inloggningen|End the session)/ })
      .first()
      .click();
    await this.page
      .getByRole('status')
      .filter({ hasText: /avslutad|ended/ })
      .waitFor({ timeout: WAIT_MS });
  }

  /** Creates an API token from the form; returns the secret shown once. */
  async createToken(opts: { name: string; readOnly?: boolean; days?: number }): Promise<string> {
    await this.page.getByLabel(/^(Namn på nyckeln|Name of the token)$/).fill(opts.name);
    if (opts.days !== undefined)
      await this.page.getByLabel(/^(Giltig antal dagar|Valid for days)$/).fill(String(opts.days));
    if (opts.readOnly) await this.page.getByLabel(/^(Endast läsning|Read only)/).check();
    await this.page.getByRole('button', { name: /^(Skapa API-nyckel|Create API token)$/ }).click();
    const shown = this.page.getByLabel(/^(Den nya nyckeln|The new token)/);
    await shown.waitFor({ state: 'visible', timeout: WAIT_MS });
    return shown.inputValue();
  }

  /** The access column of a token's row ("Läsa" or "Läsa och skriva"). */
  async tokenAccess(name: string): Promise<string> {
    const row = this.page
      .getByRole('table', { name: /^(Skapade API-nycklar|API tokens created)/ })
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
    await row.waitFor({ state: 'visible', timeout: WAIT_MS });
    const cells = await row.getByRole('cell').allTextContents();
    return (cells.find((c) => /^(Läsa|Read)/.test(c.trim())) ?? '').trim();
  }
}
