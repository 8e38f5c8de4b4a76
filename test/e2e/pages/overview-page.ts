import { AppPage } from './app-page.js';
import { ImportPage } from './import-page.js';
import { SystemsPage } from './systems-page.js';

/** The start page once signed in, /app/. */
export class OverviewPage extends AppPage {
  readonly path = '/app/';
  protected readonly title = /^(Översikt|Overview)$/;

  /** Follows the main menu to the import page. */
  async toImport(): Promise<ImportPage> {
    await this.navLink('Import och export').click();
    await this.waitForPath('/app/import');
    return new ImportPage(this.page, this.e2e).ready();
  }

  /** Follows the main menu to the list of systems. */
  async toSystems(): Promise<SystemsPage> {
    await this.navLink('System').click();
    await this.waitForPath('/app/systems');
    return new SystemsPage(this.page, this.e2e).ready();
  }
}
