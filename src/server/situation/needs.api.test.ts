import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createUser, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: it, name: IT, kind: office }
  - { id: school, name: Skolan, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it }
  - { id: mail, name: E-post, kind: application }
`;

const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: needs API`, () => {
    let server: TestServer;
    const clients = {} as Record<Role, ApiClient>;
    let itReporter: ApiClient;
    let recoveryId: string;
    let reporterUserId: string;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      for (const role of ['admin', 'staff', 'communicator', 'observer'] as Role[]) {
        clients[role] = await signIn(server, { role });
      }
      const recovery = await createUser(server, { role: 'recovery', name: 'Rita Recovery' });
      recoveryId = recovery.id;
      clients.recovery = await signIn(server, { email: recovery.email, password: recovery.password });
      const res = await clients.admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const school = await createUser(server, { role: 'reporter', unitId: 'school' });
      reporterUserId = school.id;
      clients.reporter = await signIn(server, { email: school.email, password: school.password });
      itReporter = await signIn(server, { role: 'reporter', unitId: 'it' });
    });
    afterAll(async () => server.close());

    const outbox = async () =>
      (await server.db.selectFrom('outbox').selectAll().orderBy('id').execute()).map((r) => ({
        type: r.type,
        audience: JSON.parse(r.audience),
        data: JSON.parse(r.data),
      }));
    const counts = async () => ({
      needs: (await server.db.selectFrom('needs').select('id').execute()).length,
      changes: (await server.db.selectFrom('need_changes').select('id').execute()).length,
      log: (await server.db.selectFrom('event_log').select('id').execute()).length,
      outbox: (await server.db.selectFrom('outbox').select('id').execute()).length,
    });
    const refusals = async () =>
      server.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'access_refused_other_unit')
        .orderBy('seq')
        .execute();
    const raise = (client: ApiClient, body: Record<string, unknown>) =>
      client.post('/api/needs', { category: 'equipment', urgency: 'medium', ...body });
    const find = async (title: string) => {
      const list = (await clients.staff.get('/api/needs')).body.needs as { id: string; title: string }[];
      const need = list.find((n) => n.title === title);
      if (!need) throw new Error(`no need "${title}"`);
      return need.id;
    };

    it('refuses a need while no incident is open, and lists nothing', async () => {
      const before = await counts();
      const res = await raise(clients.staff, { unit_id: 'school', title: 'Datorer' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
      expect(await counts()).toEqual(before);
      const list = await clients.staff.get('/api/needs');
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ incident: null, needs: [], time_zone: 'Europe/Stockholm' });
      await server.db
        .insertInto('incidents')
        .values({
          id: 'inc-1',
          title: 'Ransomware',
          detected_at: '2026-11-29T06:00:00.000Z',
          phase: 'containment',
          severity: 'high',
          exercise: 0,
          created_at: '2026-11-29T06:30:00.000Z',
          created_by: null,
          updated_at: '2026-11-29T06:30:00.000Z',
          closed_at: null,
          forecast: null,
        })
        .execute();
    });

    it('lets admin, staff and a reporter (for its own unit) raise a need: a log row, an event-log entry, an event', async () => {
      const cases: [ApiClient, string, string, string][] = [
        [clients.admin, 'it', 'Nätverkskablar', 'low'],
        [clients.staff, 'school', 'Bärbara datorer', 'high'],
        [clients.reporter, 'school', 'Papper till skrivarna', 'critical'],
      ];
      for (const [client, unit, title, urgency] of cases) {
        server.clock.advance(MINUTE);
        const before = (await outbox()).length;
        const res = await raise(client, { unit_id: unit, title: `  ${title} `, urgency, system_ids: ['mail'] });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.need).toMatchObject({
          incident_id: 'inc-1',
          unit_id: unit,
          title,
          status: 'new',
          urgency,
          owner_user_id: null,
          systems: [{ id: 'mail', name: 'E-post' }],
        });
        const id = res.body.need.id;
        expect((await outbox()).slice(before)).toContainEqual({
          type: 'need.changed',
          audience: { kind: 'unit', unit_id: unit },
          data: { need_id: id, unit_id: unit, status: 'new' },
        });
        const entry = await server.db
          .selectFrom('event_log')
          .selectAll()
          .where('kind', '=', 'need')
          .where('unit_id', '=', unit)
          .orderBy('recorded_at', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(entry.data)).toMatchObject({ need_id: id, status: 'new' });
        expect(entry.incident_id).toBe('inc-1');
        const log = await server.db.selectFrom('need_changes').selectAll().where('need_id', '=', id).execute();
        expect(log.map((c) => JSON.parse(c.changes))).toEqual([{ status: [null, 'new'] }]);
      }
      // The reporter's own form sees its unit only.
      expect((await clients.reporter.get('/api/needs')).body.units).toEqual([{ id: 'school', name: 'Skolan' }]);
    });

    it('refuses recovery, communicator and observer a new need with 403, writing nothing', async () => {
      const before = await counts();
      for (const role of ['recovery', 'communicator', 'observer'] as Role[]) {
        const res = await raise(clients[role], { unit_id: 'school', title: 'x' });
        expect(res.status, role).toBe(403);
      }
      expect(await counts()).toEqual(before);
    });

    it('answers a reporter raising for another unit 404 and audits it; writes nothing', async () => {
      const before = await counts();
      const audited = (await refusals()).length;
      const res = await raise(clients.reporter, { unit_id: 'it', title: 'Något åt IT' });
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'not_found', field: 'unit_id' });
      // A unit that does not exist gives the same answer: nothing is learnt about other units.
      const ghost = await raise(clients.reporter, { unit_id: 'nowhere', title: 'x' });
      expect(ghost.status).toBe(404);
      expect(ghost.body.error.message).toBe(res.body.error.message);
      expect(await counts()).toEqual(before);
      const rows = await refusals();
      expect(rows.length).toBe(audited + 1); // the second refusal is counted on the same row
      const last = rows.at(-1);
      expect(last?.actor_user_id).toBe(reporterUserId);
      expect(last?.subject).toBe('POST /api/needs');
      expect(JSON.parse(last?.detail ?? '{}')).toMatchObject({
        status: 404,
        asked_unit_id: 'it',
        own_unit_id: 'school',
      });
    });

    it('names the field of an unknown unit, an unknown system, a bad category and a blank title', async () => {
      const before = await counts();
      const unit = await raise(clients.staff, { unit_id: 'nowhere', title: 'x' });
      expect(unit.status).toBe(400);
      expect(unit.body.error).toMatchObject({ code: 'validation_failed', field: 'unit_id' });
      const system = await raise(clients.staff, { unit_id: 'it', title: 'x', system_ids: ['net', 'ghost'] });
      expect(system.status).toBe(400);
      expect(system.body.error).toMatchObject({ code: 'validation_failed', field: 'system_ids[1]' });
      expect(system.body.error.message).toContain('ghost');
      const category = await raise(clients.staff, { unit_id: 'it', title: 'x', category: 'food' });
      expect(category.status).toBe(400);
      expect(category.body.error.field).toBe('category');
      const blank = await raise(clients.staff, { unit_id: 'it', title: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.error.field).toBe('title');
      expect(await counts()).toEqual(before);
    });

    it('lists needs in triage order for every internal role, and only its own unit to a reporter', async () => {
      for (const role of ['admin', 'staff', 'recovery', 'communicator', 'observer'] as Role[]) {
        const res = await clients[role].get('/api/needs');
        expect(res.status, role).toBe(200);
        expect(res.body.needs.map((n: { title: string }) => n.title)).toEqual([
          'Papper till skrivarna',
          'Bärbara datorer',
          'Nätverkskablar',
        ]);
        expect(res.body.counts).toEqual({ new: 3, accepted: 0, in_progress: 0, fulfilled: 0, declined: 0 });
        expect(res.body.may_triage).toBe(role === 'admin' || role === 'staff');
      }
      const mine = await clients.reporter.get('/api/needs');
      expect(mine.body.needs.map((n: { unit_id: string }) => n.unit_id)).toEqual(['school', 'school']);
      expect(mine.body.owners).toEqual([]);
      expect(mine.body.needs[0]).toMatchObject({ next_statuses: [], may_note: true });
      // Asking for another unit finds nothing.
      expect((await clients.reporter.get('/api/needs?unit=it')).body.needs).toEqual([]);
      const it = await itReporter.get('/api/needs');
      expect(it.body.needs.map((n: { title: string }) => n.title)).toEqual(['Nätverkskablar']);
    });

    it('filters by unit, urgency, category, owner and status (counts ignore the status filter)', async () => {
      const byUnit = await clients.staff.get('/api/needs?unit=school');
      expect(byUnit.body.needs).toHaveLength(2);
      const byUrgency = await clients.staff.get('/api/needs?urgency=low');
      expect(byUrgency.body.needs.map((n: { title: string }) => n.title)).toEqual(['Nätverkskablar']);
      const byCategory = await clients.staff.get('/api/needs?category=it');
      expect(byCategory.body.needs).toEqual([]);
      const byOwner = await clients.staff.get('/api/needs?owner=none');
      expect(byOwner.body.needs).toHaveLength(3);
      const byStatus = await clients.staff.get('/api/needs?status=accepted');
      expect(byStatus.body.needs).toEqual([]);
      expect(byStatus.body.counts.new).toBe(3);
      const bad = await clients.staff.get('/api/needs?status=done');
      expect(bad.status).toBe(400);
    });

    it("shows one need with its log to its readers; another unit's is 404 to a reporter, and audited", async () => {
      const school = await find('Bärbara datorer');
      const it = await find('Nätverkskablar');
      for (const role of ['admin', 'staff', 'recovery', 'communicator', 'observer', 'reporter'] as Role[]) {
        const res = await clients[role].get(`/api/needs/${school}`);
        expect(res.status, role).toBe(200);
        expect(res.body.need.unit_name).toBe('Skolan');
        expect(res.body.changes).toEqual([
          expect.objectContaining({ changes: [{ field: 'status', from: null, to: 'new' }], note: '' }),
        ]);
      }
      const audited = (await refusals()).length;
      const other = await clients.reporter.get(`/api/needs/${it}`);
      expect(other.status).toBe(404);
      const ghost = await clients.reporter.get('/api/needs/no-such-need');
      expect(ghost.status).toBe(404);
      expect(ghost.body).toEqual(other.body);
      const rows = await refusals();
      expect(rows.length).toBe(audited + 1);
      expect(JSON.parse(rows.at(-1)?.detail ?? '{}')).toMatchObject({ record: 'need', id: it, asked_unit_id: 'it' });
      expect(rows.at(-1)?.subject).toBe('GET /api/needs/:id');
    });

    it('triages along the lifecycle only (admin, staff), with a log row, an event-log entry and an event each', async () => {
      const id = await find('Bärbara datorer');
      const before = await counts();
      const accept = await clients.staff.patch(`/api/needs/${id}`, { status: 'accepted', owner_user_id: recoveryId });
      expect(accept.status, JSON.stringify(accept.body)).toBe(200);
      expect(accept.body.need).toMatchObject({
        status: 'accepted',
        owner_user_id: recoveryId,
        owner_name: 'Rita Recovery',
        next_statuses: ['in_progress', 'declined'],
      });
      const after = await counts();
      expect(after).toMatchObject({ needs: before.needs, changes: before.changes + 1 });
      expect(after.log).toBeGreaterThan(before.log);
      const entry = await server.db
        .selectFrom('event_log')
        .selectAll()
        .where('kind', '=', 'need')
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.data)).toEqual({
        need_id: id,
        action: 'changed',
        status: 'accepted',
        fields: ['status', 'owner_user_id'],
      });
      expect((await outbox()).at(-1)).toMatchObject({
        type: 'need.changed',
        audience: { kind: 'unit', unit_id: 'school' },
        data: { need_id: id, status: 'accepted' },
      });

      // A skip or a step back names the status and what is allowed.
      const skip = await clients.admin.patch(`/api/needs/${id}`, { status: 'fulfilled' });
      expect(skip.status).toBe(409);
      expect(skip.body.error).toMatchObject({
        code: 'invalid_transition',
        field: 'status',
        details: { from: 'accepted', to: 'fulfilled', allowed: ['in_progress', 'declined'] },
      });
      expect(skip.body.error.message).toContain('in_progress');
      const back = await clients.admin.patch(`/api/needs/${id}`, { status: 'new' });
      expect(back.status).toBe(409);

      const start = await clients.admin.patch(`/api/needs/${id}`, { status: 'in_progress', urgency: 'critical' });
      expect(start.body.need).toMatchObject({ status: 'in_progress', urgency: 'critical' });
      const done = await clients.staff.patch(`/api/needs/${id}`, { status: 'fulfilled', note: 'Levererat' });
      expect(done.body.need.status).toBe('fulfilled');
      const closed = await clients.staff.patch(`/api/needs/${id}`, { status: 'declined', note: 'x' });
      expect(closed.status).toBe(409);
      expect(closed.body.error).toMatchObject({ field: 'status', details: { allowed: [] } });

      const detail = await clients.staff.get(`/api/needs/${id}`);
      expect(detail.body.changes.map((c: { changes: { field: string; to: string }[] }) => c.changes)).toEqual([
        [{ field: 'status', from: null, to: 'new' }],
        [
          { field: 'status', from: 'new', to: 'accepted' },
          { field: 'owner_user_id', from: null, to: recoveryId },
        ],
        [
          { field: 'status', from: 'accepted', to: 'in_progress' },
          { field: 'urgency', from: 'high', to: 'critical' },
        ],
        [{ field: 'status', from: 'in_progress', to: 'fulfilled' }],
      ]);
      expect(detail.body.changes.at(-1)).toMatchObject({ note: 'Levererat', actor_label: expect.any(String) });
    });

    it('wants a reason to decline, an internal owner, and writes nothing for an empty change', async () => {
      const id = await find('Nätverkskablar');
      const before = await counts();
      const noNote = await clients.staff.patch(`/api/needs/${id}`, { status: 'declined' });
      expect(noNote.status).toBe(400);
      expect(noNote.body.error).toMatchObject({ code: 'validation_failed', field: 'note' });
      const reporterOwner = await clients.staff.patch(`/api/needs/${id}`, { owner_user_id: reporterUserId });
      expect(reporterOwner.status).toBe(400);
      expect(reporterOwner.body.error.field).toBe('owner_user_id');
      const ghost = await clients.staff.patch(`/api/needs/${id}`, { owner_user_id: 'nobody' });
      expect(ghost.body.error.field).toBe('owner_user_id');
      const same = await clients.staff.patch(`/api/needs/${id}`, { status: 'new', urgency: 'low' });
      expect(same.status).toBe(200);
      const empty = await clients.staff.patch(`/api/needs/${id}`, {});
      expect(empty.status).toBe(400);
      const missing = await clients.staff.patch('/api/needs/nope', { status: 'accepted' });
      expect(missing.status).toBe(404);
      expect(await counts()).toEqual(before);
      const declined = await clients.staff.patch(`/api/needs/${id}`, { status: 'declined', note: 'Finns på plats' });
      expect(declined.body.need.status).toBe('declined');
    });

    it("refuses triage to every role but admin and staff (403), the unit's reporter included", async () => {
      const id = await find('Papper till skrivarna');
      const before = await counts();
      for (const role of ['recovery', 'communicator', 'observer', 'reporter'] as Role[]) {
        const res = await clients[role].patch(`/api/needs/${id}`, { status: 'accepted' });
        expect(res.status, role).toBe(403);
      }
      expect(await counts()).toEqual(before);
    });

    it("takes a note from staff and from the unit's reporter; another unit's reporter gets 404, audited", async () => {
      const id = await find('Papper till skrivarna');
      const own = await clients.reporter.post(`/api/needs/${id}/notes`, { note: 'Vi klarar oss till i morgon.' });
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      expect(own.body.need.status).toBe('new');
      const staff = await clients.staff.post(`/api/needs/${id}/notes`, { note: 'Vi ringer leverantören.' });
      expect(staff.status).toBe(200);
      const before = await counts();
      const audited = (await refusals()).length;
      const other = await itReporter.post(`/api/needs/${id}/notes`, { note: 'x' });
      expect(other.status).toBe(404);
      for (const role of ['recovery', 'communicator', 'observer'] as Role[]) {
        expect((await clients[role].post(`/api/needs/${id}/notes`, { note: 'x' })).status, role).toBe(403);
      }
      const blank = await clients.reporter.post(`/api/needs/${id}/notes`, { note: '  ' });
      expect(blank.status).toBe(400);
      expect(blank.body.error.field).toBe('note');
      expect(await counts()).toEqual(before);
      const rows = await refusals();
      expect(rows.length).toBe(audited + 1);
      expect(rows.at(-1)?.subject).toBe('POST /api/needs/:id/notes');
      const detail = await clients.reporter.get(`/api/needs/${id}`);
      expect(detail.body.changes.map((c: { note: string }) => c.note)).toEqual([
        '',
        'Vi klarar oss till i morgon.',
        'Vi ringer leverantören.',
      ]);
      const entry = await server.db
        .selectFrom('event_log')
        .selectAll()
        .where('kind', '=', 'need')
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.data)).toMatchObject({ need_id: id, action: 'note', fields: [] });
      expect(entry.text).toBe('Papper till skrivarna: Vi ringer leverantören.');
    });
  });
}
