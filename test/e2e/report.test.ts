// The situation report on a phone (390×844): a reporter follows an invitation link, fills in a report with a
// missing system and a need, and sends it while the server is unreachable. The text survives a reload of
// the page, the resend carries the same idempotency key, and exactly one report (one version, one need)
// reaches the server. axe checks the form empty, filled, failed and sent.
import { expect, it } from 'vitest';
import { createUserWithInvitation } from '../../src/server/users/users.service.js';
import { ReportPage } from './pages/report-page.js';
import { describeBrowser } from './support/harness.js';
import { seedCatalogue, seedUser } from './support/seed.js';

const PASSWORD = 'a long test password 42';
const HOUR = 3_600_000;
const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: skola, name: Skolan, kind: office }
  - { id: it, name: IT, kind: office }
systems:
  - { id: lon, name: Lön, kind: application, public_name: Lönesystemet }
  - { id: nat, name: Nät, kind: infrastructure }
`;

describeBrowser('the situation report form', (e2e) => {
  it('keeps the text through a failed send and a reload, and the resend makes exactly one report', async () => {
    const env = e2e();
    const now = env.deps.clock();
    const admin = await seedUser(env, { email: 'admin@provstad.test', name: 'Ada', role: 'admin', password: PASSWORD });
    await seedCatalogue(env, admin.id, { name: 'c.yaml', content: CATALOGUE }, '?replace=true');
    await env.db
      .insertInto('incidents')
      .values({
        id: 'e2e-incident',
        title: 'Övning: utpressningsvirus',
        detected_at: new Date(now.getTime() - 30 * HOUR).toISOString(),
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
    for (const time of ['08:00', '14:00']) {
      await env.db
        .insertInto('report_rhythms')
        .values({
          id: `e2e-${time}`,
          incident_id: 'e2e-incident',
          kind: 'daily',
          time_of_day: time,
          at: null,
          unit_ids: '[]',
          remind_minutes: 30,
          starts_at: new Date(now.getTime() - 30 * HOUR).toISOString(),
          ends_at: null,
          created_at: now.toISOString(),
          created_by_user_id: null,
        })
        .execute();
    }
    const { invitationUrl } = await env.db
      .transaction()
      .execute((trx) =>
        createUserWithInvitation(
          trx,
          env.deps,
          { email: 'rektor@provstad.test', name: 'Rut Rektor', role: 'reporter', unitId: 'skola' },
          admin.id,
        ),
      );

    const page = await env.newPage({ viewport: { width: 390, height: 844 } });
    const form = await ReportPage.acceptInvitation(page, env, invitationUrl, PASSWORD);
    await expect.poll(() => form.status().textContent()).toBe('Inget skrivet ännu');
    await form.checkA11y('the empty report form on a phone');

    await form.overall('Påverkat');
    await form.situation().fill('Skolans datorer är avstängda; lärarna har papperslistor.');
    await form.addMissingSystem('Lönesys', 'Lön (Lönesystemet)', '2030-12-10T12:00');
    await form.addNeed('Bärbara datorer till expeditionen', 'Hög');
    await expect.poll(() => form.status().textContent()).toBe('Sparat på enheten — inte skickat ännu');
    await form.checkA11y('the filled report form');

    // The first send never reaches the server.
    const keys: string[] = [];
    await page.route(
      '**/api/reports/submit',
      async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        await route.abort('internetdisconnected');
      },
      { times: 1 },
    );
    await form.send();
    await form.failure().waitFor({ state: 'visible', timeout: 10_000 });
    // axe only: this page's console rightly holds the refused request.
    await env.checkA11y(page, 'the report form after a failed send');
    expect(await env.db.selectFrom('reports').select('id').execute()).toEqual([]);

    // The phone's browser is closed and opened again: a new page with the same storage and session.
    const phone = await env.newPage({
      viewport: { width: 390, height: 844 },
      storageState: await page.context().storageState(),
    });
    await page.close();
    const again = await new ReportPage(phone, env).goto();
    await expect
      .poll(() => again.situation().inputValue())
      .toBe('Skolans datorer är avstängda; lärarna har papperslistor.');
    expect(await again.needTitle(1).inputValue()).toBe('Bärbara datorer till expeditionen');
    expect(await again.needBy('Lön (Lönesystemet)').inputValue()).toBe('2030-12-10T12:00');
    // The send is still pending, and the page says so.
    await again.failure().waitFor({ state: 'visible', timeout: 10_000 });
    await again.checkA11y('the report form reopened with an unsent report');

    await phone.route('**/api/reports/submit', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      await route.continue();
    });
    await again.send();
    await expect.poll(() => again.status().textContent()).toMatch(/^Skickat /);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await again.failure().count()).toBe(0);
    await again.checkA11y('the report form once sent');

    const reports = await env.db.selectFrom('reports').selectAll().execute();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ unit_id: 'skola', state: 'submitted', version: 1 });
    expect(await env.db.selectFrom('report_versions').select('version').execute()).toHaveLength(1);
    const needs = await env.db.selectFrom('needs').selectAll().execute();
    expect(needs.map((n) => [n.title, n.urgency])).toEqual([['Bärbara datorer till expeditionen', 'high']]);
    const content = JSON.parse(reports[0]?.content ?? '{}');
    expect(content.missing_systems[0]).toMatchObject({ system_id: 'lon', need_by: '2030-12-10T11:00:00.000Z' });
    // Confirmed: nothing of it is left waiting on the device.
    expect(await phone.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('lifeboat.report.'))")).toEqual(
      [],
    );
  });
});
