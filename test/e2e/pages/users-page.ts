import type { Locator } from 'playwright-core';
import type { Role } from '../../../src/domain/roles.js';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';
import { AuditPage } from './audit-page.js';

/** How the UI names each role in Swedish (the default language of these tests). */
export const ROLE_SV: Record<Role, string> = {
  admin: 'Administratör',
  staff: 'Krisstab',
  recovery: 'IT-återställning',
  communicator: 'Kommunikatör',
  reporter: 'Rapportör',
  observer: 'Observatör',
};

/** A new account as the add form asks for it. */
export interface NewUser {
  email: string;
  name: string;
  role: Role;
}

/** User administration, /app/users: the table of users, the add form and the role form. */
export class UsersPage extends AppPage {
  readonly path = '/app/users';
  protected readonly title = /^(Användare|Users)$/;

  /** Ready when the table has rows (every admin sees at least itself). */
  override async ready(): Promise<this> {
    await super.ready();
    await this.table().getByRole('rowheader').first().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The table of users, named by its caption. */
  table(): Locator {
    return this.page.getByRole('table', { name: /^(Användare|Users)$/ });
  }

  /** A user's row, found by the name in its row header. */
  row(name: string): Locator {
    return this.table()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** The role a user's row shows, as text. */
  async roleOf(name: string): Promise<string> {
    const cells = this.row(name).getByRole('cell');
    // Columns after the row header: e-mail, role, unit, ...
    return ((await cells.nth(1).textContent()) ?? '').trim();
  }

  /** The confirmation region ("Rollen för X är sparad."). */
  status(): Locator {
    return this.page.getByRole('status').filter({ hasText: /\S/ });
  }

  /** The add form, "Lägg till användare". */
  addForm(): Locator {
    return this.page.getByRole('region', { name: /^(Lägg till användare|Add a user)$/ });
  }

  /** Adds a user; waits until the one-time link for it shows. */
  async addUser(user: NewUser): Promise<this> {
    const form = this.addForm();
    await form.getByLabel('E-postadress', { exact: true }).fill(user.email);
    await form.getByLabel('Namn', { exact: true }).fill(user.name);
    await form.getByLabel('Roll', { exact: true }).selectOption({ label: ROLE_SV[user.role] });
    await form.getByRole('button', { name: 'Lägg till och skapa länk' }).click();
    await this.page
      .getByRole('heading', { name: `Engångslänk för ${user.name}`, exact: true })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    await this.row(user.name).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The role form of one user, once opened. */
  roleForm(name: string): Locator {
    return this.page.getByRole('region', { name: `Ändra roll för ${name}`, exact: true });
  }

  /** Opens a user's role form from its row. */
  async openRoleForm(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole('button', { name: `Ändra roll för ${name}`, exact: true })
      .click();
    const form = this.roleForm(name);
    await form.waitFor({ state: 'visible', timeout: WAIT_MS });
    return form;
  }

  /** Chooses a role in a user's role form (opening it if needed) and saves it; the caller waits for the result. */
  async saveRole(name: string, role: Role): Promise<Locator> {
    const form = (await this.roleForm(name).isVisible()) ? this.roleForm(name) : await this.openRoleForm(name);
    await form.getByLabel('Roll', { exact: true }).selectOption({ label: ROLE_SV[role] });
    await form.getByRole('button', { name: `Spara roll för ${name}`, exact: true }).click();
    return form;
  }

  /** Changes a user's role and waits for the confirmation and for the reloaded table to show it. */
  async changeRole(name: string, role: Role): Promise<this> {
    await this.saveRole(name, role);
    await this.status()
      .filter({ hasText: `Rollen för ${name} är sparad.` })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    // The confirmation comes before the list has been fetched again.
    await this.row(name)
      .getByRole('cell', { name: ROLE_SV[role], exact: true })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** Lifts a user's login locks with the row's button and waits for the confirmation. */
  async unlock(name: string): Promise<this> {
    await this.row(name)
      .getByRole('button', { name: `Lås upp inloggningen för ${name}`, exact: true })
      .click();
    await this.status()
      .filter({ hasText: `Inloggningen för ${name} är upplåst.` })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /**
   * What a screen reader hears as the description of a field of a user's role form (its hint and
   * its error, through aria-describedby); waits until the field is marked invalid.
   */
  async fieldError(name: string, label: 'Roll' | 'Kontor eller bolag'): Promise<string> {
    const field = this.roleForm(name).getByLabel(label, { exact: true });
    await this.roleForm(name)
      .locator(`[aria-invalid="true"]`)
      .and(field)
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    const texts = await Promise.all(ids.map((id) => this.page.locator(`[id="${id}"]`).textContent()));
    return texts.map((s) => (s ?? '').trim()).join(' ');
  }

  /** Follows the page's own link to the audit log. */
  async toAuditLog(): Promise<AuditPage> {
    await this.page
      .getByRole('main')
      .getByRole('link', { name: /^Granskningsloggen/ })
      .click();
    await this.waitForPath('/app/audit');
    return new AuditPage(this.page, this.e2e).ready();
  }
}
