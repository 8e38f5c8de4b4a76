import type { Locator, Page } from 'playwright-core';
import type { E2E } from '../support/harness.js';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One system, /app/systems/ID: details, what it needs, what needs it, editing and history. */
export class SystemPage extends AppPage {
  readonly path = '/app/systems';
  protected readonly title: RegExp;

  /** `name` is the system's name, the page's h1. */
  constructor(page: Page, e2e: E2E, name: string) {
    super(page, e2e);
    this.title = new RegExp(`^${escapeRegExp(name)}$`);
  }

  /** Opens a system's page by its id. */
  async open(id: string): Promise<this> {
    return this.goto(`/app/systems/${encodeURIComponent(id)}`);
  }

  /** Ready when the dependencies both ways have loaded (the h1 shows first). */
  override async ready(): Promise<this> {
    await super.ready();
    await this.needsHeading().waitFor({ state: 'visible', timeout: WAIT_MS });
    await this.neededByHeading().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** "Behöver" / "Needs". */
  needsHeading(): Locator {
    return this.page.getByRole('heading', { level: 2, name: /^(Behöver|Needs)$/ });
  }

  /** "Behövs av" / "Needed by". */
  neededByHeading(): Locator {
    return this.page.getByRole('heading', { level: 2, name: /^(Behövs av|Needed by)$/ });
  }

  /** The names of the systems this one needs. */
  async needs(): Promise<string[]> {
    return this.refNames(/^(Behöver|Needs)$/);
  }

  /** The names of the systems that need this one. */
  async neededBy(): Promise<string[]> {
    return this.refNames(/^(Behövs av|Needed by)$/);
  }

  private async refNames(name: RegExp): Promise<string[]> {
    const links = await this.page.getByRole('list', { name }).getByRole('link').allTextContents();
    return links.map((s) => s.trim());
  }

  /** The section for changing the system ("Redigera systemet" / "Edit the system"). */
  editRegion(): Locator {
    return this.page.getByRole('region', { name: /^(Redigera systemet|Edit the system)$/ });
  }

  /** The button that opens the edit form; absent for roles that may not edit. */
  editButton(): Locator {
    return this.editRegion().getByRole('button', { name: /^(Redigera|Edit)$/ });
  }

  /** The note shown instead of the edit button to roles that may only read. */
  readOnlyNote(): Locator {
    return this.editRegion().getByText(
      /^(Din roll kan läsa men inte ändra systemet\.|Your role may read but not change the system\.)$/,
    );
  }
}
