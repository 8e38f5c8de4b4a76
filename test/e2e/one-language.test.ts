// One language at a time (issue 7, point 3) in Chromium: an administrator makes the same mistakes in
// Swedish, in English and in Swedish again (a new system that needs an unknown one, and a CSV with a
// bad cell), and every error shown is in the language of the page, with no word of the other one; a
// switch of language drops the errors that came in the old one. axe checks each state.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SystemsEditPage } from './pages/catalogue-edit-page.js';
import { ImportErrorsPage, shownErrors, switchLanguage } from './pages/errors-in-language.js';
import { SetupPage } from './pages/setup-page.js';
import { describeBrowser } from './support/harness.js';

const PASSWORD = 'a long test password 42';
const BAD_CSV = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/bad/wrong-type.csv'));

// Words of each language's error texts. Quoted values, file names and field paths are data, not language.
const WORDS = {
  sv: /[åäöÅÄÖ]|\b(okänt|måste|finns|inget|kolumnen|ett tal|väntades|fick|Filen|fel|kunde)\b/,
  // No `i` flag and no bare "got": `\b` sees å as a break, so "Något" would hold the word "got".
  en: /\b(unknown|must|there is|expected|column|The file|errors|could not|Nothing|Something)\b|, got /,
} as const;
const data = (text: string) =>
  text.replace(/"[^"]*"|\S+\.csv(:\d+)?:?|systems\[\d+\] \([^)]*\)(\.\w+)*|depends_on\[\d+\]/g, '');

async function expectOnly(lang: 'sv' | 'en', errors: string[]): Promise<void> {
  expect(errors.length, `errors shown in ${lang}`).toBeGreaterThan(0);
  const other = lang === 'sv' ? WORDS.en : WORDS.sv;
  for (const text of errors) {
    expect(data(text), `${lang}: ${text}`).not.toMatch(other);
    expect(data(text), `${lang}: ${text}`).toMatch(WORDS[lang]);
  }
}

describeBrowser('one language at a time in the errors shown', (e2e) => {
  it('shows a bad system form and a bad import in Swedish, in English, and in Swedish again', async () => {
    const env = e2e();
    const page = await env.newPage();
    const enrol = await (await new SetupPage(page, env).open(await env.setupLink())).createAdmin({
      email: 'admin@sprak.test',
      name: 'Sara Språk',
      password: PASSWORD,
    });
    const overview = await (await enrol.confirm(env.totpCode(await enrol.secret()))).done();
    await overview.navLink('System').click();
    const list = await new SystemsEditPage(page, env).ready();
    const form = await list.toNewSystem();

    const badSystem = { id: 'ny', name: 'Nytt system', dependsOn: 'saknas' };
    const formErrors = async (lang: 'sv' | 'en') => {
      await form.submit(badSystem);
      const error = page.getByRole('alert').filter({ hasText: /saknas/ });
      await error.waitFor({ state: 'visible', timeout: 10_000 });
      const errors = await shownErrors(page);
      expect(errors.join(' ')).toContain(lang === 'sv' ? 'okänt system "saknas"' : 'unknown system "saknas"');
      await expectOnly(lang, errors);
      await env.checkA11y(page, `the new-system form with an error in ${lang}`);
    };

    await formErrors('sv');
    await switchLanguage(form, 'en');
    // What came in Swedish is gone; the same mistake now answers in English.
    expect(await shownErrors(page)).toEqual([]);
    await formErrors('en');
    await switchLanguage(form, 'sv');
    expect(await shownErrors(page)).toEqual([]);
    await formErrors('sv');

    await page.goto(`${env.baseUrl}/app/import`);
    const importing = await new ImportErrorsPage(page, env).ready();
    const importErrors = async (lang: 'sv' | 'en') => {
      const issues = await importing.previewBadFile('fel.csv', BAD_CSV);
      const text = (await issues.textContent()) ?? '';
      expect(text).toContain(lang === 'sv' ? 'ett tal väntades, fick "hög"' : 'expected a number, got "hög"');
      await expectOnly(lang, await shownErrors(page));
      await env.checkA11y(page, `the import page with a file's issues in ${lang}`);
    };
    await importErrors('sv');
    await switchLanguage(importing, 'en');
    expect(await shownErrors(page)).toEqual([]);
    await importErrors('en');
    await switchLanguage(importing, 'sv');
    expect(await shownErrors(page)).toEqual([]);
    await importErrors('sv');

    // The refusals, and nothing else, reached the console.
    for (const problem of env.problems(page)) expect(problem.text).toMatch(/status of 422/);
  });
});
