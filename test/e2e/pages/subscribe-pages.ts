import type { Locator } from 'playwright-core';
import { PageModel, WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** The residents' subscribe page, /subscribe: a plain form that works without script. */
export class SubscribePage extends PageModel {
  readonly path = '/subscribe';

  /** The page's language as its <html> says. */
  async lang(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }

  /** How many h1 the page has. */
  async h1Count(): Promise<number> {
    return this.page.getByRole('heading', { level: 1 }).count();
  }

  /** Fills the form and sends it; waits for the answer's heading. */
  async subscribe(email: string, language: 'Svenska' | 'English'): Promise<string> {
    await this.page.getByLabel(/^(E-postadress|E-mail address)$/).fill(email);
    await this.page.getByLabel(/^(Språk i meddelandena|Language of the updates)$/).selectOption({ label: language });
    await this.page.getByRole('button', { name: /^(Prenumerera|Subscribe)$/ }).click();
    await this.page.waitForLoadState('load');
    return this.headingText();
  }

  /** The error shown with the form, if any. */
  error(): Locator {
    return this.page.getByRole('alert');
  }
}

/** The page behind a confirmation or unsubscribe link: one button that does it. */
export class TokenPage extends PageModel {
  readonly path = '/subscribe/confirm';

  /** Presses the page's one button and returns the next page's heading. */
  async press(name: RegExp): Promise<string> {
    await this.page.getByRole('button', { name }).click();
    await this.page.waitForLoadState('load');
    return this.headingText();
  }
}

/** The partners' webhooks page, /app/webhooks. */
export class WebhooksPage extends AppPage {
  readonly path = '/app/webhooks';
  protected readonly title = /^(Webhooks för partner|Partners' webhooks)$/;

  /** Adds a webhook; returns the secret shown once. */
  async add(name: string, url: string): Promise<string> {
    await this.page.getByLabel(/^(Namn|Name)$/).fill(name);
    await this.page.getByLabel(/^(Adress|Address)/).fill(url);
    await this.page.getByRole('button', { name: /^(Lägg till|Add)$/ }).click();
    const box = this.page.getByRole('textbox', { name: /^(Hemlig nyckel|Secret key)$/ });
    await box.waitFor({ state: 'visible', timeout: WAIT_MS });
    return box.inputValue();
  }

  /** Sends the form without a name; returns the error shown beside the name once it is marked invalid. */
  async addWithoutName(url: string): Promise<string> {
    await this.page.getByLabel(/^(Adress|Address)/).fill(url);
    await this.page.getByRole('button', { name: /^(Lägg till|Add)$/ }).click();
    const name = this.page.getByLabel(/^(Namn|Name)$/);
    await this.page.locator('[aria-invalid="true"]').and(name).waitFor({ state: 'visible', timeout: WAIT_MS });
    return (await this.page.locator('#webhook-name-error').textContent()) ?? '';
  }

  /** Closes the panel with the secret. */
  async secretCopied(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Jag har kopierat nyckeln|I have copied the key)$/ }).click();
  }

  /** The row of a webhook in the table. */
  row(name: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** Asks for a new secret; returns it. */
  async rotate(name: string): Promise<string> {
    await this.page.getByRole('button', { name: new RegExp(`^(Ny nyckel för|New key for) ${name}$`) }).click();
    const box = this.page.getByRole('textbox', { name: /^(Hemlig nyckel|Secret key)$/ });
    await box.waitFor({ state: 'visible', timeout: WAIT_MS });
    return box.inputValue();
  }

  /** Sends a test call and waits for the confirmation. */
  async test(name: string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^(Skicka test till|Send a test to) ${name}$`) }).click();
    await this.page.getByText(/(ligger i kön för utskick|is in the outgoing queue)/).waitFor({ timeout: WAIT_MS });
  }

  /** Removes a webhook, answering the question. */
  async remove(name: string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^(Ta bort|Remove) ${name}$`) }).click();
    await this.page.getByRole('button', { name: new RegExp(`^(Ja, ta bort|Yes, remove) ${name}$`) }).click();
    await this.row(name).waitFor({ state: 'detached', timeout: WAIT_MS });
  }
}
