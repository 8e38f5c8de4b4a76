import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, anonymous, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';
import type { Db } from '../../store/database.js';
import type { App } from '../app.js';
import { installReminderTimer, queueReminders } from './reminders.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - id: it
    name: IT-kontoret
    kind: office
    contacts:
      - { name: Ida It, email: ida@provstad.example, phone: "070-123 45 67" }
      - { name: Per It, phone: "+46701112233" }
  - id: school
    name: Skolan
    kind: office
    contacts: [{ name: Sara Skola, phone: "+46702223344", email: sara@provstad.example }]
  - { id: water, name: Vatten AB, kind: company }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it }
`;

const INTERNAL_ROLES: Role[] = ['admin', 'staff', 'recovery', 'communicator', 'observer'];

/** Stores a unit's report for a deadline as the reports API will (helper B's); only the columns coverage reads matter. */
async function insertReport(db: Db, unit: string, cycleAt: string, firstSubmittedAt: string | null, id: string) {
  await db
    .insertInto('reports')
    .values({
      id,
      incident_id: 'inc-1',
      unit_id: unit,
      cycle_at: cycleAt,
      state: firstSubmittedAt ? 'submitted' : 'draft',
      overall: firstSubmittedAt ? 'affected' : null,
      life_health_risk: 0,
      content: '{}',
      version: firstSubmittedAt ? 1 : 0,
      first_submitted_at: firstSubmittedAt,
      submitted_at: firstSubmittedAt,
      submitted_by_user_id: null,
      late: firstSubmittedAt && firstSubmittedAt > cycleAt ? 1 : 0,
      created_at: firstSubmittedAt ?? cycleAt,
      updated_at: firstSubmittedAt ?? cycleAt,
    })
    .execute();
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: reporting rhythm, deadlines, coverage and reminders`, () => {
    let server: TestServer;
    const clients = {} as Record<Role, ApiClient>;
    let waterReporter: ApiClient;
    let schoolReporter: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      for (const role of INTERNAL_ROLES) clients[role] = await signIn(server, { role });
      const res = await clients.admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      waterReporter = await signIn(server, { role: 'reporter', unitId: 'water' });
      schoolReporter = await signIn(server, { role: 'reporter', unitId: 'school' });
      clients.reporter = schoolReporter;
    });
    afterAll(async () => server.close());

    const openIncident = () =>
      server.db
        .insertInto('incidents')
        .values({
          id: 'inc-1',
          title: 'Ransomware',
          detected_at: '2026-11-29T06:00:00.000Z',
          phase: 'detection_analysis',
          severity: 'high',
          exercise: 0,
          created_at: '2026-11-29T06:30:00.000Z',
          created_by: null,
          updated_at: '2026-11-29T06:30:00.000Z',
          closed_at: null,
          forecast: null,
        })
        .execute();
    const rules = async () => (await server.db.selectFrom('report_rhythms').select('id').execute()).length;
    const outbox = async () =>
      (await server.db.selectFrom('outbox').selectAll().orderBy('id').execute()).map((r) => ({
        type: r.type,
        audience: JSON.parse(r.audience),
        data: JSON.parse(r.data),
      }));

    it('refuses a rule while no incident is open, and answers empty lists', async () => {
      const res = await clients.staff.post('/api/rhythms', { kind: 'daily', time_of_day: '14:00' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
      const list = await clients.observer.get('/api/rhythms');
      expect(list.body).toMatchObject({ incident_id: null, rules: [], time_zone: 'Europe/Stockholm' });
      expect((await schoolReporter.get('/api/deadlines')).body).toEqual({
        deadlines: [],
        time_zone: 'Europe/Stockholm',
      });
      expect((await clients.staff.get('/api/coverage')).body.deadlines).toEqual([]);
      await openIncident();
    });

    it('lets admin and staff set rules, logged and announced; the other roles get 403 and nothing is written', async () => {
      // The clock stands at 08:00Z = 09:00 in Stockholm, 29 November 2026.
      const before = (await outbox()).length;
      const all = await clients.staff.post('/api/rhythms', { kind: 'daily', time_of_day: '14:00' });
      expect(all.status, JSON.stringify(all.body)).toBe(200);
      expect(all.body.rule).toMatchObject({
        kind: 'daily',
        time_of_day: '14:00',
        at: null,
        unit_ids: [],
        remind_minutes: 60,
        starts_at: '2026-11-29T08:00:00.000Z',
        ends_at: null,
        active: true,
      });
      const events = (await outbox()).slice(before);
      expect(events).toContainEqual({
        type: 'rhythm.changed',
        audience: { kind: 'public' },
        data: { id: all.body.rule.id },
      });
      const entry = await server.db
        .selectFrom('event_log')
        .selectAll()
        .where('kind', '=', 'rhythm')
        .executeTakeFirstOrThrow();
      expect(entry.incident_id).toBe('inc-1');
      expect(JSON.parse(entry.data)).toMatchObject({ rhythm_id: all.body.rule.id, action: 'created' });

      const some = await clients.admin.post('/api/rhythms', {
        kind: 'daily',
        time_of_day: '08:00',
        unit_ids: ['school', 'it', 'school'],
        remind_minutes: 30,
      });
      expect(some.status, JSON.stringify(some.body)).toBe(200);
      expect(some.body.rule.unit_ids).toEqual(['it', 'school']);
      const unitEvents = (await outbox()).filter((e) => e.type === 'rhythm.changed' && e.data.id === some.body.rule.id);
      expect(unitEvents.map((e) => e.audience)).toEqual([
        { kind: 'internal' },
        { kind: 'unit', unit_id: 'it' },
        { kind: 'unit', unit_id: 'school' },
      ]);

      const count = await rules();
      for (const role of ['recovery', 'communicator', 'observer', 'reporter'] as Role[]) {
        expect((await clients[role].post('/api/rhythms', { kind: 'daily', time_of_day: '10:00' })).status, role).toBe(
          403,
        );
        expect((await clients[role].post(`/api/rhythms/${all.body.rule.id}/end`)).status, role).toBe(403);
      }
      expect((await anonymous(server).get('/api/rhythms')).status).toBe(401);
      expect(await rules()).toBe(count);
    });

    it('refuses bad rules, naming the field', async () => {
      const count = await rules();
      const cases: [unknown, string][] = [
        [{ kind: 'daily' }, 'time_of_day'],
        [{ kind: 'daily', time_of_day: '08:00', at: '2026-12-01T10:00:00Z' }, 'at'],
        [{ kind: 'once' }, 'at'],
        [{ kind: 'once', at: '2026-11-29T07:00:00Z' }, 'at'],
        [{ kind: 'once', at: '2026-11-31T07:00:00Z' }, 'at'],
        [{ kind: 'once', at: '2026-12-01T07:00:00' }, 'at'],
        [{ kind: 'once', at: '2026-12-01T07:00:00Z', time_of_day: '08:00' }, 'time_of_day'],
        [{ kind: 'daily', time_of_day: '08:00', unit_ids: ['it', 'nowhere'] }, 'unit_ids[1]'],
      ];
      for (const [body, field] of cases) {
        const res = await clients.staff.post('/api/rhythms', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error, JSON.stringify(body)).toMatchObject({ code: 'validation_failed', field });
      }
      const schema = await clients.staff.post('/api/rhythms', { kind: 'daily', time_of_day: '25:00' });
      expect(schema.status).toBe(400);
      expect(schema.body.error.field).toContain('time_of_day');
      expect(await rules()).toBe(count);
    });

    it('lists the rules to internal readers only, with the deadlines of yesterday to tomorrow', async () => {
      for (const role of INTERNAL_ROLES) {
        const res = await clients[role].get('/api/rhythms');
        expect(res.status, role).toBe(200);
        expect(res.body.rules).toHaveLength(2);
        expect(res.body.units.map((u: { id: string }) => u.id)).toEqual(['it', 'school', 'water']);
        expect(res.body.deadlines.map((d: { at: string }) => d.at)).toEqual([
          '2026-11-29T13:00:00.000Z',
          '2026-11-30T07:00:00.000Z',
          '2026-11-30T13:00:00.000Z',
        ]);
      }
      expect((await schoolReporter.get('/api/rhythms')).status).toBe(403);
    });

    it("gives the deadlines in a window: everyone's to internal readers, only its own unit's to a reporter", async () => {
      for (const role of INTERNAL_ROLES) {
        const res = await clients[role].get('/api/deadlines');
        expect(res.status, role).toBe(200);
        expect(res.body).toEqual({
          time_zone: 'Europe/Stockholm',
          deadlines: [
            { at: '2026-11-29T13:00:00.000Z', unit_ids: [], remind_minutes: 60 },
            { at: '2026-11-30T07:00:00.000Z', unit_ids: ['it', 'school'], remind_minutes: 30 },
            { at: '2026-11-30T13:00:00.000Z', unit_ids: [], remind_minutes: 60 },
          ],
        });
      }
      const water = await waterReporter.get('/api/deadlines');
      expect(water.body.deadlines).toEqual([
        { at: '2026-11-29T13:00:00.000Z', unit_ids: ['water'], remind_minutes: 60 },
        { at: '2026-11-30T13:00:00.000Z', unit_ids: ['water'], remind_minutes: 60 },
      ]);
      // A reporter learns no other unit's ids, and another unit is as absent as one that never was.
      const school = await schoolReporter.get('/api/deadlines?unit_id=school');
      expect(school.body.deadlines.map((d: { unit_ids: string[] }) => d.unit_ids)).toEqual([
        ['school'],
        ['school'],
        ['school'],
      ]);
      for (const unit of ['water', 'nowhere']) {
        const other = await schoolReporter.get(`/api/deadlines?unit_id=${unit}`);
        expect(other.status).toBe(404);
        expect(other.body.error.code).toBe('not_found');
      }
      const narrowed = await clients.observer.get('/api/deadlines?unit_id=water');
      expect(narrowed.body.deadlines.map((d: { at: string }) => d.at)).toEqual([
        '2026-11-29T13:00:00.000Z',
        '2026-11-30T13:00:00.000Z',
      ]);
      const unknown = await clients.staff.get('/api/deadlines?unit_id=nowhere');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ code: 'validation_failed', field: 'unit_id' });
      const window = await clients.staff.get(
        `/api/deadlines?from=${encodeURIComponent('2026-11-30T08:00:00+01:00')}&to=2026-12-02T00:00:00Z`,
      );
      expect(window.body.deadlines.map((d: { at: string }) => d.at)).toEqual([
        '2026-11-30T07:00:00.000Z',
        '2026-11-30T13:00:00.000Z',
        '2026-12-01T07:00:00.000Z',
        '2026-12-01T13:00:00.000Z',
      ]);
      for (const [query, field] of [
        ['from=yesterday', 'from'],
        ['from=2026-11-30T00:00:00Z&to=2026-11-29T00:00:00Z', 'to'],
        ['from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z', 'to'],
      ]) {
        const res = await clients.staff.get(`/api/deadlines?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.body.error.field, query).toBe(field);
      }
    });

    it('queues one reminder per contact channel of each unit that has not reported, however often the tick runs', async () => {
      const deps = { db: server.db, ids: () => crypto.randomUUID(), config: server.config };
      // 11:59Z: the 13:00Z deadline's reminder (60 min before) is not due yet.
      expect(await queueReminders(server.db, deps, new Date('2026-11-29T11:59:00Z'))).toBe(0);
      // The school reported early; IT has two contacts (an e-mail and two phones); water has no contacts.
      await insertReport(server.db, 'school', '2026-11-29T13:00:00.000Z', '2026-11-29T11:30:00.000Z', 'rep-school');
      const now = new Date('2026-11-29T12:10:00Z');
      // Two ticks at once (two servers on one PostgreSQL database) queue each message once between them.
      const [a, b] = await Promise.all([queueReminders(server.db, deps, now), queueReminders(server.db, deps, now)]);
      expect(a + b).toBe(3);
      // A later tick queues nothing more.
      expect(await queueReminders(server.db, deps, now)).toBe(0);
      expect(await queueReminders(server.db, deps, new Date('2026-11-29T12:40:00Z'))).toBe(0);
      const rows = await server.db.selectFrom('outgoing').selectAll().orderBy('dedupe_key').execute();
      expect(rows.map((r) => [r.channel, r.recipient, r.purpose, r.dedupe_key])).toEqual([
        [
          'email',
          'ida@provstad.example',
          'reminder',
          'reminder:inc-1:2026-11-29T13:00:00.000Z:it:email:ida@provstad.example',
        ],
        ['sms', '+46701112233', 'reminder', 'reminder:inc-1:2026-11-29T13:00:00.000Z:it:sms:+46701112233'],
        ['sms', '0701234567', 'reminder', 'reminder:inc-1:2026-11-29T13:00:00.000Z:it:sms:0701234567'],
      ]);
      const email = rows[0];
      // In the organisation's language, with the deadline on its wall clock and the link to the form.
      expect(email.subject).toBe('Påminnelse: lägesrapport från IT-kontoret senast söndag 29 november kl. 14:00');
      expect(email.body).toContain('Hej Ida It');
      expect(email.body).toContain(`${server.config.publicUrl.replace(/\/$/, '')}/app/report`);
      expect(rows[1].subject).toBeNull();
      expect(rows[1].body).toMatch(/^Påminnelse: lägesrapport från IT-kontoret senast .*14:00\. Lämna den här: http/);
      // At the deadline reminders stop.
      expect(await queueReminders(server.db, deps, new Date('2026-11-29T13:00:00Z'))).toBe(0);
    });

    it('shows coverage to internal readers: missing, reported and late, contacts, and each unit’s last report', async () => {
      server.clock.set('2026-11-29T13:30:00.000Z');
      // Sessions idle this long have ended: sign in again.
      for (const role of INTERNAL_ROLES) clients[role] = await signIn(server, { role });
      schoolReporter = await signIn(server, { role: 'reporter', unitId: 'school' });
      waterReporter = await signIn(server, { role: 'reporter', unitId: 'water' });
      await insertReport(server.db, 'water', '2026-11-29T13:00:00.000Z', '2026-11-29T13:20:00.000Z', 'rep-water');
      await insertReport(server.db, 'it', '2026-11-30T07:00:00.000Z', null, 'rep-it-draft');
      for (const role of INTERNAL_ROLES) {
        const res = await clients[role].get('/api/coverage');
        expect(res.status, role).toBe(200);
      }
      expect((await schoolReporter.get('/api/coverage')).status).toBe(403);
      const res = await clients.staff.get('/api/coverage');
      expect(res.body.deadlines).toEqual([
        {
          at: '2026-11-29T13:00:00.000Z',
          remind_minutes: 60,
          counts: { reported: 1, late: 1, missing: 1, pending: 0, not_asked: 0 },
        },
        {
          at: '2026-11-30T07:00:00.000Z',
          remind_minutes: 30,
          counts: { reported: 0, late: 0, missing: 0, pending: 2, not_asked: 1 },
        },
        {
          at: '2026-11-30T13:00:00.000Z',
          remind_minutes: 60,
          counts: { reported: 0, late: 0, missing: 0, pending: 3, not_asked: 0 },
        },
      ]);
      const byId = Object.fromEntries(res.body.units.map((u: { id: string }) => [u.id, u]));
      expect(byId.it.cells.map((c: { state: string }) => c.state)).toEqual(['missing', 'pending', 'pending']);
      expect(byId.it.cells[1]).toMatchObject({ report_id: 'rep-it-draft', submitted_at: null });
      expect(byId.it.contacts).toEqual([
        { name: 'Ida It', phone: '070-123 45 67', email: 'ida@provstad.example' },
        { name: 'Per It', phone: '+46701112233', email: null },
      ]);
      expect(byId.it.last_report).toBeNull();
      expect(byId.school.cells[0]).toEqual({
        at: '2026-11-29T13:00:00.000Z',
        state: 'reported',
        report_id: 'rep-school',
        submitted_at: '2026-11-29T11:30:00.000Z',
      });
      expect(byId.school.last_report).toEqual({
        id: 'rep-school',
        cycle_at: '2026-11-29T13:00:00.000Z',
        submitted_at: '2026-11-29T11:30:00.000Z',
        age_minutes: 120,
      });
      expect(byId.water.cells[0].state).toBe('late');
      expect(byId.water.cells[1].state).toBe('not_asked');
      expect(byId.water.contacts).toEqual([]);
    });

    it('ends a rule from now on: its past deadlines stay; ending twice or an unknown rule is refused', async () => {
      const list = (await clients.staff.get('/api/rhythms')).body.rules as { id: string; time_of_day: string }[];
      const afternoon = list.find((r) => r.time_of_day === '14:00')?.id;
      const res = await clients.staff.post(`/api/rhythms/${afternoon}/end`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.rule).toMatchObject({ ends_at: '2026-11-29T13:30:00.000Z', active: false });
      const deadlines = (await clients.staff.get('/api/deadlines')).body.deadlines.map((d: { at: string }) => d.at);
      expect(deadlines).toEqual(['2026-11-29T13:00:00.000Z', '2026-11-30T07:00:00.000Z']);
      const again = await clients.admin.post(`/api/rhythms/${afternoon}/end`);
      expect(again.status).toBe(409);
      const unknown = await clients.admin.post('/api/rhythms/nope/end');
      expect(unknown.status).toBe(404);
      const coverage = await clients.staff.get('/api/coverage');
      expect(coverage.body.deadlines.map((d: { at: string }) => d.at)).toEqual(deadlines);
    });

    it('sets a one-off deadline ahead', async () => {
      const res = await clients.staff.post('/api/rhythms', {
        kind: 'once',
        at: '2026-11-30T10:30:00+01:00',
        unit_ids: ['water'],
        remind_minutes: 0,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.rule).toMatchObject({ kind: 'once', at: '2026-11-30T09:30:00.000Z', time_of_day: null });
      const water = await waterReporter.get('/api/deadlines');
      expect(water.body.deadlines).toEqual([
        { at: '2026-11-29T13:00:00.000Z', unit_ids: ['water'], remind_minutes: 60 },
        { at: '2026-11-30T09:30:00.000Z', unit_ids: ['water'], remind_minutes: 0 },
      ]);
    });

    it('queues reminders on a timer from when the app is ready until it closes', async () => {
      const app = Fastify() as unknown as App;
      // 06:45Z: the 07:00Z deadline of IT and the school reminds from 06:30Z; neither has submitted.
      const clock = () => new Date('2026-11-30T06:45:00Z');
      installReminderTimer(app, { db: server.db, ids: () => crypto.randomUUID(), config: server.config, clock }, 10);
      const queued = async () =>
        (
          await server.db
            .selectFrom('outgoing')
            .select('recipient')
            .where('dedupe_key', 'like', 'reminder:inc-1:2026-11-30T07:00:00.000Z:%')
            .execute()
        ).length;
      expect(await queued()).toBe(0);
      await app.ready();
      await expect.poll(queued, { timeout: 5000 }).toBe(5);
      await app.close();
    });
  });
}
