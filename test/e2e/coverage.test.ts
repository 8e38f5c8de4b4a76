// Coverage in Chromium, on a phone (390×844) and a wide screen (1440×900): a crisis staff member sees which
// units are missing at the last deadline with their numbers to call, and the page follows reports submitted
// elsewhere without a reload: a missing unit turns late, a waiting one reported. The staff then ends a rule
// on the rhythm page. axe checks every page on the way.
import { beforeAll, expect, it } from 'vitest';
import { insertRhythm } from '../../src/store/situation/rhythm.repository.js';
import { CoveragePage, submitReportForTest } from './pages/coverage-page.js';
import { LoginPage } from './pages/login-page.js';
import { RhythmPage } from './pages/rhythm-page.js';
import { describeBrowser } from './support/harness.js';
import { WAIT_MS } from './support/page-model.js';
import { seedCatalogue, seedUser } from './support/seed.js';

const PASSWORD = 'a long test password 42';
const MINUTE = 60_000;

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - id: it
    name: IT-kontoret
    kind: office
    contacts: [{ name: Ida It, phone: "+46 70 123 45 67", email: ida@provstad.example }]
  - id: school
    name: Skolan
    kind: office
    contacts: [{ name: Sara Skola, phone: "+46 70 222 33 44" }]
  - id: water
    name: Vatten AB
    kind: company
    contacts: [{ name: Valter Vatten, phone: "+46 70 555 66 77" }]
systems: []
`;

describeBrowser(
  'coverage: who has reported, live',
  (e2e) => {
    // Whole minutes: the deadlines a rule makes are instants as Date.toISOString() writes them.
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const passed = new Date(now - 60 * MINUTE).toISOString();
    const ahead = new Date(now + 120 * MINUTE).toISOString();

    beforeAll(async () => {
      const env = e2e();
      const admin = await seedUser(env, {
        email: 'ada@cov.test',
        name: 'Ada Admin',
        role: 'admin',
        password: PASSWORD,
      });
      await seedUser(env, { email: 'stina@cov.test', name: 'Stina Stab', role: 'staff', password: PASSWORD });
      await seedCatalogue(env, admin.id, { name: 'c.yaml', content: CATALOGUE }, '?replace=true');
      const at = new Date(now - 3 * 3600_000).toISOString();
      await env.db
        .insertInto('incidents')
        .values({
          id: 'inc-cov',
          title: 'Utpressningsvirus',
          detected_at: at,
          phase: 'containment',
          severity: 'high',
          exercise: 0,
          created_at: at,
          created_by: null,
          updated_at: at,
          closed_at: null,
          forecast: null,
        })
        .execute();
      // Set earlier in the incident (the API starts rules from now): one deadline passed, one ahead.
      for (const [id, when] of [
        ['r-passed', passed],
        ['r-ahead', ahead],
      ]) {
        await insertRhythm(env.db, {
          id,
          incident_id: 'inc-cov',
          kind: 'once',
          time_of_day: null,
          at: when,
          unit_ids: [],
          remind_minutes: 30,
          starts_at: at,
          ends_at: null,
          created_at: at,
          created_by_user_id: admin.id,
        });
      }
      await submitReportForTest(env, {
        id: 'rep-it',
        incident_id: 'inc-cov',
        unit_id: 'it',
        cycle_at: passed,
        submitted_at: new Date(now - 90 * MINUTE).toISOString(),
      });
    });

    for (const [width, height] of [
      [390, 844],
      [1440, 900],
    ]) {
      it(`follows reports live at ${width}×${height}`, async () => {
        const env = e2e();
        const page = await env.newPage({ viewport: { width, height } });
        await (await new LoginPage(page, env).goto()).logIn('stina@cov.test', PASSWORD);
        await page.getByRole('navigation').getByRole('link', { name: 'Täckning' }).click();
        const coverage = await new CoveragePage(page, env).ready();
        // The last deadline passed is shown first: IT reported in time, the school and water are missing.
        expect(await coverage.unitState('IT-kontoret')).toBe('Rapporterat');
        const missing = width === 390 ? 'Skolan' : 'Vatten AB';
        expect(await coverage.unitState(missing)).toBe('Saknas');
        expect(await coverage.callLinks(missing).count()).toBe(1);
        expect(await coverage.callLinks(missing).first().getAttribute('href')).toMatch(/^tel:\+4670/);
        expect(await coverage.grid().isVisible()).toBe(width > 900);
        await coverage.checkA11y(`coverage at ${width}`);

        // The missing unit reports after the deadline: late, live.
        await submitReportForTest(env, {
          id: `rep-${missing}-${width}`,
          incident_id: 'inc-cov',
          unit_id: width === 390 ? 'school' : 'water',
          cycle_at: passed,
          submitted_at: new Date().toISOString(),
        });
        await expect.poll(() => coverage.unitState(missing), { timeout: WAIT_MS }).toBe('Sen');

        // At the deadline ahead everyone is waiting; a report in time turns one reported, live.
        await coverage.chooseDeadline(/kommande/);
        const early = width === 390 ? 'Vatten AB' : 'Skolan';
        expect(await coverage.unitState(early)).toBe('Väntar');
        await submitReportForTest(env, {
          id: `rep-ahead-${width}`,
          incident_id: 'inc-cov',
          unit_id: width === 390 ? 'water' : 'school',
          cycle_at: ahead,
          submitted_at: new Date().toISOString(),
        });
        await expect.poll(() => coverage.unitState(early), { timeout: WAIT_MS }).toBe('Rapporterat');
        await coverage.checkA11y(`coverage at ${width}, after live updates`);
      });
    }

    it('lets the staff add a daily rule and end a rule on the rhythm page', async () => {
      const env = e2e();
      const page = await env.newPage({ viewport: { width: 390, height: 844 } });
      await (await new LoginPage(page, env).goto()).logIn('stina@cov.test', PASSWORD);
      const rhythm = await new RhythmPage(page, env).goto();
      await rhythm.checkA11y('the rhythm page');
      await rhythm.addDaily('14:00');
      await rhythm.rule('Varje dag kl. 14:00').waitFor({ timeout: WAIT_MS });
      await rhythm.end('Varje dag kl. 14:00');
      await rhythm
        .rule('Varje dag kl. 14:00')
        .getByText(/^Avslutad/)
        .waitFor({ timeout: WAIT_MS });
      await rhythm.checkA11y('the rhythm page after ending a rule');
    });
  },
  { totpRequiredFor: [] },
);
