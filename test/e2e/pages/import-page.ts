import type { Locator } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import { AppPage } from './app-page.js';
import { SystemsPage } from './systems-page.js';

/** What a diff (preview or applied) says about one kind of thing. */
export interface DiffCounts {
  added: number;
  changed: number;
  removed: number;
}

const KIND_NAMES = { teams: 'Team', units: 'Kontor och bolag', systems: 'System' } as const;

/** Import and export, /app/import: choose a file, preview what changes, apply. */
export class ImportPage extends AppPage {
  readonly path = '/app/import';
  protected readonly title = /^(Import och export|Import and export)$/;

  /** The labelled file input (absent for roles that may not import). */
  fileInput(): Locator {
    return this.page.getByLabel(/^Katalogfil /);
  }

  /** The note shown instead of the import form to roles that may not import. */
  readOnlyNote(): Locator {
    return this.page
      .getByRole('region', { name: /^(Importera katalog|Import a catalogue)$/ })
      .getByText(/^(Din roll kan exportera men inte importera\.|Your role may export but not import\.)$/);
  }

  /** The button that asks the server for a preview. */
  previewButton(): Locator {
    return this.page.getByRole('button', { name: 'Förhandsgranska', exact: true });
  }

  /** The preview of a file, once the server has answered. */
  previewRegion(fileName: string): Locator {
    return this.page.getByRole('region', { name: `Förhandsgranskning av ${fileName}`, exact: true });
  }

  /** What was applied from a file, once the server has answered. */
  appliedRegion(fileName: string): Locator {
    return this.page.getByRole('region', { name: `Genomfört från ${fileName}`, exact: true });
  }

  /** Chooses a file and asks for its preview; resolves when the preview shows. */
  async preview(file: string): Promise<this> {
    const name = file.split('/').pop() ?? file;
    await this.fileInput().setInputFiles(file);
    // The page reads the file asynchronously after the change event; the preview answer is the visible
    // sign that it went through. "Välj en fil först." means the button beat the reader, so press again.
    const chooseFirst = this.page.getByText('Välj en fil först.', { exact: true });
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.previewButton().click();
      await this.previewRegion(name).or(chooseFirst).waitFor({ state: 'visible', timeout: WAIT_MS });
      if (await this.previewRegion(name).isVisible()) return this;
    }
    throw new Error(`the preview of ${name} never showed: the page kept saying "Välj en fil först."`);
  }

  /** Applies the previewed import; resolves when the page confirms it. */
  async apply(fileName: string): Promise<this> {
    await this.previewRegion(fileName).getByRole('button', { name: 'Genomför importen', exact: true }).click();
    await this.page
      .getByRole('status')
      .filter({ hasText: 'Importen är genomförd.' })
      .waitFor({ state: 'visible', timeout: WAIT_MS });
    await this.appliedRegion(fileName).waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The counts a diff region shows for one kind ("Läggs till (58)", ...). */
  async counts(region: Locator, kind: keyof typeof KIND_NAMES): Promise<DiffCounts> {
    const terms = region.getByRole('region', { name: KIND_NAMES[kind], exact: true }).getByRole('term');
    const count = async (label: string) => {
      const text = (await terms.filter({ hasText: new RegExp(`^${label} \\(`) }).textContent()) ?? '';
      const match = /\((\d+)\)/.exec(text);
      if (!match) throw new Error(`no count in "${text}"`);
      return Number(match[1]);
    };
    return { added: await count('Läggs till'), changed: await count('Ändras'), removed: await count('Tas bort') };
  }

  /** Follows the main menu to the list of systems. */
  async toSystems(): Promise<SystemsPage> {
    await this.navLink('System').click();
    await this.waitForPath('/app/systems');
    return new SystemsPage(this.page, this.e2e).ready();
  }
}
