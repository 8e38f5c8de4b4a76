import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';
import { TotpEnrolPage } from './totp-enrol-page.js';

/** The first administrator's account, as the set-up form asks for it. */
export interface NewAdmin {
  email: string;
  name: string;
  password: string;
}

/** First-run set-up, /app/setup#TOKEN: the form for the first administrator. */
export class SetupPage extends AppPage {
  readonly path = '/app/setup';
  protected readonly title = /^(Skapa första administratören|Create the first administrator)$/;

  /** Opens the one-time link as the console printed it (the token travels in the fragment). */
  async open(link: string): Promise<this> {
    return this.goto(link);
  }

  /** Ready when the form shows, or the note that set-up is already done (the heading shows first). */
  override async ready(): Promise<this> {
    await super.ready();
    await this.submitButton().or(this.alreadySetUpNote()).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** "Lifeboat är redan konfigurerat.": what a used link leads to. */
  alreadySetUpNote(): Locator {
    return this.page.getByText(/^(Lifeboat är redan konfigurerat\.|Lifeboat is already set up\.)$/);
  }

  /** The button that creates the administrator. */
  submitButton(): Locator {
    return this.page.getByRole('button', { name: 'Skapa administratör', exact: true });
  }

  /** Fills in and sends the form; admins must enrol TOTP, so the enrolment comes next. */
  async createAdmin(admin: NewAdmin): Promise<TotpEnrolPage> {
    await this.page.getByLabel('E-postadress', { exact: true }).fill(admin.email);
    await this.page.getByLabel('Namn', { exact: true }).fill(admin.name);
    await this.page.getByLabel('Lösenord', { exact: true }).fill(admin.password);
    await this.page.getByLabel('Lösenord igen', { exact: true }).fill(admin.password);
    await this.submitButton().click();
    return new TotpEnrolPage(this.page, this.e2e).ready();
  }
}
