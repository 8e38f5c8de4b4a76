import type { Locator, Page } from 'playwright-core';
import { WAIT_MS } from '../support/page-model.js';
import type { UiLanguage } from './app-page.js';
import { AppPage } from './app-page.js';

/** The import form in either language, /app/import: for errors only (ImportPage knows the Swedish flow). */
export class ImportErrorsPage extends AppPage {
  readonly path = '/app/import';
  protected readonly title = /^(Import och export|Import and export)$/;

  /** Chooses a file and asks for a merge preview; resolves when the file's issues show. */
  async previewBadFile(name: string, buffer: Buffer): Promise<Locator> {
    await this.page.getByLabel(/^(Katalogfil|Catalogue file) /).setInputFiles({ name, mimeType: 'text/csv', buffer });
    const issues = this.page.getByRole('alert').filter({ hasText: /^(Filen innehåller fel|The file has errors)/ });
    // The page reads the file after the change event: a press before that asks for a file, so press again.
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.page.getByRole('button', { name: /^(Förhandsgranska sammanslagning|Preview the merge)$/ }).click();
      const chooseFirst = this.page.getByText(/^(Välj en fil först\.|Choose a file first\.)$/);
      await issues.or(chooseFirst).first().waitFor({ state: 'visible', timeout: WAIT_MS });
      if (await issues.isVisible()) return issues;
    }
    throw new Error(`the issues of ${name} never showed`);
  }
}

/** Switches the UI language with the header button and waits for `<html lang>` to follow. */
export async function switchLanguage(page: AppPage, to: UiLanguage): Promise<void> {
  if ((await page.language()) === to) return;
  await page.languageButton().click();
  await page.page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(to)}`, undefined, {
    timeout: WAIT_MS,
  });
}

/** Every error text the page shows: its alerts and the errors beside invalid fields. */
export async function shownErrors(page: Page): Promise<string[]> {
  const alerts = (await page.getByRole('alert').allTextContents()).map((s) => s.trim()).filter(Boolean);
  const fields: string[] = [];
  for (const field of await page.locator('[aria-invalid="true"]').all()) {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
    for (const id of ids) fields.push(((await page.locator(`[id="${id}"]`).textContent()) ?? '').trim());
  }
  return [...alerts, ...fields.filter(Boolean)];
}
