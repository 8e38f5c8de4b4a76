import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** The common situation picture, /app/picture: the draft's sections, the approval form, the approved list. */
export class PicturePage extends AppPage {
  readonly path = '/app/picture';
  protected readonly title = /^(Lägesbild|Situation picture)$/;

  /** Ready when the draft's units are shown. */
  override async ready(): Promise<this> {
    await super.ready();
    await this.units().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The list of offices and companies, worst first. */
  units(): Locator {
    return this.page.getByRole('list', { name: /^(Kontor och bolag|Offices and companies)$/ });
  }

  /** A unit's state in words, as its line shows it. */
  async unitState(name: string): Promise<string> {
    const badge = this.units().getByRole('listitem', { name }).locator('.picture-state');
    await badge.waitFor({ state: 'visible', timeout: WAIT_MS });
    return ((await badge.textContent()) ?? '').trim();
  }

  /** A system's card among the systems missed. */
  demand(system: string): Locator {
    return this.page
      .getByRole('list', { name: /^(System som kontor och bolag saknar|Systems the offices and companies miss)$/ })
      .getByRole('listitem', { name: new RegExp(`^${system.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  }

  /** The warnings of the systems missed, as text. */
  async warnings(): Promise<string[]> {
    return (await this.page.getByTestId('demand-warning').allTextContents()).map((s) => s.trim());
  }

  /** Approves the picture with a summary and waits for the confirmation. */
  async approve(summary: string): Promise<void> {
    await this.page.getByLabel('Sammanfattning', { exact: true }).fill(summary);
    await this.page.getByRole('button', { name: 'Fastställ', exact: true }).click();
    await this.page
      .getByRole('status')
      .filter({ hasText: /^Lägesbilden är fastställd som version \d+\.$/ })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** Opens an approved picture by its link in the list. */
  async open(link: string): Promise<void> {
    const list = this.page.getByRole('list', { name: /^(Fastställda lägesbilder|Approved pictures)$/ });
    await list.getByRole('link', { name: link, exact: true }).click();
  }

  /** The approved pictures' links, newest first. */
  async approvedLinks(): Promise<string[]> {
    const list = this.page.getByRole('list', { name: /^(Fastställda lägesbilder|Approved pictures)$/ });
    return (await list.getByRole('link').allTextContents()).map((s) => s.trim());
  }
}

/** One approved picture, /app/pictures/:id: the summary, the picture, the export link and the footer. */
export class ApprovedPicturePage extends AppPage {
  readonly path = '/app/pictures';
  protected readonly title = /^(Fastställd lägesbild, version \d+|Approved situation picture, version \d+)/;

  /** The link that downloads the JSON export. */
  exportLink(): Locator {
    return this.page.getByRole('link', { name: /^(Exportera JSON|Export JSON)$/ });
  }
}
