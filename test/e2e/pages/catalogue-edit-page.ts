import type { Locator, Page } from 'playwright-core';
import type { E2E } from '../support/harness.js';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';
import { SystemPage } from './system-page.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The texts a field's aria-describedby points at (its hint and its error), once it is marked invalid. */
async function fieldError(page: Page, scope: Locator, label: string): Promise<string> {
  const field = scope.getByLabel(label, { exact: true });
  await scope.locator('[aria-invalid="true"]').and(field).waitFor({ state: 'visible', timeout: WAIT_MS });
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.map((s) => (s ?? '').trim()).join(' ');
}

/** The live region of a page's confirmations ("… är tillagt.", "… är borttaget."). */
function statusWith(page: Page, text: string | RegExp): Locator {
  return page.getByRole('status').filter({ hasText: text });
}

/** The systems list as an editor sees it, /app/systems: ready even while the catalogue is empty. */
export class SystemsEditPage extends AppPage {
  readonly path = '/app/systems';
  protected readonly title = /^(System|Systems)$/;

  override async ready(): Promise<this> {
    await super.ready();
    await this.page
      .getByRole('status')
      .filter({ hasText: /^(Visar|Showing) \d+ / })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** "Lägg till system" / "Add a system". */
  addLink(): Locator {
    return this.page.getByRole('link', { name: /^(Lägg till system|Add a system)$/ });
  }

  /** Follows the add link to the new-system form. */
  async toNewSystem(): Promise<NewSystemPage> {
    await this.addLink().click();
    await this.waitForPath('/app/systems/new');
    return new NewSystemPage(this.page, this.e2e).ready();
  }

  /** The names of the systems in the table, in order. */
  async shownNames(): Promise<string[]> {
    const table = this.page.getByRole('table', { name: /^(System i katalogen|Systems in the catalogue)$/ });
    const links = await table.getByRole('rowheader').getByRole('link').allTextContents();
    return links.map((s) => s.trim());
  }

  /** Opens a system from the table by its name. */
  async open(name: string): Promise<SystemEditPage> {
    await this.page.getByRole('rowheader').getByRole('link', { name, exact: true }).click();
    return new SystemEditPage(this.page, this.e2e, name).ready();
  }
}

/** What the new-system form asks for; unset fields are left as the form has them. */
export interface NewSystem {
  id: string;
  name: string;
  team?: string;
  dependsOn?: string;
}

/** The form that adds a system, /app/systems/new. */
export class NewSystemPage extends AppPage {
  readonly path = '/app/systems/new';
  protected readonly title = /^(Lägg till system|Add a system)$/;

  override async ready(): Promise<this> {
    await super.ready();
    await this.form().getByLabel('Id', { exact: true }).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The form (the only one on the page). */
  form(): Locator {
    return this.page.locator('main form');
  }

  /** Fills the form and submits it, without waiting for the outcome. */
  async submit(system: NewSystem): Promise<void> {
    const form = this.form();
    await form.getByLabel('Id', { exact: true }).fill(system.id);
    await form.getByLabel(/^(Namn|Name)$/).fill(system.name);
    if (system.team) await form.getByLabel('Team', { exact: true }).selectOption({ label: system.team });
    if (system.dependsOn !== undefined) await form.getByLabel(/^(Beroenden|Dependencies)$/).fill(system.dependsOn);
    await form.getByRole('button', { name: /^(Lägg till systemet|Add the system)$/ }).click();
  }

  /** Adds the system and waits for its own page, where the app goes on success. */
  async add(system: NewSystem): Promise<SystemEditPage> {
    await this.submit(system);
    await this.waitForPath(`/app/systems/${encodeURIComponent(system.id)}`);
    return new SystemEditPage(this.page, this.e2e, system.name).ready();
  }

  /** The error shown beside a field (with its hint), once the field is marked invalid. */
  async fieldError(label: string): Promise<string> {
    return fieldError(this.page, this.form(), label);
  }

  /** "Avbryt": back to the list. */
  async cancel(): Promise<SystemsEditPage> {
    await this.form()
      .getByRole('button', { name: /^(Avbryt|Cancel)$/ })
      .click();
    return new SystemsEditPage(this.page, this.e2e).ready();
  }
}

/** A system's page with its remove section, for an editor. */
export class SystemEditPage extends SystemPage {
  constructor(
    page: Page,
    e2e: E2E,
    readonly name: string,
  ) {
    super(page, e2e, name);
  }

  /** The "Ta bort systemet" / "Remove the system" section. */
  removeRegion(): Locator {
    return this.page.getByRole('region', { name: /^(Ta bort systemet|Remove the system)$/ });
  }

  /** Presses "Ta bort systemet", then "Ja, ta bort NAME"; does not wait for the outcome. */
  async remove(): Promise<void> {
    await this.removeRegion()
      .getByRole('button', { name: /^(Ta bort systemet|Remove the system)$/ })
      .click();
    await this.removeRegion()
      .getByRole('button', { name: new RegExp(`^(Ja, ta bort|Yes, remove) ${escapeRegExp(this.name)}$`) })
      .click();
  }

  /** Removes the system and waits for the list, where the app goes on success. */
  async removeAndReturn(): Promise<SystemsEditPage> {
    await this.remove();
    await this.waitForPath('/app/systems');
    return new SystemsEditPage(this.page, this.e2e).ready();
  }

  /** The text of the alert in the remove section, once it shows. */
  async removeError(): Promise<string> {
    const alert = this.removeRegion().getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor({ state: 'visible', timeout: WAIT_MS });
    return ((await alert.textContent()) ?? '').trim();
  }

