import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createUser, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';
import { MAX_LISTED_REPORTS } from './reports.service.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: it, name: IT, kind: office }
  - { id: school, name: Skolan, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it }
  - { id: pay, name: Lön, kind: application, public_name: Lönesystemet }
`;

// The test clock stands at 2026-11-29T08:00Z (09:00 in Stockholm): the 08:00 deadline has passed, 14:00 is next.
const MORNING = '2026-11-29T07:00:00.000Z';
const AFTERNOON = '2026-11-29T13:00:00.000Z';

const content = (extra: Record<string, unknown> = {}) => ({
  overall: 'affected',
  situation: 'Inga datorer fungerar.',
  consequences: 'Skolmaten beställs på papper.',
  life_health_risk: false,
  actions: 'Papperslistor.',
  workarounds: [{ description: 'Papper', lasts_until: '2026-12-01T12:00:00+01:00' }],
  missing_systems: [{ system_id: 'pay', need_by: '2026-11-30T12:00:00Z' }],
  staffing: 'Full',
  needs: [{ title: 'Skrivare', detail: 'Två st', category: 'equipment', urgency: 'high', system_ids: ['net'] }],
  forecast: 'Oförändrat',
  questions: '',
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: situation reports API`, () => {
    let server: TestServer;
    const clients = {} as Record<Role, ApiClient>;
    let itReporter: ApiClient;
    let schoolReporterId: string;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      for (const role of ['admin', 'staff', 'communicator', 'observer'] as Role[]) {
        clients[role] = await signIn(server, { role });
      }
      const recovery = await createUser(server, { role: 'recovery' });
      clients.recovery = await signIn(server, { email: recovery.email, password: recovery.password });
      const res = await clients.admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const school = await createUser(server, { role: 'reporter', unitId: 'school' });
      schoolReporterId = school.id;
      clients.reporter = await signIn(server, { email: school.email, password: school.password });
      itReporter = await signIn(server, { role: 'reporter', unitId: 'it' });
      await server.db
        .insertInto('incidents')
        .values({
          id: 'inc-1',
          title: 'Ransomware',
          detected_at: '2026-11-28T06:00:00.000Z',
          phase: 'response',
          severity: 'high',
          exercise: 0,
          created_at: '2026-11-28T06:30:00.000Z',
          created_by: null,
          updated_at: '2026-11-28T06:30:00.000Z',
          closed_at: null,
          forecast: null,
        })
        .execute();
      for (const time of ['08:00', '14:00']) {
        await server.db
          .insertInto('report_rhythms')
          .values({
            id: `r-${time}`,
            incident_id: 'inc-1',
            kind: 'daily',
            time_of_day: time,
            at: null,
            unit_ids: '[]',
            remind_minutes: 30,
            starts_at: '2026-11-28T00:00:00.000Z',
            ends_at: null,
            created_at: '2026-11-28T06:30:00.000Z',
            created_by_user_id: null,
          })
          .execute();
      }
    });
    afterAll(async () => server.close());

    const count = async (table: 'reports' | 'report_versions' | 'needs' | 'idempotency_keys') =>
      Number(
        (
          await server.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const keyed = (client: ApiClient, path: string, key: string, body: unknown) =>
      client.raw(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': client.csrfToken ?? '',
          'idempotency-key': key,
        },
        body: JSON.stringify(body),
      });
    const refusals = async () =>
      (
        await server.db
          .selectFrom('audit_events')
          .selectAll()
          .where('action', '=', 'access_refused_other_unit')
          .execute()
      ).length;

    it("gives a reporter its own unit's form with the next deadline chosen, and hides other units", async () => {
      const form = await clients.reporter.get('/api/report-form');
      expect(form.status, JSON.stringify(form.body)).toBe(200);
      expect(form.body).toMatchObject({
        time_zone: 'Europe/Stockholm',
        unit: { id: 'school', name: 'Skolan' },
        units: [{ id: 'school', name: 'Skolan' }],
        cycle_at: AFTERNOON,
        report: null,
      });
      expect(form.body.deadlines).toContainEqual({ at: MORNING, passed: true });
      expect(form.body.systems).toContainEqual({ id: 'pay', name: 'Lön', public_name: 'Lönesystemet' });
      const staff = await clients.staff.get(`/api/report-form?unit_id=it&cycle_at=${MORNING}`);
      expect(staff.body).toMatchObject({ unit: { id: 'it' }, cycle_at: MORNING });
      expect(staff.body.units).toHaveLength(2);

      const before = await refusals();
      const other = await clients.reporter.get('/api/report-form?unit_id=it');
      expect(other.status).toBe(404);
      // An unknown unit looks the same to a reporter: nothing tells whether it exists.
      const unknown = await clients.reporter.get('/api/report-form?unit_id=nowhere');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(other.body.error.message);
      expect(await refusals()).toBe(before + 1);
      const bad = await clients.staff.get('/api/report-form?unit_id=school&cycle_at=2026-11-29T08:30:00Z');
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('cycle_at');
    });

    it('saves drafts for the writers only, and refuses the wrong unit, deadline, system and unit id', async () => {
      const draft = await clients.reporter.post('/api/reports/draft', {
        unit_id: 'school',
        cycle_at: AFTERNOON,
        content: content({ overall: null, situation: '' }),
      });
      expect(draft.status, JSON.stringify(draft.body)).toBe(200);
      expect(draft.body.report).toMatchObject({ state: 'draft', version: 0, unit_name: 'Skolan', overall: null });
      const again = await clients.staff.post('/api/reports/draft', {
        unit_id: 'school',
        cycle_at: AFTERNOON,
        content: content({ situation: 'Staben fyller i' }),
      });
      expect(again.body.report.id).toBe(draft.body.report.id);
      expect(await count('reports')).toBe(1);

      for (const role of ['recovery', 'communicator', 'observer'] as Role[]) {
        const res = await clients[role].post('/api/reports/draft', {
          unit_id: 'school',
          cycle_at: AFTERNOON,
          content: content(),
        });
        expect(res.status, role).toBe(403);
      }
      const before = await refusals();
      const foreign = await itReporter.post('/api/reports/draft', {
        unit_id: 'school',
        cycle_at: AFTERNOON,
        content: content(),
      });
      expect(foreign.status).toBe(404);
      expect(await refusals()).toBe(before + 1);

      const cases: [Record<string, unknown>, string][] = [
        [{ cycle_at: '2026-11-29T09:00:00.000Z' }, 'cycle_at'],
        [{ cycle_at: 'tomorrow' }, 'cycle_at'],
        [{ unit_id: 'nowhere' }, 'unit_id'],
        [
          { content: content({ missing_systems: [{ system_id: 'ghost', need_by: null }] }) },
          'content.missing_systems.0.system_id',
        ],
        [
          { content: content({ needs: [{ ...content().needs[0], system_ids: ['ghost'] }] }) },
          'content.needs.0.system_ids.0',
        ],
      ];
      for (const [change, field] of cases) {
        const res = await clients.staff.post('/api/reports/draft', {
          unit_id: 'school',
          cycle_at: AFTERNOON,
          content: content(),
          ...change,
        });
        expect(res.status, field).toBe(400);
        expect(res.body.error.field).toBe(field);
      }
      expect(await count('reports')).toBe(1);
    });

    it('submits once per idempotency key: a resend gets the same answer, one version and one set of needs', async () => {
      const body = { unit_id: 'school', cycle_at: AFTERNOON, content: content() };
      const incomplete = await keyed(clients.reporter, '/api/reports/submit', 'key-incomplete-1', {
        ...body,
        content: content({ overall: null }),
      });
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.error.field).toBe('content.overall');

      const first = await keyed(clients.reporter, '/api/reports/submit', 'key-submit-1', body);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.report).toMatchObject({
        state: 'submitted',
        version: 1,
        late: false,
        overall: 'affected',
        submitted_by_user_id: schoolReporterId,
      });
      const need = first.body.report.content.needs[0];
      expect(need.need_id).toEqual(expect.any(String));
      expect(first.body.report.content.workarounds[0].lasts_until).toBe('2026-12-01T11:00:00.000Z');
      const again = await keyed(clients.reporter, '/api/reports/submit', 'key-submit-1', body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await count('report_versions')).toBe(1);
      expect(await count('needs')).toBe(1);

      const reused = await keyed(clients.reporter, '/api/reports/submit', 'key-submit-1', {
        ...body,
        content: content({ situation: 'Annat' }),
      });
      expect(reused.status).toBe(409);
      expect(reused.body.error.field).toBe('Idempotency-Key');
      const twice = await keyed(clients.reporter, '/api/reports/submit', 'key-submit-2', body);
      expect(twice.status).toBe(409);
      expect(await count('report_versions')).toBe(1);

      const log = await server.db.selectFrom('event_log').selectAll().where('kind', '=', 'report').execute();
      expect(log).toHaveLength(1);
      expect(JSON.parse(log[0]?.data ?? '{}')).toMatchObject({ action: 'submitted', version: 1, late: false });
      const events = await server.db.selectFrom('outbox').selectAll().where('type', '=', 'report.changed').execute();
      expect(JSON.parse(events.at(-1)?.audience ?? '{}')).toEqual({ kind: 'unit', unit_id: 'school' });
      const needRow = await server.db.selectFrom('needs').selectAll().executeTakeFirstOrThrow();
      expect(needRow).toMatchObject({ report_id: first.body.report.id, unit_id: 'school', urgency: 'high' });
    });

    it('amends as a new version, late after the deadline, raising only the needs new to it', async () => {
      const [report] = (await clients.staff.get(`/api/reports?cycle_at=${AFTERNOON}`)).body.reports;
      const kept = report.content.needs[0];
      const amended = content({
        overall: 'severely_affected',
        needs: [kept, { title: 'Bärbara datorer', detail: '', category: 'it', urgency: 'critical', system_ids: [] }],
      });
      const onTime = await keyed(clients.reporter, `/api/reports/${report.id}/amend`, 'key-amend-1', {
        content: amended,
      });
      expect(onTime.status, JSON.stringify(onTime.body)).toBe(200);
      expect(onTime.body.report).toMatchObject({ version: 2, late: false, overall: 'severely_affected' });
      expect(await count('needs')).toBe(2);
      const resent = await keyed(clients.reporter, `/api/reports/${report.id}/amend`, 'key-amend-1', {
        content: amended,
      });
      expect(resent.body).toEqual(onTime.body);
      expect(await count('report_versions')).toBe(2);

      server.clock.set('2026-11-29T13:30:00.000Z');
      try {
        // Hours later the morning's sessions have expired: sign in anew.
        const staff = await signIn(server, { role: 'staff' });
        const late = await staff.post(`/api/reports/${report.id}/amend`, {
          content: { ...onTime.body.report.content, situation: 'Efter tidsgränsen' },
        });
        expect(late.status, JSON.stringify(late.body)).toBe(200);
        expect(late.body.report).toMatchObject({ version: 3, late: false });
        expect(await count('needs')).toBe(2);
        const one = await staff.get(`/api/reports/${report.id}`);
        expect(one.status).toBe(200);
        expect(one.body.versions.map((v: { version: number; late: boolean }) => [v.version, v.late])).toEqual([
          [1, false],
          [2, false],
          [3, true],
        ]);
        const foreign = await staff.post(`/api/reports/${report.id}/amend`, {
          content: content({ needs: [{ ...kept, need_id: 'not-ours' }] }),
        });
        expect(foreign.status).toBe(400);
        expect(foreign.body.error.field).toBe('content.needs.0.need_id');

        // A first submission after the deadline makes the report late.
        const morning = await staff.post('/api/reports/submit', {
          unit_id: 'it',
          cycle_at: MORNING,
          content: content({ needs: [] }),
        });
        expect(morning.status, JSON.stringify(morning.body)).toBe(200);
        expect(morning.body.report).toMatchObject({ late: true, version: 1 });
      } finally {
        server.clock.set('2026-11-29T08:00:00.000Z');
      }
    });

    it("lets every reader list reports, a reporter only its own unit's; another unit's report is 404", async () => {
      for (const role of ['admin', 'staff', 'recovery', 'communicator', 'observer'] as Role[]) {
        const res = await clients[role].get('/api/reports');
        expect(res.status, role).toBe(200);
        expect(res.body.reports.map((r: { unit_id: string }) => r.unit_id).sort(), role).toEqual(['it', 'school']);
      }
      const mine = await clients.reporter.get('/api/reports');
      expect(mine.body.reports.map((r: { unit_id: string }) => r.unit_id)).toEqual(['school']);
      const schoolReport = mine.body.reports[0];
      const before = await refusals();
      expect((await itReporter.get(`/api/reports/${schoolReport.id}`)).status).toBe(404);
      expect((await itReporter.get('/api/reports?unit_id=school')).status).toBe(404);
      const amend = await itReporter.post(`/api/reports/${schoolReport.id}/amend`, { content: content() });
      expect(amend.status).toBe(404);
      expect(await refusals()).toBe(before + 3);
      expect(
        (await clients.observer.post(`/api/reports/${schoolReport.id}/amend`, { content: content() })).status,
      ).toBe(403);
      expect((await clients.observer.post('/api/reports/submit', { unit_id: 'it', cycle_at: AFTERNOON })).status).toBe(
        403,
      );
      expect((await clients.admin.get('/api/reports/nothing')).status).toBe(404);
    });

    it("takes racing drafts and submits of one unit's report to one report, submitted once, without a 5xx", async () => {
      const body = { unit_id: 'it', cycle_at: AFTERNOON, content: content({ needs: [] }) };
      const writers = [itReporter, clients.staff, itReporter, clients.admin];
      const results = await Promise.all(
        writers.flatMap((client) => [
          client.post('/api/reports/draft', body),
          client.post('/api/reports/submit', body),
        ]),
      );
      const statuses = results.map((r) => r.status);
      expect(
        statuses.filter((s) => s !== 200 && s !== 409),
        JSON.stringify(statuses),
      ).toEqual([]);
      expect(results.filter((r, i) => i % 2 === 1 && r.status === 200)).toHaveLength(1);
      const rows = await server.db
        .selectFrom('reports')
        .select(['id', 'state', 'version'])
        .where('unit_id', '=', 'it')
        .where('cycle_at', '=', AFTERNOON)
        .execute();
      expect(rows).toEqual([{ id: expect.any(String), state: 'submitted', version: 1 }]);
      const versions = await server.db
        .selectFrom('report_versions')
        .select('version')
        .where('report_id', '=', rows[0]?.id ?? '')
        .execute();
      expect(versions).toEqual([{ version: 1 }]);
    });
  });

  describe(`${dialect}: situation reports API, a long incident`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect);
    });
    afterAll(async () => server.close());

    it(`asks to narrow GET /api/reports past ${MAX_LISTED_REPORTS} reports, and lists a narrowed one`, async () => {
      const staff = await signIn(server, { role: 'staff' });
      const at = '2026-11-28T06:30:00.000Z';
      await server.db
        .insertInto('incidents')
        .values({
          id: 'inc-long',
          title: 'Ransomware',
          detected_at: at,
          phase: 'response',
          severity: 'high',
          exercise: 0,
          created_at: at,
          created_by: null,
          updated_at: at,
          closed_at: null,
          forecast: null,
        })
        .execute();
      const empty = { overall: null, situation: '', consequences: '', life_health_risk: false, actions: '' };
      const rows = Array.from({ length: MAX_LISTED_REPORTS + 1 }, (_, i) => ({
        id: `r${i}`,
        incident_id: 'inc-long',
        unit_id: i % 2 === 0 ? 'it' : 'school',
        cycle_at: new Date(Date.parse(at) + i * 3_600_000).toISOString(),
        state: 'draft',
        overall: null,
        life_health_risk: 0,
        content: JSON.stringify({
          ...empty,
          workarounds: [],
          missing_systems: [],
          staffing: '',
          needs: [],
          forecast: '',
          questions: '',
        }),
        version: 0,
        first_submitted_at: null,
        submitted_at: null,
        submitted_by_user_id: null,
        late: 0,
        created_at: at,
        updated_at: at,
      }));
      for (let i = 0; i < rows.length; i += 200) {
        await server.db
          .insertInto('reports')
          .values(rows.slice(i, i + 200))
          .execute();
      }
      const all = await staff.get('/api/reports');
      expect(all.status, JSON.stringify(all.body)).toBe(400);
      expect(all.body.error).toMatchObject({
        code: 'validation_failed',
        field: 'cycle_at',
        message: `There are more than ${MAX_LISTED_REPORTS} reports: choose a deadline or a unit.`,
      });
      const one = await staff.get(`/api/reports?cycle_at=${encodeURIComponent(rows[0]?.cycle_at ?? '')}`);
      expect(one.status, JSON.stringify(one.body)).toBe(200);
      expect(one.body.reports.map((r: { id: string }) => r.id)).toEqual(['r0']);
    });
  });
}
