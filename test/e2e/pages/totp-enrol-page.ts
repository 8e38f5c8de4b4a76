import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';
import { RecoveryCodesPage } from './recovery-codes-page.js';

/** TOTP enrolment (after set-up, or at login when the server asks for it): QR code, key, code. */
export class TotpEnrolPage extends AppPage {
  readonly path = '/app/setup';
  protected readonly title = /^(Aktivera tvåstegsverifiering|Turn on two-step verification)$/;

  /** Ready when the key has arrived from the server (the heading shows before it does). */
  override async ready(): Promise<this> {
    await super.ready();
    await this.secretLabel().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The QR code for the authenticator app. */
  qrCode(): Locator {
    return this.page.getByRole('img', { name: /^(QR-kod för autentiseringsappen|QR code for the authenticator app)$/ });
  }

  /** "Nyckel att skriva in för hand": the term of the one description list on the step. */
  secretLabel(): Locator {
    return this.page.getByRole('term').filter({ hasText: /^(Nyckel att skriva in för hand|Key to type by hand)$/ });
  }

  /** The key as shown (groups of four) with the spaces taken out, as a person would type it. */
  async secret(): Promise<string> {
    const definitions = this.page.getByRole('main').getByRole('definition');
    if ((await definitions.count()) !== 1) throw new Error('expected exactly one key on the enrolment step');
    return ((await definitions.textContent()) ?? '').replace(/\s+/g, '');
  }

  /** Types a code from the app and confirms it; the recovery codes come next. */
  async confirm(code: string): Promise<RecoveryCodesPage> {
    await this.page.getByLabel(/^(Kod från appen|Code from the app)$/).fill(code);
    await this.page.getByRole('button', { name: /^(Bekräfta koden|Confirm the code)$/ }).click();
    return new RecoveryCodesPage(this.page, this.e2e).ready();
  }
}