  /** Follows a link in "Behövs av" / "Needed by" to that system's page. */
  async openNeededBy(name: string): Promise<SystemEditPage> {
    await this.page
      .getByRole('list', { name: /^(Behövs av|Needed by)$/ })
      .getByRole('link', { name, exact: true })
      .click();
    return new SystemEditPage(this.page, this.e2e, name).ready();
  }

  /** The breadcrumb back to the list. */
  async toList(): Promise<SystemsEditPage> {
    await this.page.locator('.breadcrumb').getByRole('link').click();
    return new SystemsEditPage(this.page, this.e2e).ready();
  }
}

/** The teams page, /app/teams, with its add form, capacity forms and remove buttons. */
export class TeamsEditPage extends AppPage {
  readonly path = '/app/teams';
  protected readonly title = /^(Team|Teams)$/;

  override async ready(): Promise<this> {
    await super.ready();
    await this.addForm().getByLabel('Id', { exact: true }).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The "Lägg till team" / "Add a team" section. */
  addForm(): Locator {
    return this.page.getByRole('region', { name: /^(Lägg till team|Add a team)$/ });
  }

  /** The table row of a team, by its name. */
  row(name: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** Adds a team and waits until its row and the confirmation show. */
  async addTeam(team: { id: string; name: string; capacity: number }): Promise<this> {
    const form = this.addForm();
    await form.getByLabel('Id', { exact: true }).fill(team.id);
    await form.getByLabel(/^(Namn|Name)$/).fill(team.name);
    await form.getByLabel(/^(Kapacitet|Capacity)/).fill(String(team.capacity));
    await form.getByRole('button', { name: /^(Lägg till teamet|Add the team)$/ }).click();
    await this.row(team.name).waitFor({ state: 'visible', timeout: WAIT_MS });
    await statusWith(this.page, team.name).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The capacity field of a team's row. */
  capacityField(name: string): Locator {
    return this.row(name).getByLabel(new RegExp(`^(Kapacitet för|Capacity of) ${escapeRegExp(name)}$`));
  }

  /** Changes a team's capacity in its row and waits for the confirmation. */
  async setCapacity(name: string, capacity: number): Promise<this> {
    await this.capacityField(name).fill(String(capacity));
    await this.row(name)
      .getByRole('button', { name: new RegExp(`^(Spara kapacitet för|Save the capacity of) ${escapeRegExp(name)}$`) })
      .click();
    await statusWith(this.page, /^(Kapaciteten för|The capacity of) /).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** Removes a team with its confirmation and waits until its row is gone. */
  async removeTeam(name: string): Promise<this> {
    const row = this.row(name);
    await row.getByRole('button', { name: new RegExp(`^(Ta bort|Remove) ${escapeRegExp(name)}$`) }).click();
    await row.getByRole('button', { name: new RegExp(`^(Ja, ta bort|Yes, remove) ${escapeRegExp(name)}$`) }).click();
    await row.waitFor({ state: 'detached', timeout: WAIT_MS });
    return this;
  }

  /** The names of the teams in the table. */
  async names(): Promise<string[]> {
    const names = await this.page.getByRole('rowheader').allTextContents();
    return names.map((s) => s.trim());
  }
}

/** Offices and companies, /app/units, with the add form. */
export class UnitsEditPage extends AppPage {
  readonly path = '/app/units';
  protected readonly title = /^(Kontor och bolag|Offices and companies)$/;

  override async ready(): Promise<this> {
    await super.ready();
    await this.addForm().getByLabel('Id', { exact: true }).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The "Lägg till kontor eller bolag" / "Add an office or company" section. */
  addForm(): Locator {
    return this.page.getByRole('region', { name: /^(Lägg till kontor eller bolag|Add an office or company)$/ });
  }

  /** Adds a unit of a kind (its label as the select shows it) and waits for its link in the table. */
  async addUnit(unit: { id: string; name: string; kind: string }): Promise<this> {
    const form = this.addForm();
    await form.getByLabel('Id', { exact: true }).fill(unit.id);
    await form.getByLabel(/^(Namn|Name)$/).fill(unit.name);
    await form.getByLabel(/^(Typ|Kind)$/).selectOption({ label: unit.kind });
    await form.getByRole('button', { name: /^(Lägg till|Add)$/ }).click();
    await this.page
      .getByRole('rowheader')
      .getByRole('link', { name: unit.name, exact: true })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** Opens a unit's page from the table. */
  async open(name: string): Promise<UnitEditPage> {
    await this.page.getByRole('rowheader').getByRole('link', { name, exact: true }).click();
    return new UnitEditPage(this.page, this.e2e, name).ready();
  }

  /** The names of the units in the table. */
  async names(): Promise<string[]> {
    const links = await this.page.getByRole('rowheader').getByRole('link').allTextContents();
    return links.map((s) => s.trim());
  }
}

/** One unit, /app/units/ID, with its remove section. */
export class UnitEditPage extends AppPage {
  readonly path = '/app/units';
  protected readonly title: RegExp;

  constructor(
    page: Page,
    e2e: E2E,
    readonly name: string,
  ) {
    super(page, e2e);
    this.title = new RegExp(`^${escapeRegExp(name)}$`);
  }

  /** Removes the unit with its confirmation and waits for the list, where the app goes on success. */
  async removeAndReturn(): Promise<UnitsEditPage> {
    const region = this.page.getByRole('region', {
      name: new RegExp(`^(Ta bort|Remove) ${escapeRegExp(this.name)}$`),
    });
    await region.getByRole('button', { name: /^(Ta bort|Remove)$/ }).click();
    await region
      .getByRole('button', { name: new RegExp(`^(Ja, ta bort|Yes, remove) ${escapeRegExp(this.name)}$`) })
      .click();
    await this.waitForPath('/app/units');
    return new UnitsEditPage(this.page, this.e2e).ready();
  }
}
