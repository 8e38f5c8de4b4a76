import type { Locator } from 'playwright-core';
import { PageModel, WAIT_MS } from '../support/page-model.js';

/** The incident page, /app/incident: the open incident, or the form to open one; past incidents. */
export class IncidentPageModel extends PageModel {
  readonly path = '/app/incident';

  /** Fills the form that opens an incident and sends it; waits for the open incident's heading. */
  async open(fields: { title: string; detected: string; severity: string; exercise: boolean }): Promise<void> {
    await this.page.getByLabel(/^(Rubrik|Title)/).fill(fields.title);
    await this.page.getByLabel(/^(Upptäcktes|Detected)/).fill(fields.detected);
    await this.page.getByLabel(/^(Allvarlighet|Severity)/).selectOption({ label: fields.severity });
    if (fields.exercise) await this.page.getByLabel(/^(Det här är en övning|This is an exercise)/).check();
    await this.page.getByRole('button', { name: /^(Öppna händelsen|Open the incident)$/ }).click();
    await this.activeHeading().waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  /** The open incident's heading. */
  activeHeading(): Locator {
    return this.page.getByRole('heading', { level: 2, name: /^(Pågående händelse|Open incident):/ });
  }

  /** Closes the open incident, answering the question the page asks. */
  async close(): Promise<void> {
    await this.page.getByRole('button', { name: /^(Avsluta händelsen|Close the incident)$/ }).click();
    await this.page.getByRole('button', { name: /^(Ja, avsluta|Yes, close it)$/ }).click();
    await this.page.getByRole('heading', { level: 2, name: /^(Öppna en händelse|Open an incident)$/ }).waitFor({
      timeout: WAIT_MS,
    });
  }

  /** The past incidents' links. */
  pastLinks(): Locator {
    return this.page.getByRole('region', { name: /^(Tidigare händelser|Past incidents)$/ }).getByRole('link');
  }
}

/** The shell's exercise banner (on every page while the open incident is an exercise). */
export function exerciseBanner(page: PageModel['page']): Locator {
  return page.getByRole('region', { name: 'ÖVNING / EXERCISE' });
}

/** The recovery board, /app/board. */
export class BoardPageModel extends PageModel {
  readonly path = '/app/board';

  /** Ready when the columns are there. */
  override async ready(): Promise<this> {
    await super.ready();
    await this.column(/^(I drift|Operational)/).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** One status column, by its heading. */
  column(name: RegExp): Locator {
    return this.page.getByRole('region', { name });
  }

  /** The cards' headings of a column. */
  async cardNames(name: RegExp): Promise<string[]> {
    return (await this.column(name).getByRole('heading', { level: 3 }).allTextContents()).map((s) => s.trim());
  }

  /** The chart: an image with its name. */
  chart(): Locator {
    return this.page.getByRole('img', { name: /^(System åter i drift över tid|Systems back over time)$/ });
  }

  /** Picks a team in the filter. */
  async filterTeam(label: string): Promise<void> {
    await this.page.getByLabel(/^Team$/).selectOption({ label });
  }
}
