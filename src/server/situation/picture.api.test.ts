import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { insertIncident, insertNeed, insertReport } from '../../../test/support/situation-factory.js';
import type { Role } from '../../domain/roles.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: [{ id: drift, name: Drift, capacity: 1 }]
units:
  - { id: vof, name: Vård och omsorg, kind: office }
  - { id: skola, name: Skolförvaltningen, kind: office }
  - { id: hamn, name: Hamnbolaget, kind: company }
systems:
  - { id: nat, name: Stadsnät, kind: infrastructure, team: drift, estimate_hours: { low: 2, likely: 4, high: 8 } }
  - { id: journal, name: Omsorgsjournal, kind: application, team: drift, owner: vof, depends_on: [nat], estimate_hours: { low: 20, likely: 30, high: 60 } }
  - { id: epost, name: E-post, kind: application, team: drift, estimate_hours: { low: 1, likely: 2, high: 4 } }
`;

// The test clock stands at 2026-11-29T08:00Z.
const NOW = Date.parse('2026-11-29T08:00:00.000Z');
const HOUR = 3_600_000;
const at = (h: number) => new Date(NOW + h * HOUR).toISOString();
const READERS: Role[] = ['admin', 'staff', 'recovery', 'communicator', 'observer'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: the situation picture API`, () => {
    let server: TestServer;
    const clients = {} as Record<Role, ApiClient>;
    let incidentId: string;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      for (const role of ['admin', 'staff', 'recovery', 'communicator', 'observer'] as Role[]) {
        clients[role] = await signIn(server, { role });
      }
      const res = await clients.admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      clients.reporter = await signIn(server, { role: 'reporter', unitId: 'vof' });
    });
    afterAll(async () => server.close());

    const counts = async () => ({
      pictures: (await server.db.selectFrom('pictures').select('id').execute()).length,
      log: (await server.db.selectFrom('event_log').select('id').where('kind', '=', 'picture').execute()).length,
    });

    it('shows an empty draft while no incident is open, and refuses to approve one (409, nothing written)', async () => {
      const draft = await clients.observer.get('/api/picture');
      expect(draft.status, JSON.stringify(draft.body)).toBe(200);
      expect(draft.body.incident).toBeNull();
      expect(draft.body.picture.units.map((u: { state: string }) => u.state)).toEqual([
        'no_report',
        'no_report',
        'no_report',
      ]);
      const res = await clients.staff.post('/api/pictures', { summary: 'Lugnt.' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
      expect(await counts()).toEqual({ pictures: 0, log: 0 });
    });

    it('builds the draft for every internal reader: worst first, flags, needs, demand against the plan with a warning', async () => {
      incidentId = await insertIncident(server.db, { at: at(-30) });
      await insertReport(server.db, {
        incident_id: incidentId,
        unit_id: 'vof',
        cycle_at: at(-1),
        submitted_at: at(-1.5),
        overall: 'severely_affected',
        life_health_risk: true,
        consequences: 'Hemtjänsten saknar läkemedelslistor.',
        missing_systems: [{ system_id: 'journal', need_by: at(2) }],
        versions: 1,
      });
      await insertReport(server.db, {
        incident_id: incidentId,
        unit_id: 'skola',
        cycle_at: at(-1),
        submitted_at: at(-2),
        overall: 'normal',
        missing_systems: [{ system_id: 'epost', need_by: at(240) }],
      });
      await insertNeed(server.db, {
        incident_id: incidentId,
        unit_id: 'skola',
        title: 'Datorer',
        urgency: 'low',
        at: at(-2),
      });
      await insertNeed(server.db, {
        incident_id: incidentId,
        unit_id: 'vof',
        title: 'Sjuksköterskor',
        urgency: 'critical',
        at: at(-1),
      });
      await insertNeed(server.db, {
        incident_id: incidentId,
        unit_id: 'vof',
        title: 'Klart',
        urgency: 'high',
        status: 'fulfilled',
        at: at(-3),
      });
      const plan = (await clients.observer.get('/api/plan')).body;
      for (const role of READERS) {
        const res = await clients[role].get('/api/picture');
        expect(res.status, role).toBe(200);
        const { picture, incident, time_zone } = res.body;
        expect(incident).toEqual({ id: incidentId, title: 'Utpressningsvirus', exercise: false });
        expect(time_zone).toBe('Europe/Stockholm');
        expect(picture.units.map((u: { unit_id: string; state: string }) => [u.unit_id, u.state])).toEqual([
          ['vof', 'severely_affected'],
          ['skola', 'normal'],
          ['hamn', 'no_report'],
        ]);
        expect(picture.units[0].age_minutes).toBe(90);
        expect(picture.life_health.map((f: { name: string }) => f.name)).toEqual(['Vård och omsorg']);
        expect(picture.needs.map((n: { title: string }) => n.title)).toEqual(['Sjuksköterskor', 'Datorer']);
        const journal = picture.demand.find((d: { system_id: string }) => d.system_id === 'journal');
        const line = plan.systems.find((s: { id: string }) => s.id === 'journal');
        // The P50/P90 are the plan's own, counted from now.
        expect(Date.parse(journal.p90_at)).toBe(NOW + line.p90_h * HOUR);
        expect(Date.parse(journal.p50_at)).toBe(NOW + line.p50_h * HOUR);
        expect(journal.late_units).toEqual([{ unit_id: 'vof', name: 'Vård och omsorg', need_by: at(2) }]);
        const epost = picture.demand.find((d: { system_id: string }) => d.system_id === 'epost');
        expect(epost.late_units).toEqual([]);
        expect(picture.recovery).toEqual({ back: 0, total: 3, back_ids: [] });
        expect(picture.changes).toBeNull();
        expect(picture.exercise).toBe(false);
      }
      const reporter = await clients.reporter.get('/api/picture');
      expect(reporter.status).toBe(403);
    });

    it('lets staff and admin approve with a summary: versions 1 and 2, the decision head, a log entry and an event', async () => {
      const decision = await clients.staff.post('/api/decisions', { decision: 'Journalen först.' });
      expect(decision.status, JSON.stringify(decision.body)).toBe(200);
      const head = (await clients.staff.get('/api/decisions')).body.head;
      const before = (await server.db.selectFrom('outbox').select('id').execute()).length;
      const first = await clients.staff.post('/api/pictures', { summary: '  Omsorgen behöver journalen.  ' });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.picture).toMatchObject({
        incident_id: incidentId,
        version: 1,
        summary: 'Omsorgen behöver journalen.',
        decision_head: head.hash,
        approved_at: at(0),
        exercise: false,
        incident_title: 'Utpressningsvirus',
      });
      expect(first.body.picture.approved_by_label).toMatch(/^staff-/);
      expect(first.body.picture.content.decision_head).toEqual(head);
      expect(first.body.picture.content.decisions.map((d: { decision: string }) => d.decision)).toEqual([
        'Journalen först.',
      ]);
      const events = await server.db.selectFrom('outbox').selectAll().orderBy('id').execute();
      const approved = events.slice(before).find((e) => e.type === 'picture.approved');
      expect(JSON.parse(approved?.data ?? '{}')).toEqual({ picture_id: first.body.picture.id, version: 1 });
      expect(JSON.parse(approved?.audience ?? '{}')).toEqual({ kind: 'internal' });
      const entry = await server.db
        .selectFrom('event_log')
        .selectAll()
        .where('kind', '=', 'picture')
        .executeTakeFirstOrThrow();
      expect(entry.text).toBe('Omsorgen behöver journalen.');
      expect(entry.incident_id).toBe(incidentId);
      expect(JSON.parse(entry.data)).toMatchObject({ picture_id: first.body.picture.id, version: 1 });

      server.clock.advance(HOUR);
      const second = await clients.admin.post('/api/pictures', { summary: 'Oförändrat.' });
      expect(second.status).toBe(200);
      expect(second.body.picture.version).toBe(2);
      // Decisions since the last picture: none new.
      expect(second.body.picture.content.decisions).toEqual([]);
      expect(second.body.picture.content.changes).toMatchObject({ since_version: 1, units: [] });
    });

    it('refuses the other roles with 403 and a blank summary with 400, writing nothing', async () => {
      const before = await counts();
      for (const role of ['recovery', 'communicator', 'observer', 'reporter'] as Role[]) {
        const res = await clients[role].post('/api/pictures', { summary: 'x' });
        expect(res.status, role).toBe(403);
      }
      const blank = await clients.staff.post('/api/pictures', { summary: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.error).toMatchObject({ code: 'validation_failed', field: 'summary' });
      const missing = await clients.staff.post('/api/pictures', {});
      expect(missing.status).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('lists, shows and exports approved pictures to internal readers; an approved one never changes', async () => {
      const list = await clients.observer.get('/api/pictures');
      expect(list.status).toBe(200);
      expect(list.body.pictures.map((p: { version: number }) => p.version)).toEqual([2, 1]);
      const id = list.body.pictures[1].id;
      const one = await clients.communicator.get(`/api/pictures/${id}`);
      expect(one.status).toBe(200);
      const frozen = one.body.picture;

      // The world moves on: a new report, a system back, a need fulfilled.
      await insertReport(server.db, {
        incident_id: incidentId,
        unit_id: 'hamn',
        cycle_at: at(5),
        submitted_at: at(0.5),
        overall: 'affected',
        life_health_risk: true,
      });
      await server.db.updateTable('systems').set({ status: 'operational' }).where('id', '=', 'epost').execute();
      const draft = (await clients.staff.get('/api/picture')).body.picture;
      expect(draft.changes).toMatchObject({
        since_version: 2,
        units: [{ unit_id: 'hamn', from: 'no_report', to: 'affected' }],
        new_flags: [{ unit_id: 'hamn', name: 'Hamnbolaget' }],
        systems_back: [{ id: 'epost', name: 'E-post' }],
      });
      expect((await clients.observer.get(`/api/pictures/${id}`)).body.picture).toEqual(frozen);

      for (const role of READERS) {
        const res = await clients[role].raw(`/api/pictures/${id}/export`);
        expect(res.status, role).toBe(200);
        expect(res.headers.get('content-disposition')).toBe('attachment; filename="lagesbild-v1.json"');
        expect(res.body.kind).toBe('lifeboat.situation_picture');
        expect(res.body.decision_log_head).toEqual({
          seq: frozen.content.decision_head.seq,
          hash: frozen.decision_head,
        });
        expect(res.body.picture).toEqual(frozen);
      }
      for (const path of ['/api/pictures', `/api/pictures/${id}`, `/api/pictures/${id}/export`]) {
        expect((await clients.reporter.get(path)).status, path).toBe(403);
      }
      const unknown = await clients.staff.get('/api/pictures/nope');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({ code: 'not_found', field: 'id' });
    });

    it('gives approvals made at the same moment distinct versions, never one twice', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? clients.admin : clients.staff).post('/api/pictures', { summary: `Samtidigt ${i}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const versions = results.map((r) => r.body.picture.version as number).sort((a, b) => a - b);
      expect(versions).toEqual([3, 4, 5, 6, 7, 8]);
    });

    it('marks the picture of an exercise as an exercise, in the list, the picture and its export', async () => {
      await server.db.updateTable('incidents').set({ exercise: 1 }).where('id', '=', incidentId).execute();
      const res = await clients.staff.post('/api/pictures', { summary: 'Övning.' });
      expect(res.status).toBe(200);
      expect(res.body.picture.exercise).toBe(true);
      expect(res.body.picture.content.exercise).toBe(true);
      const exported = await clients.staff.raw(`/api/pictures/${res.body.picture.id}/export`);
      expect(exported.body.exercise).toBe(true);
      const list = await clients.staff.get('/api/pictures');
      // `every` holds for an empty list too: the new picture must be in it.
      expect(list.body.pictures.map((p: { id: string }) => p.id)).toContain(res.body.picture.id);
      expect(list.body.pictures.every((p: { exercise: boolean }) => p.exercise)).toBe(true);
      expect((await clients.staff.get('/api/picture')).body.incident.exercise).toBe(true);
    });
  });
}
