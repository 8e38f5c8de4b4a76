import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';
import { saveGateState } from '../../store/gates/gates.repository.js';

const SMALL = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
  - { id: apps, name: Appar, capacity: 2 }
units:
  - { id: it, name: IT, kind: office }
  - { id: ksf, name: KSF, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra, society: 5, estimate_hours: 10, gates: [patched] }
  - { id: ad, name: AD, kind: infrastructure, owner: it, team: infra, depends_on: [net], estimate_hours: { low: 4, likely: 6, high: 8 } }
  - { id: mail, name: E-post, kind: application, owner: ksf, team: apps, depends_on: [ad], society: 4, estimate_hours: 3 }
`;

// The test clock stands at 2026-11-29T08:00Z.
const OPEN = { title: 'Ransomware', detected_at: '2026-11-29T06:30:00+01:00', severity: 'high' };
const WRITERS: Role[] = ['admin', 'staff'];
const OTHERS: Role[] = ['recovery', 'communicator', 'observer', 'reporter'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: incidents API`, () => {
    let server: TestServer;
    let admin: ApiClient;
    const clients = new Map<Role, ApiClient>();
    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
      const res = await admin.post('/api/catalogue/import?replace=true', { file_name: 'small.yaml', content: SMALL });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      for (const role of [...WRITERS, ...OTHERS])
        clients.set(role, await signIn(server, { role, ...(role === 'reporter' ? { unitId: 'it' } : {}) }));
    });
    afterAll(async () => server.close());

    // Each test starts with no open incident.
    beforeEach(async () => {
      const active = await admin.get('/api/incidents/active');
      if (active.body.incident) await admin.post(`/api/incidents/${active.body.incident.id}/close`);
    });

    const client = (role: Role) => clients.get(role) as ApiClient;

    it('has none open at first, opens one with its forecast, and refuses a second naming the open one', async () => {
      expect((await admin.get('/api/incidents/active')).body).toEqual({ incident: null });
      const res = await client('staff').post('/api/incidents', { ...OPEN, exercise: true });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const incident = res.body.incident;
      expect(incident).toMatchObject({
        title: 'Ransomware',
        detected_at: '2026-11-29T05:30:00.000Z',
        phase: 'detection_analysis',
        severity: 'high',
        exercise: true,
        closed_at: null,
        created_at: '2026-11-29T08:00:00.000Z',
      });
      expect(incident.forecast.as_of).toBe('2026-11-29T08:00:00.000Z');
      expect(incident.forecast.systems.map((s: { id: string }) => s.id)).toEqual(['net', 'ad', 'mail']);
      expect(incident.forecast.curve.at(-1)).toMatchObject({ p50: 3, p90: 3 });
      expect((await admin.get('/api/incidents/active')).body.incident.id).toBe(incident.id);

      const second = await client('admin').post('/api/incidents', { ...OPEN, title: 'Another' });
      expect(second.status).toBe(409);
      expect(second.body.error.message).toContain('"Ransomware"');
      expect(second.body.error.details).toEqual({ id: incident.id });
    });

    it('lets only admin and staff write; every internal reader reads; a reporter reads nothing', async () => {
      for (const role of OTHERS) {
        expect((await client(role).post('/api/incidents', OPEN)).status, role).toBe(403);
      }
      const before = await server.db.selectFrom('incidents').select('id').execute();
      expect((await client('observer').get('/api/incidents')).status).toBe(200);
      for (const role of WRITERS) {
        const opened = await client(role).post('/api/incidents', OPEN);
        expect(opened.status, role).toBe(201);
        const id = opened.body.incident.id;
        for (const other of OTHERS) {
          expect((await client(other).patch(`/api/incidents/${id}`, { phase: 'containment' })).status).toBe(403);
          expect((await client(other).post(`/api/incidents/${id}/close`)).status).toBe(403);
        }
        expect((await client(role).patch(`/api/incidents/${id}`, { phase: 'containment' })).status).toBe(200);
        expect((await client(role).post(`/api/incidents/${id}/close`)).status).toBe(200);
      }
      const after = await server.db.selectFrom('incidents').select('id').execute();
      expect(after.length).toBe(before.length + 2);
      const someId = after[0].id;
      for (const role of ['admin', 'staff', 'recovery', 'communicator', 'observer'] as Role[]) {
        expect((await client(role).get(`/api/incidents/${someId}`)).status, role).toBe(200);
        expect((await client(role).get('/api/incidents')).status, role).toBe(200);
        expect((await client(role).get('/api/incidents/active')).status, role).toBe(200);
        expect((await client(role).get('/api/board')).status, role).toBe(200);
      }
      expect((await client('reporter').get('/api/incidents')).status).toBe(403);
      expect((await client('reporter').get(`/api/incidents/${someId}`)).status).toBe(403);
      expect((await client('reporter').get('/api/board')).status).toBe(403);
      // A reporter sees whether an incident is open (and an exercise), never the plan's forecast.
      await admin.post('/api/incidents', { ...OPEN, exercise: true });
      const seen = await client('reporter').get('/api/incidents/active');
      expect(seen.status).toBe(200);
      expect(seen.body.incident).toMatchObject({ exercise: true, forecast: null });
      expect((await client('observer').get('/api/incidents/active')).body.incident.forecast).not.toBeNull();
    });

    it('changes, logs and announces every write; a closed incident stays readable and read-only', async () => {
      const opened = await admin.post('/api/incidents', OPEN);
      const id = opened.body.incident.id;
      const patched = await admin.patch(`/api/incidents/${id}`, { phase: 'recovery', severity: 'critical' });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body.incident).toMatchObject({ phase: 'recovery', severity: 'critical' });
      const closed = await admin.post(`/api/incidents/${id}/close`);
      expect(closed.body.incident.closed_at).toBe('2026-11-29T08:00:00.000Z');
      expect((await admin.get(`/api/incidents/${id}`)).body.incident).toMatchObject({ id, phase: 'recovery' });
      expect((await admin.get('/api/incidents/active')).body.incident).toBeNull();
      expect((await admin.patch(`/api/incidents/${id}`, { title: 'x' })).status).toBe(409);
      expect((await admin.post(`/api/incidents/${id}/close`)).status).toBe(409);
      expect((await admin.get('/api/incidents/nope')).status).toBe(404);

      const log = await server.db
        .selectFrom('event_log')
        .select(['kind', 'data', 'incident_id'])
        .where('kind', '=', 'incident')
        .execute();
      const mine = log.map((e) => JSON.parse(e.data)).filter((d) => d.incident_id === id);
      expect(mine.map((d) => d.action)).toEqual(['open', 'update', 'close']);
      expect(mine[1].fields).toEqual(['phase', 'severity']);
      expect(log.filter((e) => e.incident_id === id).length).toBe(3);
      const events = await server.db.selectFrom('outbox').select(['type', 'data']).execute();
      expect(events.filter((e) => e.type === 'incident.changed' && JSON.parse(e.data).id === id).length).toBe(3);
      const list = (await admin.get('/api/incidents')).body.incidents;
      expect(list.some((i: { id: string }) => i.id === id)).toBe(true);
    });

    it('refuses a detection time after now and bad input with a 400 naming the field', async () => {
      const future = await admin.post('/api/incidents', { ...OPEN, detected_at: '2026-11-30T00:00:00Z' });
      expect(future.status).toBe(400);
      expect(future.body.error.field).toBe('detected_at');
      expect((await admin.post('/api/incidents', { ...OPEN, severity: 'huge' })).status).toBe(400);
      const blank = await admin.post('/api/incidents', { ...OPEN, title: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.error.field).toBe('title');
      const bad = await admin.post('/api/incidents', { ...OPEN, detected_at: '2026-11-29 06:30' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('detected_at');
      expect((await admin.get('/api/incidents/active')).body.incident).toBeNull();
    });

    it('keeps the stored forecast when the catalogue changes afterwards', async () => {
      const opened = await admin.post('/api/incidents', OPEN);
      const stored = opened.body.incident.forecast;
      const edit = await admin.patch('/api/systems/net', { estimate_hours: { low: 50, likely: 60, high: 90 } });
      expect(edit.status, JSON.stringify(edit.body)).toBe(200);
      const again = await admin.get(`/api/incidents/${opened.body.incident.id}`);
      expect(again.body.incident.forecast).toEqual(stored);
      expect((await admin.get('/api/board')).body.chart.forecast).toEqual(stored);
      await admin.patch('/api/systems/net', { estimate_hours: 10 });
    });

    it('shows the board: every column, counts, filters, gates left, what each card waits for, the chart', async () => {
      await admin.post('/api/incidents', OPEN);
      await server.db.transaction().execute(async (trx) => {
        await trx.updateTable('systems').set({ status: 'operational' }).where('id', '=', 'net').execute();
        await saveGateState(trx, {
          system_id: 'ad',
          gate_id: 'patched',
          state: 'passed',
          note: 'KB-123',
          by_user_id: null,
          by_label: 'test',
          at: '2026-11-29T07:00:00.000Z',
          expires_at: null,
        });
        await saveGateState(trx, {
          system_id: 'ad',
          gate_id: 'edr-active',
          state: 'waived',
          note: 'later',
          by_user_id: null,
          by_label: 'test',
          at: '2026-11-29T07:00:00.000Z',
          expires_at: '2026-11-29T07:30:00.000Z',
        });
      });
      const res = await client('observer').get('/api/board');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.columns.map((c: { status: string; count: number }) => [c.status, c.count])).toEqual([
        ['down', 2],
        ['restoring', 0],
        ['verifying', 0],
        ['limited', 0],
        ['operational', 1],
      ]);
      const ad = res.body.columns[0].cards.find((c: { id: string }) => c.id === 'ad');
      expect(ad.waits_for).toEqual([]);
      expect(ad.gates_left).not.toContain('patched');
      expect(ad.gates_left).toContain('edr-active');
      expect(res.body.columns[0].cards.find((c: { id: string }) => c.id === 'mail').waits_for).toEqual(['ad']);
      expect(res.body.chart.total).toBe(3);
      expect(res.body.chart.actual.at(-1)).toEqual({ at: '2026-11-29T08:00:00.000Z', back: 1 });

      const apps = await admin.get('/api/board?team=apps');
      expect(apps.body.total).toBe(1);
      expect(apps.body.columns[0].cards.map((c: { id: string }) => c.id)).toEqual(['mail']);
      expect((await admin.get('/api/board?owner=it')).body.total).toBe(2);
      expect((await admin.get('/api/board?owner=it&team=apps')).body.total).toBe(0);
      expect((await admin.get('/api/board?team=Bad%20Id!')).status).toBe(400);
      await server.db.updateTable('systems').set({ status: 'down' }).where('id', '=', 'net').execute();
    });
  });
}
