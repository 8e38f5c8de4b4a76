// Needs for support in Chromium: the first administrator (with TOTP) triages needs on the board at 1440 px
// (accept, assign, start, fulfil, decline with a reason) while an observer's phone (390 px) shows the same
// board and sees each card move live; the need's page shows its log; a unit's reporter on a phone raises a
// need for its unit and adds a note, and the staff's board shows it live. axe checks every page on the way.
import { expect, it } from 'vitest';
import { raiseNeed } from '../../src/server/situation/raise-need.js';
import { unitOfWork } from '../../src/server/tx.js';
import { createUserWithPassword } from '../../src/server/users/users.service.js';
import { NeedDetailPage, NeedsBoardPage } from './pages/needs-page.js';
import { PlanLoginPage } from './pages/plan-page.js';
import { SetupPage } from './pages/setup-page.js';
import { describeBrowser } from './support/harness.js';
import { seedCatalogue, seedUser } from './support/seed.js';

const PASSWORD = 'a long test password 42';
const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: omsorg, name: Omsorgsförvaltningen, kind: office }
  - { id: skola, name: Skolförvaltningen, kind: office }
systems:
  - { id: journal, name: Omsorgsjournal, kind: application, owner: omsorg }
  - { id: epost, name: E-post, kind: application }
`;

describeBrowser('needs for support: the triage board', (e2e) => {
  it('staff triage on the board, a second page sees the cards move live, a reporter raises a need', async () => {
    const env = e2e();
    const now = env.deps.clock();
    const setupLink = await env.setupLink();

    const page = await env.newPage({ viewport: { width: 1440, height: 900 } });
    const enrol = await (await new SetupPage(page, env).open(setupLink)).createAdmin({
      email: 'admin@needs.test',
      name: 'Ada Admin',
      password: PASSWORD,
    });
    await (await enrol.confirm(env.totpCode(await enrol.secret()))).done();
    const admin = await env.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'admin@needs.test')
      .executeTakeFirstOrThrow();
    await seedCatalogue(env, admin.id, { name: 'c.yaml', content: CATALOGUE }, '?replace=true');
    await seedUser(env, { email: 'rita@needs.test', name: 'Rita Recovery', role: 'recovery', password: PASSWORD });
    await seedUser(env, { email: 'olle@needs.test', name: 'Olle Observatör', role: 'observer', password: PASSWORD });
    await env.db.transaction().execute((trx) =>
      createUserWithPassword(trx, env.deps, {
        email: 'maria@needs.test',
        name: 'Maria Omsorg',
        role: 'reporter',
        unitId: 'omsorg',
        password: PASSWORD,
      }),
    );
    await env.db
      .insertInto('incidents')
      .values({
        id: 'e2e-incident',
        title: 'Övning: utpressningsvirus',
        detected_at: new Date(now.getTime() - 5 * 3_600_000).toISOString(),
        phase: 'containment',
        severity: 'high',
        exercise: 1,
        created_at: now.toISOString(),
        created_by: null,
        updated_at: now.toISOString(),
        closed_at: null,
        forecast: null,
      })
      .execute();
    const raise = (title: string, unit: string, urgency: 'low' | 'high' | 'critical') =>
      unitOfWork({ db: env.db }, (trx) =>
        raiseNeed(
          trx,
          env.deps,
          { userId: null, label: 'cli' },
          {
            incident_id: 'e2e-incident',
            unit_id: unit,
            report_id: null,
            title,
            detail: '',
            category: 'equipment',
            urgency,
            system_ids: unit === 'omsorg' ? ['journal'] : [],
          },
        ),
      );
    await raise('Reservtelefoner till trygghetslarmet', 'omsorg', 'critical');
    await raise('Datorer till skolexpeditionen', 'skola', 'high');
    await raise('Skyltar vid entréerna', 'skola', 'low');

    const board = await new NeedsBoardPage(page, env).goto();
    expect(await board.columnOf('Reservtelefoner till trygghetslarmet')).toBe('Nytt');
    expect(await board.count('Nytt')).toBe(3);
    // The most urgent first, in words.
    const first = board.column('Nytt').getByRole('listitem').first();
    expect(await first.getByRole('heading').textContent()).toBe('Reservtelefoner till trygghetslarmet');
    expect(await first.getByText('Brådska: Kritisk').count()).toBe(1);
    await board.checkA11y('the needs board, three new needs');

    // A second page, on a phone: an observer follows the same board.
    const phone = await env.newPage({ viewport: { width: 390, height: 844 } });
    await (await new PlanLoginPage(phone, env).goto()).logIn('olle@needs.test', PASSWORD);
    const watcher = await new NeedsBoardPage(phone, env).goto();
    expect(await watcher.columnOf('Reservtelefoner till trygghetslarmet')).toBe('Nytt');
    expect(await phone.getByRole('button', { name: /^Acceptera/ }).count()).toBe(0);
    await watcher.checkA11y('the needs board on a phone, read only');

    await board.act('Reservtelefoner till trygghetslarmet', 'Acceptera');
    await expect
      .poll(() => board.columnOf('Reservtelefoner till trygghetslarmet'), { timeout: 15_000 })
      .toBe('Accepterat');
    await expect
      .poll(() => watcher.columnOf('Reservtelefoner till trygghetslarmet'), { timeout: 15_000 })
      .toBe('Accepterat');
    await board.assign('Reservtelefoner till trygghetslarmet', 'Rita Recovery');
    await expect
      .poll(() => watcher.card('Reservtelefoner till trygghetslarmet').getByText('Ansvarig: Rita Recovery').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    await board.act('Reservtelefoner till trygghetslarmet', 'Påbörja');
    await expect
      .poll(() => watcher.columnOf('Reservtelefoner till trygghetslarmet'), { timeout: 15_000 })
      .toBe('Pågår');
    await board.decline('Skyltar vid entréerna', 'Kommunikationsenheten tar fram skyltarna.');
    await expect.poll(() => watcher.columnOf('Skyltar vid entréerna'), { timeout: 15_000 }).toBe('Avslaget');
    await expect.poll(() => board.count('Nytt'), { timeout: 15_000 }).toBe(1);
    await board.checkA11y('the needs board after triage, a card opened');

    // On the phone, the status filter shows one status as a list.
    await watcher.showStatus('Pågår');
    await watcher.column('Nytt').waitFor({ state: 'detached' });
    expect(await watcher.columnOf('Reservtelefoner till trygghetslarmet')).toBe('Pågår');
    await watcher.checkA11y('the needs board on a phone, one status');

    // The need's own page: its log of every change.
    await board.card('Reservtelefoner till trygghetslarmet').getByRole('link').click();
    const detail = await new NeedDetailPage(page, env).ready();
    const log = await detail.log();
    expect(log).toHaveLength(4);
    expect(log[0]).toContain('Anmälde behovet');
    expect(log[1]).toContain('Status: Nytt → Accepterat');
    expect(log[2]).toContain('Ansvarig: ingen → Rita Recovery');
    expect(log[3]).toContain('Status: Accepterat → Pågår');
    await detail.checkA11y('a need with its log');

    // A unit's reporter, on a phone: its own unit's needs as a list, and a new one.
    const reporterPage = await env.newPage({ viewport: { width: 390, height: 844 } });
    await (await new PlanLoginPage(reporterPage, env).goto()).logIn('maria@needs.test', PASSWORD);
    const own = await new NeedsBoardPage(reporterPage, env).goto();
    const list = reporterPage.getByRole('list', { name: 'Behoven' });
    expect(await list.getByRole('listitem').count()).toBe(1);
    expect(await own.card('Datorer till skolexpeditionen').count()).toBe(0);
    await own.checkA11y("a reporter's own needs");
    await own.raise({
      title: 'Utskrivna besökslistor',
      category: 'Information',
      urgency: 'Hög',
      systems: ['Omsorgsjournal'],
    });
    await expect.poll(() => own.card('Utskrivna besökslistor').count(), { timeout: 15_000 }).toBe(1);
    await page.goBack();
    await board.ready();
    await expect.poll(() => board.columnOf('Utskrivna besökslistor'), { timeout: 15_000 }).toBe('Nytt');
    await own.card('Utskrivna besökslistor').getByRole('link').click();
    const mine = await new NeedDetailPage(reporterPage, env).ready();
    expect(await reporterPage.getByRole('button', { name: /^Acceptera/ }).count()).toBe(0);
    await mine.addNote('Vi klarar oss med papper till i kväll.');
    await mine.checkA11y("a reporter's need with a note");
  }, 180_000);
});
