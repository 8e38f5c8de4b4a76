import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

/** The decision log, /app/decisions: entries newest first, the chain's head, the form and "correct". */
export class DecisionsPage extends AppPage {
  readonly path = '/app/decisions';
  protected readonly title = /^(Beslutslogg|Decision log)$/;

  /** Ready when the status line counts the entries shown. */
  override async ready(): Promise<this> {
    await super.ready();
    await this.statusLine().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The live status line ("Visar N beslut."). */
  statusLine(): Locator {
    return this.page.getByRole('status').filter({ hasText: /^(Visar|Showing) \d+ (beslut|decisions)\.$/ });
  }

  /** The list of entries. */
  list(): Locator {
    return this.page.getByRole('list', { name: /^(Beslut|Decisions)$/ });
  }

  /** One entry, by its number ("Beslut 3"). */
  entry(seq: number): Locator {
    return this.list().getByRole('article', { name: new RegExp(`^(Beslut|Decision) ${seq}\\b`) });
  }

  /** The headings of the entries, top to bottom. */
  async entryTitles(): Promise<string[]> {
    return (await this.list().getByRole('heading', { level: 2 }).allTextContents()).map((s) => s.trim());
  }

  /** The whole head hash from its copy box. */
  async headHash(): Promise<string> {
    return this.page.getByLabel(/^(Kedjans huvud, hela summan|Head of the chain, the whole hash)$/).inputValue();
  }

  /** Opens the form for a new decision. */
  async openForm(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Registrera ett beslut', exact: true }).click();
    const form = this.form();
    await form.waitFor({ state: 'visible', timeout: WAIT_MS });
    return form;
  }

  /** The decision form. */
  form(): Locator {
    return this.page.locator('form').filter({ has: this.page.getByLabel('Beslut', { exact: true }) });
  }

  /** Fills the open form (Swedish labels) and submits it; waits for the confirmation. */
  async record(d: { decision: string; basis?: string; decidedBy?: string; mandate?: string; systems?: string[] }) {
    const form = this.form();
    await form.getByLabel('Beslut', { exact: true }).fill(d.decision);
    if (d.basis !== undefined) await form.getByLabel('Beslutsunderlag').fill(d.basis);
    if (d.decidedBy !== undefined) await form.getByLabel('Beslutat av').fill(d.decidedBy);
    if (d.mandate !== undefined) await form.getByLabel('Mandat').fill(d.mandate);
    if (d.systems)
      await form.getByLabel('System som beslutet gäller').selectOption(d.systems.map((label) => ({ label })));
    await form.getByRole('button', { name: /^Registrera (beslutet|rättelsen)$/ }).click();
    await this.page
      .getByRole('status')
      .filter({ hasText: /^Beslut \d+ är registrerat\.$/ })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** Starts a correction of an entry; the form opens prefilled. */
  async startCorrection(seq: number): Promise<Locator> {
    await this.entry(seq)
      .getByRole('button', { name: `Rätta beslut ${seq}` })
      .click();
    const heading = this.page.getByRole('heading', { level: 2, name: `Rätta beslut ${seq}` });
    await heading.waitFor({ state: 'visible', timeout: WAIT_MS });
    return this.form();
  }
}
