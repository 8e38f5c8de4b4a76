// Issue 9 end to end, in two browsers at once: a reporter on a phone (390×844) follows an invitation link and
// sends a report with a need; the first send never reaches the server and nothing typed is lost. Meanwhile the
// crisis staff, in a second browser context at 1440×900, has the coverage page open and sees the unit turn
// from waiting to reported without a reload, then finds the need on the triage board, approves the picture
// with a summary and sees it listed, carrying the decision log's head hash. axe checks every page visited.
import { expect, it } from 'vitest';
import { addDecision } from '../../src/server/decisions/decisions.service.js';
import { unitOfWork } from '../../src/server/tx.js';
import { createUserWithInvitation } from '../../src/server/users/users.service.js';
import { insertRhythm } from '../../src/store/situation/rhythm.repository.js';
import { CoveragePage } from './pages/coverage-page.js';
import { LoginPage } from './pages/login-page.js';
import { NeedsBoardPage } from './pages/needs-page.js';
import { ApprovedPicturePage, PicturePage } from './pages/picture-page.js';
import { ReportPage } from './pages/report-page.js';
import { describeBrowser } from './support/harness.js';
import { WAIT_MS } from './support/page-model.js';
import { seedCatalogue, seedUser } from './support/seed.js';

const PASSWORD = 'a long test password 42';
const MINUTE = 60_000;
const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - id: skola
    name: Skolan
    kind: office
    contacts: [{ name: Rut Rektor, phone: "+46 70 222 33 44", email: rut@provstad.example }]
  - { id: it, name: IT-kontoret, kind: office }
systems:
  - { id: lon, name: Lön, kind: application, public_name: Lönesystemet }
