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

  /** The button that asks the server for a preview (its name says merge or replace). */
  previewButton(): Locator {
    return this.page.getByRole('button', { name: /^Förhandsgranska (sammanslagning|ersättning)$/ });
  }

  /** The choice between merging (the default) and replacing the catalogue. */
  modeRadio(mode: 'merge' | 'replace'): Locator {
    return this.page.getByRole('radio', { name: mode === 'merge' ? /^Slå samman/ : /^Ersätt hela katalogen/ });
  }

  /** The box that takes status and remaining time from the file. */
  statusesBox(): Locator {
    return this.page.getByRole('checkbox', { name: /^Ta status och återstående tid från filen/ });
  }

  /** The question before a replace. */
  replaceDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Ersätta hela katalogen?' });
  }

  /** The preview of a file, once the server has answered. */
  previewRegion(fileName: string): Locator {
    return this.page.getByRole('region', { name: `Förhandsgranskning av ${fileName}`, exact: true });
  }

  /** What was applied from a file, once the server has answered. */
  appliedRegion(fileName: string): Locator {
    return this.page.getByRole('region', { name: `Genomfört från ${fileName}`, exact: true });
  }

  /**
   * Chooses a file (a path, or a name and its bytes) and how to import it, and asks for its preview;
   * resolves when the preview shows.
   */
  async preview(
    file: string | { name: string; buffer: Buffer },
    how: { replace?: boolean; statuses?: boolean } = {},
  ): Promise<this> {
    const name = typeof file === 'string' ? (file.split('/').pop() ?? file) : file.name;
    await this.fileInput().setInputFiles(
      typeof file === 'string' ? file : { name: file.name, mimeType: 'text/csv', buffer: file.buffer },
    );
    await this.modeRadio(how.replace ? 'replace' : 'merge').check();
    await this.statusesBox().setChecked(how.statuses === true);
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

  /** Applies the previewed merge; resolves when the page confirms it. */
  async apply(fileName: string): Promise<this> {
    await this.previewRegion(fileName).getByRole('button', { name: 'Genomför importen', exact: true }).click();
    return this.applied(fileName);
  }

  /** Asks to apply a previewed replace; resolves with the question, which names what disappears. */
  async askReplace(fileName: string): Promise<Locator> {
    await this.previewRegion(fileName).getByRole('button', { name: 'Ersätt katalogen …', exact: true }).click();
    await this.replaceDialog().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this.replaceDialog();
  }

  /** Answers yes to the question of askReplace; resolves when the page confirms the import. */
  async confirmReplace(fileName: string): Promise<this> {
    await this.replaceDialog()
      .getByRole('button', { name: /^Ja, ersätt och ta bort \d+$/ })
      .click();
    return this.applied(fileName);
  }

  /** The changes table of one changed record in a region ("Ändringar i NAME"), as rows of [field, before, after]. */
  async changes(region: Locator, name: string): Promise<string[][]> {
    const table = region.getByRole('table', { name: `Ändringar i ${name}`, exact: true });
    const rows = table.getByRole('row');
    const out: string[][] = [];
    for (let i = 1; i < (await rows.count()); i++) {
      const cells = rows.nth(i).getByRole('cell').or(rows.nth(i).getByRole('rowheader'));
      out.push((await cells.allTextContents()).map((c) => c.trim()));
    }
    return out;
  }

  private async applied(fileName: string): Promise<this> {
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
