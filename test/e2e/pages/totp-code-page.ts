import { AppPage } from './app-page.js';
import { OverviewPage } from './overview-page.js';

/** The second step of login, still at /app/login: a TOTP code or a recovery code. */
export class TotpCodePage extends AppPage {
  readonly path = '/app/login';
  protected readonly title = /^(Tvåstegsverifiering|Two-step verification)$/;

  /** Sends a code (from the app, or a recovery code); lands on the overview. */
  async verify(code: string): Promise<OverviewPage> {
    await this.page.getByLabel(/^(Kod|Code)$/).fill(code);
    await this.page.getByRole('button', { name: /^(Verifiera|Verify)$/ }).click();
    await this.waitForPath('/app/');
    return new OverviewPage(this.page, this.e2e).ready();
  }
}
