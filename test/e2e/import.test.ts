// Imports that are safe in an incident, in Chromium: a partial CSV merges (its preview names the systems and
// shows each changed field, translated, with old and new values) and removes nothing; a Windows-1252 file
// from Swedish Excel keeps å, ä and ö and says how it was read; replacing asks first, naming every system
// that would disappear. axe checks every state of the page on the way.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { applyImport, CLI_ACTOR } from '../../src/server/catalogue/catalogue.service.js';
import { loadCatalogue } from '../../src/store/catalogue/catalogue.repository.js';
import { ImportPage } from './pages/import-page.js';
import { SetupPage } from './pages/setup-page.js';
import { describeBrowser } from './support/harness.js';

const PASSWORD = 'a long test password 42';
const FIXTURE = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/exempelstad.yaml'), 'utf8');

const PARTIAL = [
  'id;name;kind;owner;team;depends_on;status',
  'core-network;Kärnnät och brandväggar;infrastructure;it;infra;;I drift',
  'ad;Active Directory (katalogtjänst);infrastructure;it;infra;dns-dhcp|virtualisation;Återställs',
  'email;E-post och kalender;application;it;platform;ad|identity-sync|mfa;',
  'vaxel;Telefonväxel för åtkomst;application;it;platform;core-network;',
  'skolportal;Skolportalen för förskolor;application;it;apps;ad|vaxel;',
].join('\r\n');

describeBrowser('import: merge, encodings and a replace that asks', (e2e) => {
  it('merges a partial CSV with names and old and new values, reads Windows-1252, and asks before a replace', async () => {
    const env = e2e();
    const systemIds = async () =>
      (await loadCatalogue(env.db, { name: '-', locale: 'sv', timezone: 'Europe/Stockholm' })).systems.map((s) => s.id);
    await env.db.transaction().execute((trx) => applyImport(trx, env.deps, CLI_ACTOR, 'exempelstad.yaml', FIXTURE));
    const stored = await systemIds();

    const page = await env.newPage();
    const enrol = await (await new SetupPage(page, env).open(await env.setupLink())).createAdmin({
      email: 'admin@exempelstad.test',
      name: 'Ada Admin',
      password: PASSWORD,
    });
    await (await enrol.confirm(env.totpCode(await enrol.secret()))).done();
    const importPage = await new ImportPage(page, env).goto();
    await importPage.checkA11y('the import page');
    expect(await importPage.modeRadio('merge').isChecked()).toBe(true);
    expect(await importPage.statusesBox().isChecked()).toBe(false);

    // A partial CSV: the merge preview names what it adds and changes, and removes nothing.
    await importPage.preview({ name: 'del.csv', buffer: Buffer.from(PARTIAL) });
    const preview = importPage.previewRegion('del.csv');
    expect(await importPage.counts(preview, 'systems')).toEqual({ added: 2, changed: 1, removed: 0 });
    await preview.getByText('Sammanslagning: inget tas bort. Aktuella statusar behålls.').waitFor();
    await preview.getByText('Telefonväxel för åtkomst (vaxel)').waitFor();
    expect(await importPage.changes(preview, 'E-post och kalender')).toEqual([
      ['Namn', 'E-post', 'E-post och kalender'],
    ]);
    // The apply button is the page's primary action (the preview button is secondary).
    const applyButton = preview.getByRole('button', { name: 'Genomför importen', exact: true });
    expect(await applyButton.getAttribute('class')).toBe('button');
    expect(await importPage.previewButton().getAttribute('class')).toBe('button-secondary');
    await importPage.checkA11y('the merge preview');
    await importPage.apply('del.csv');
    expect(await systemIds()).toEqual([...stored, 'vaxel', 'skolportal']);
    await importPage.checkA11y('the applied merge');

    // Swedish Excel's Windows-1252: read as such, the letters intact, and the page says so.
    const excel = 'id;name\r\ncore-network;Kärnnät för åtkomst och övervakning\r\n';
    await importPage.preview({ name: 'excel.csv', buffer: Buffer.from(excel, 'latin1') });
    const read = importPage.previewRegion('excel.csv');
    await read.getByText(/^Filen är inte UTF-8\. Den har lästs som Windows-1252/).waitFor();
    expect(await importPage.changes(read, 'Kärnnät för åtkomst och övervakning')).toEqual([
      ['Namn', 'Kärnnät och brandväggar', 'Kärnnät för åtkomst och övervakning'],
    ]);
    await importPage.checkA11y('a Windows-1252 preview with its warning');

    // Replacing is its own choice, and asks first, naming every system that would go.
    const two = 'id;name;kind;team\ncore-network;Kärnnät;infrastructure;infra\nvaxel;Växel;application;platform\n';
    await importPage.preview({ name: 'two.csv', buffer: Buffer.from(two) }, { replace: true });
    const replacing = importPage.previewRegion('two.csv');
    await replacing.getByText('Ersättning: det som saknas i filen tas bort.', { exact: false }).waitFor();
    const removedCount = stored.length + 2 - 2;
    expect(await importPage.counts(replacing, 'systems')).toEqual({ added: 0, changed: 2, removed: removedCount });
    expect(await replacing.getByRole('button', { name: 'Genomför importen' }).count()).toBe(0);
    const dialog = await importPage.askReplace('two.csv');
    await dialog.getByText('Lön och personalsystem (payroll)').waitFor();
    await dialog.getByText('Skolportalen för förskolor (skolportal)').waitFor();
    expect(await dialog.getByRole('listitem').count()).toBe(removedCount);
    await importPage.checkA11y('the question before a replace');
    await dialog.getByRole('button', { name: 'Avbryt', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await systemIds()).length).toBe(stored.length + 2);

    await importPage.askReplace('two.csv');
    await importPage.confirmReplace('two.csv');
    expect(await systemIds()).toEqual(['core-network', 'vaxel']);
    await importPage.checkA11y('the applied replace');
  });
});
