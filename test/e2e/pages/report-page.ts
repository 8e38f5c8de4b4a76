import type { Locator } from 'playwright-core';
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
    await this.page.getByRole('button', { name: 'Lägg till behov' }).click();
    const n = await this.page.getByRole('group', { name: /^Behov \d+$/ }).count();
    await this.page.getByLabel(`Behov ${n}: rubrik`, { exact: true }).fill(title);
    await this.page.getByLabel(`Behov ${n}: brådska`, { exact: true }).selectOption({ label: urgency });
  }

  /** Picks a missing system by searching its name, and says by when (wall clock, `YYYY-MM-DDTHH:MM`). */
  async addMissingSystem(search: string, label: string, needBy: string): Promise<void> {
    await this.page.getByLabel('Sök system (namn eller publikt namn)').fill(search);
    await this.page.getByRole('button', { name: `Lägg till ${label}` }).click();
    await this.page.getByLabel(`${label}: behövs senast`).fill(needBy);
  }

  /** Presses "Skicka rapport". */
  async send(): Promise<void> {
    await this.page.getByRole('button', { name: 'Skicka rapport' }).click();
  }
}
