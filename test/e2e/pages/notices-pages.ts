import type { Locator, Page } from 'playwright-core';
import type { E2E } from '../support/harness.js';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** The public updates, /app/notices: the list, the new update form and the site's languages. */
export class NoticesPage extends AppPage {
  readonly path = '/app/notices';
  protected readonly title = /^(Meddelanden|Public updates)$/;

  /** Starts a new update by its title and waits for its editor. */
  async create(title: string): Promise<NoticeEditorPage> {
    await this.page.getByLabel('Rubrik', { exact: true }).fill(title);
    await this.page.getByRole('button', { name: 'Skriv meddelandet' }).click();
    return new NoticeEditorPage(this.page, this.e2e, title).ready();
  }

  /** Opens an update from the list by its title. */
  async open(title: string): Promise<NoticeEditorPage> {
    await this.page.getByRole('link', { name: title, exact: true }).click();
    return new NoticeEditorPage(this.page, this.e2e, title).ready();
  }
}

/** One update's editor, /app/notices/:id: language tabs, the text form, the four-eyes actions, the history. */
export class NoticeEditorPage extends AppPage {
  readonly path = '/app/notices';
  protected readonly title: RegExp;

  constructor(page: Page, e2e: E2E, title: string) {
    super(page, e2e);
    this.title = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  }

  /** The update's state in words (Utkast, Väntar på granskning, Publicerat). */
  status(): Locator {
    return this.page.locator('.upd-meta .upd-status');
  }

  /** The live LIX line under the text. */
  lix(): Locator {
    return this.page.getByTestId('lix');
  }

  /** The live SMS count under the summary. */
  smsCount(): Locator {
    return this.page.getByTestId('sms-count');
  }

  /** Fills the open language's text and saves it. */
  async writeText(text: { body: string; sms: string }): Promise<void> {
    await this.page.getByLabel('Text', { exact: true }).fill(text.body);
    await this.page.getByLabel('Sms-sammanfattning', { exact: true }).fill(text.sms);
    await this.page.getByRole('button', { name: 'Spara texten' }).click();
    await this.page.getByRole('status').getByText('Texten är sparad.').waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** Presses one of the review actions and waits for its confirmation. */
  async act(button: string, done: string): Promise<void> {
    await this.page.getByRole('button', { name: button, exact: true }).click();
    await this.page.getByRole('status').getByText(done).waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** Why publishing is refused to this reader, as the page explains it. */
  refusal(): Locator {
    return this.page.getByTestId('publish-refusal');
  }
}

/** The A4 notice of a published update, /app/notices/:id/print. */
export class NoticePrintPage extends AppPage {
  readonly path = '/app/notices';
  protected readonly title: RegExp;

  constructor(page: Page, e2e: E2E, title: string) {
    super(page, e2e);
    this.title = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  }

  /** The QR code to the update's public page. */
  qr(): Locator {
    return this.page.getByRole('img', { name: /^QR-kod till / });
  }
}
