import type { Locator, Page } from 'playwright-core';
import type { E2E } from '../support/harness.js';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** The situation report form, /app/report, as a reporter uses it on a phone (Swedish labels). */
export class ReportPage extends AppPage {
  readonly path = '/app/report';
  protected readonly title = /^(Lägesrapport|Situation report)$/;

  override async ready(): Promise<this> {
    await super.ready();
    await this.situation().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /**
   * Follows an invitation link on `page`: chooses the password, and opens the report form from the menu once
   * logged in.
   */
  static async acceptInvitation(page: Page, e2e: E2E, invitationUrl: string, password: string): Promise<ReportPage> {
    await page.goto(`${e2e.baseUrl}/app/invite${new URL(invitationUrl).hash}`);
    await page.getByLabel('Lösenord', { exact: true }).fill(password);
    await page.getByLabel('Lösenord igen', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Spara och logga in' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/invite'), { timeout: WAIT_MS });
    await page.getByRole('link', { name: 'Lägesrapport' }).first().click();
    return new ReportPage(page, e2e).ready();
  }

  /** The title field of the n-th need (from 1). */
  needTitle(n: number): Locator {
    return this.page.getByLabel(`Behov ${n}: rubrik`, { exact: true });
  }

  /** The "needed by" field of a missing system, by the label it was added with. */
  needBy(label: string): Locator {
    return this.page.getByLabel(`${label}: behövs senast`);
  }

  /** The "Läge" text. */
  situation(): Locator {
    return this.page.getByLabel('Läge', { exact: true });
  }

  /** The status line that says whether the text is only on the device or sent. */
  status(): Locator {
    return this.page.locator('.report-status');
  }

  /** The alert that a send failed. */
  failure(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Kunde inte skicka' });
  }

  /** Chooses the overall state by its words. */
  async overall(state: 'Normalt' | 'Påverkat' | 'Allvarligt påverkat'): Promise<void> {
    await this.page.getByRole('radio', { name: state, exact: true }).check();
  }

  /** Adds a need for support with a title and an urgency. */
  async addNeed(title: string, urgency: 'Låg' | 'Medel' | 'Hög' | 'Akut'): Promise<void> {
    // Counted before the click: counted after, a slow render would name the previous need.
    const n = (await this.page.getByRole('group', { name: /^Behov \d+$/ }).count()) + 1;
    await this.page.getByRole('button', { name: 'Lägg till behov' }).click();
    await this.needTitle(n).fill(title);
    await this.page.getByLabel(`Behov ${n}: brådska`, { exact: true }).selectOption({ label: urgency });
  }

  /** Picks a missing system by searching its name, and says by when (wall clock, `YYYY-MM-DDTHH:MM`). */
  async addMissingSystem(search: string, label: string, needBy: string): Promise<void> {
    await this.page.getByLabel('Sök system (namn eller publikt namn)').fill(search);
    await this.page.getByRole('button', { name: `Lägg till ${label}` }).click();
    await this.needBy(label).fill(needBy);
  }

  /** Presses "Skicka rapport". */
  async send(): Promise<void> {
    await this.page.getByRole('button', { name: 'Skicka rapport' }).click();
  }
}
