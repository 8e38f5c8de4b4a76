// The event log in Chromium, as the recovery team's account: two manual entries (one about a unit, one about a
// system) written from the form at the top, then filtered by unit, searched by text, and the filters kept in
// the address through a reload and passed on to the export links. axe checks the page at each step.
import { beforeAll, expect, it } from 'vitest';
import { LogPage } from './pages/log-page.js';
import { PlanLoginPage } from './pages/plan-page.js';
import { describeBrowser } from './support/harness.js';
import { seedCatalogue, seedUser } from './support/seed.js';

const PASSWORD = 'a long test password 42';
const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: soc, name: Socialkontoret, kind: office }
  - { id: it, name: IT-enheten, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra }
`;
const CALL = 'Socialkontoret ringer: journalsystemet går inte att nå';
const SOC = 'SOC ser trafik mot en okänd adress från nätet';

describeBrowser('event log in the browser', (e2e) => {
  beforeAll(async () => {
    const env = e2e();
    const admin = await seedUser(env, { email: 'admin@log.test', name: 'Admin', role: 'admin', password: PASSWORD });
    await seedCatalogue(env, admin.id, { name: 'c.yaml', content: CATALOGUE });
    await seedUser(env, { email: 'recovery@log.test', name: 'Rita Recovery', role: 'recovery', password: PASSWORD });
  });

  it('writes manual entries, filters by unit, searches, and keeps the filters in the address', async () => {
    const env = e2e();
    const page = await env.newPage();
    await (await new PlanLoginPage(page, env).goto()).logIn('recovery@log.test', PASSWORD);
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Händelselogg' }).click();
    const log = await new LogPage(page, env).ready();
    await log.checkA11y('the empty event log with its form');

    await log.addEntry({ text: CALL, unit: 'Socialkontoret' });
    const rows = await log.addEntry({ text: SOC, system: 'Nät' });
    expect(rows.map((r) => [r.kind, r.what, r.about, r.who])).toEqual([
      ['Anteckning', SOC, 'Nät', 'recovery@log.test'],
      ['Anteckning', CALL, 'Socialkontoret', 'recovery@log.test'],
      // The set-up's import is logged too, in words.
      ['Katalog', 'Katalogen: importerad', '–', 'admin@log.test'],
    ]);
    // What was typed is gone once written; the form is ready for the next call.
    expect(await log.entryForm().getByLabel('Vad hände?').inputValue()).toBe('');
    await log.checkA11y('the event log with two entries and the import');

    expect((await log.filter({ unit: 'Socialkontoret' }, 1)).map((r) => r.what)).toEqual([CALL]);
    expect(new URL(page.url()).searchParams.get('unit')).toBe('soc');
    await expect.poll(() => log.filterSummary().textContent()).toBe('Filter: Kontor eller bolag: Socialkontoret');

    await log.clearFilters(3);
    expect((await log.filter({ q: 'OKÄND ADRESS' }, 1)).map((r) => r.what)).toEqual([SOC]);
    // The search survives a reload (it is in the address), and the export links carry it.
    await log.reload();
    await log.waitForCount(1);
    expect(await log.filters().getByLabel('Sök').inputValue()).toBe('OKÄND ADRESS');
    expect(await log.exportLink('CSV för Excel').getAttribute('href')).toBe('/api/log/export.csv?q=OK%C3%84ND+ADRESS');
    await log.checkA11y('the event log, searched');
  });
});