`;
const SITUATION = 'Expeditionen arbetar med papperslistor; elevregistret går inte att nå.';
const NEED = 'Bärbara datorer till expeditionen';

describeBrowser(
  'the situation picture end to end: a reporter and the staff in two browsers',
  (e2e) => {
    it('takes a report through a failed send, shows it live to the staff, and ends in an approved picture', async () => {
      const env = e2e();
      // Whole minutes: the deadlines a rule makes are instants as Date.toISOString() writes them.
      const now = Math.floor(env.deps.clock().getTime() / MINUTE) * MINUTE;
      const admin = await seedUser(env, {
        email: 'ada@sit.test',
        name: 'Ada Admin',
        role: 'admin',
        password: PASSWORD,
      });
      const staff = await seedUser(env, {
        email: 'stina@sit.test',
        name: 'Stina Stab',
        role: 'staff',
        password: PASSWORD,
      });
      await seedCatalogue(env, admin.id, { name: 'c.yaml', content: CATALOGUE }, '?replace=true');
      const opened = new Date(now - 3 * 3_600_000).toISOString();
      await env.db
        .insertInto('incidents')
        .values({
          id: 'inc-sit',
          title: 'Övning: utpressningsvirus',
          detected_at: opened,
          phase: 'containment',
          severity: 'high',
          exercise: 1,
          created_at: opened,
          created_by: null,
          updated_at: opened,
          closed_at: null,
          forecast: null,
        })
        .execute();
      // The next deadline, two hours ahead: the form chooses it and the unit is waiting for it.
      const deadline = new Date(now + 120 * MINUTE).toISOString();
      await insertRhythm(env.db, {
        id: 'r-next',
        incident_id: 'inc-sit',
        kind: 'once',
        time_of_day: null,
        at: deadline,
        unit_ids: [],
        remind_minutes: 30,
        starts_at: opened,
        ends_at: null,
        created_at: opened,
        created_by_user_id: admin.id,
      });
      // One decision, so that the log has a head for the approved picture to carry.
      await unitOfWork({ db: env.db }, (trx) =>
        addDecision(
          trx,
          env.deps,
          { userId: staff.id, label: 'stina@sit.test', name: 'Stina Stab' },
          { decision: 'Skolorna håller öppet med papperslistor.', decided_by: 'Krisledningsnämnden' },
        ),
      );
      const { invitationUrl } = await env.db
        .transaction()
        .execute((trx) =>
          createUserWithInvitation(
            trx,
            env.deps,
            { email: 'rektor@sit.test', name: 'Rut Rektor', role: 'reporter', unitId: 'skola' },
            admin.id,
          ),
        );

      // The staff's browser, on a wide screen: the coverage page, open before the reporter starts.
      const desk = await env.newPage({ viewport: { width: 1440, height: 900 } });
      await (await new LoginPage(desk, env).goto()).logIn('stina@sit.test', PASSWORD);
      await desk.getByRole('navigation').getByRole('link', { name: 'Täckning' }).click();
      const coverage = await new CoveragePage(desk, env).ready();
      expect(await coverage.unitState('Skolan')).toBe('Väntar');
      expect(await coverage.grid().isVisible()).toBe(true);
      expect(await coverage.gridStates('Skolan')).toEqual(['Väntar']);
      await coverage.checkA11y('coverage before the report');

      // The reporter's browser, a phone in its own context.
      const phone = await env.newPage({ viewport: { width: 390, height: 844 } });
      const form = await ReportPage.acceptInvitation(phone, env, invitationUrl, PASSWORD);
      await form.checkA11y('the empty report form');
      await form.overall('Påverkat');
      await form.situation().fill(SITUATION);
      await form.addMissingSystem('Lönesys', 'Lön (Lönesystemet)', '2030-12-10T12:00');
      await form.addNeed(NEED, 'Hög');
      await expect.poll(() => form.status().textContent()).toBe('Sparat på enheten — inte skickat ännu');
      await form.checkA11y('the filled report form');

      // The first send never reaches the server.
      let aborted = 0;
      await phone.route(
        '**/api/reports/submit',
        async (route) => {
          aborted++;
          await route.abort('internetdisconnected');
        },
        { times: 1 },
      );
      await form.send();
      await form.failure().waitFor({ state: 'visible', timeout: WAIT_MS });
      expect(aborted).toBe(1);
      // Nothing typed is lost, and the staff still sees the unit waiting.
      expect(await form.situation().inputValue()).toBe(SITUATION);
      expect(await form.needTitle(1).inputValue()).toBe(NEED);
      expect(await form.needBy('Lön (Lönesystemet)').inputValue()).toBe('2030-12-10T12:00');
      expect(await coverage.unitState('Skolan')).toBe('Väntar');
      // axe only: this page's console rightly holds the refused request.
      await env.checkA11y(phone, 'the report form after a failed send');

      await form.send();
      await expect.poll(() => form.status().textContent(), { timeout: WAIT_MS }).toMatch(/^Skickat /);
      expect(await form.failure().count()).toBe(0);
      // axe only, again: the refused request stays in this page's console.
      await env.checkA11y(phone, 'the report form once sent');

      // The staff's page follows without a reload.
      await expect.poll(() => coverage.unitState('Skolan'), { timeout: WAIT_MS }).toBe('Rapporterat');
      expect(await coverage.unitState('IT-kontoret')).toBe('Väntar');
      expect(await coverage.gridStates('Skolan')).toEqual(['Rapporterat']);
      await coverage.checkA11y('coverage after the report, live');
      expect(await env.db.selectFrom('reports').select('id').execute()).toHaveLength(1);

      // The need the report carried is on the triage board.
      await desk.getByRole('navigation').getByRole('link', { name: 'Behov' }).click();
      const board = await new NeedsBoardPage(desk, env).ready();
      await expect.poll(() => board.columnOf(NEED), { timeout: WAIT_MS }).toBe('Nytt');
      expect(await board.card(NEED).getByText('Brådska: Hög').count()).toBe(1);
      await board.checkA11y('the triage board with the need');

      // The picture: the unit as it reported, approved with a summary, listed, carrying the log's head.
      await desk.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Lägesbild' }).click();
      const picture = await new PicturePage(desk, env).ready();
      expect(await picture.unitState('Skolan')).toBe('Påverkad');
      await picture.checkA11y('the draft picture');
      expect(await picture.approvedLinks()).toEqual([]);
      await picture.approve('Skolan klarar sig på papper till i morgon; datorer ordnas.');
      await expect.poll(() => picture.approvedLinks(), { timeout: WAIT_MS }).toHaveLength(1);
      const [link] = await picture.approvedLinks();
      expect(link).toMatch(/^Version 1, /);
      await picture.checkA11y('the picture just approved');

      const head = await env.db.selectFrom('decisions').select('hash').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
      await picture.open(link ?? '');
      const approved = await new ApprovedPicturePage(desk, env).ready();
      // An exercise: the heading carries the exercise badge.
      expect(await approved.headingText()).toBe('Fastställd lägesbild, version 1ÖVNING');
      await desk.getByText('Skolan klarar sig på papper till i morgon; datorer ordnas.').waitFor({ timeout: WAIT_MS });
      await desk.getByText(`Beslutsloggens huvud: ${head.hash}`).waitFor({ timeout: WAIT_MS });
      await approved.checkA11y('the approved picture');
    }, 180_000);
  },
  { totpRequiredFor: [] },
);
