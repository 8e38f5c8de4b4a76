import type { Locator } from 'playwright-core';
import { AppPage } from './app-page.js';
import { OverviewPage } from './overview-page.js';
import { TotpCodePage } from './totp-code-page.js';

/** The login page, /app/login: e-mail and password. */
export class LoginPage extends AppPage {
  readonly path = '/app/login';
  protected readonly title = /^(Logga in|Log in)$/;

  /** The button that sends the form. */
  submitButton(): Locator {
    return this.page.getByRole('button', { name: /^(Logga in|Log in)$/ });
  }

  private async send(email: string, password: string): Promise<void> {
    await this.page.getByLabel(/^(E-postadress|E-mail address)$/).fill(email);
    await this.page.getByLabel(/^(Lösenord|Password)$/).fill(password);
    await this.submitButton().click();
  }

  /** Logs in a role without a second factor; lands on the overview. */
  async logIn(email: string, password: string): Promise<OverviewPage> {
    await this.send(email, password);
    await this.waitForPath('/app/');
    return new OverviewPage(this.page, this.e2e).ready();
  }

  /** Logs in a reporter, who lands on the situation report form, then opens the overview from the menu. */
  async logInAsReporter(email: string, password: string): Promise<OverviewPage> {
    await this.send(email, password);
    await this.waitForPath('/app/report');
    await this.mainNav()
      .getByRole('link', { name: /^(Översikt|Overview)$/ })
      .click();
    await this.waitForPath('/app/');
    return new OverviewPage(this.page, this.e2e).ready();
  }

  /** Logs in a role with TOTP; the code step comes next. */
  async logInWithTotp(email: string, password: string): Promise<TotpCodePage> {
    await this.send(email, password);
    return new TotpCodePage(this.page, this.e2e).ready();
  }
}
