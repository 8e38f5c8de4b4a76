import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';
import { SWEDISH_OBLIGATIONS } from '../../domain/tasks/tasks.js';

const ROLES_: Role[] = ['admin', 'staff', 'recovery', 'communicator', 'reporter', 'observer'];

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: it, name: IT, kind: office }
systems: []
`;

for (const dialect of DIALECTS) {
  describe(`${dialect}: obligations API`, () => {
    let server: TestServer;
    const clients = {} as Record<Role, ApiClient>;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      clients.admin = await signIn(server, { role: 'admin' });
      const imported = await clients.admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      for (const role of ROLES_.slice(1)) {
        clients[role] = await signIn(server, role === 'reporter' ? { role, unitId: 'it' } : { role });
      }
    });
    afterAll(async () => server.close());

    const written = async () => ({
      obligations: (await server.db.selectFrom('obligations').select('template_id').execute()).length,
      log: (await server.db.selectFrom('event_log').select('id').execute()).length,
      outbox: (await server.db.selectFrom('outbox').select('id').execute()).length,
    });

    it('seeds the Swedish templates, readable by the internal roles', async () => {
      for (const role of ['admin', 'staff', 'recovery', 'communicator', 'observer'] as Role[]) {
        const res = await clients[role].get('/api/obligation-templates');
        expect(res.status, role).toBe(200);
        expect(res.body.templates).toEqual(SWEDISH_OBLIGATIONS);
      }
      expect((await clients.reporter.get('/api/obligation-templates')).status).toBe(403);
      expect((await clients.reporter.get('/api/obligations')).status).toBe(403);
    });

    it('has no obligations and refuses to mark one while no incident is open', async () => {
      const res = await clients.staff.get('/api/obligations');
      expect(res.body).toMatchObject({ incident: null, obligations: [], next_pending: null });
      const sent = await clients.staff.post('/api/obligations/early-warning/sent', {});
      expect(sent.status).toBe(409);
      expect(sent.body.error.code).toBe('conflict');
    });

    it('counts the deadlines from the detection time, the month on the Stockholm wall clock', async () => {
      await server.db
        .insertInto('incidents')
        .values({
          id: 'inc-1',
          title: 'Ransomware',
          // 31 October 23:30 in Stockholm (+01:00 after the change back to winter time).
          detected_at: '2026-10-31T22:30:00.000Z',
          phase: 'response',
          severity: 'high',
          exercise: 0,
          created_at: '2026-11-01T00:00:00.000Z',
          created_by: null,
          updated_at: '2026-11-01T00:00:00.000Z',
          closed_at: null,
          forecast: null,
        })
        .execute();
      const res = await clients.observer.get('/api/obligations');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.time_zone).toBe('Europe/Stockholm');
      const byId = Object.fromEntries(res.body.obligations.map((o: { id: string }) => [o.id, o]));
      expect(byId['early-warning'].deadline_at).toBe('2026-11-01T22:30:00.000Z');
      expect(byId['incident-notification'].deadline_at).toBe('2026-11-03T22:30:00.000Z');
      // 31 October + one month = 30 November, 23:30 local.
      expect(byId['final-report'].deadline_at).toBe('2026-11-30T22:30:00.000Z');
      // The clock stands at 29 November: everything but the final report is overdue and pending.
      expect(res.body.obligations.map((o: { overdue: boolean }) => o.overdue)).toEqual([true, true, true, false]);
      expect(res.body.next_pending.id).toBe('early-warning');
    });

    it('lets admin and staff mark an obligation sent or not applicable; others get 403 and write nothing', async () => {
      const before = await written();
      for (const role of ['recovery', 'communicator', 'reporter', 'observer'] as Role[]) {
        expect((await clients[role].post('/api/obligations/early-warning/sent', {})).status, role).toBe(403);
        expect(
          (await clients[role].post('/api/obligations/imy-breach/not-applicable', { reason: 'x' })).status,
          role,
        ).toBe(403);
        expect((await clients[role].put('/api/obligation-templates', { templates: [] })).status, role).toBe(403);
      }
      expect(await written()).toEqual(before);

      const sent = await clients.staff.post('/api/obligations/early-warning/sent', {
        sent_at: '2026-11-01T20:00:00+01:00',
        note: 'MCF ärende 2026-123',
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body.obligation).toMatchObject({
        id: 'early-warning',
        state: 'sent',
        sent_at: '2026-11-01T19:00:00.000Z',
        note: 'MCF ärende 2026-123',
        overdue: false,
      });
      expect(sent.body.obligation.by_label).toMatch(/^staff-/);
      const na = await clients.admin.post('/api/obligations/imy-breach/not-applicable', {
        reason: 'Inga personuppgifter berörda',
      });
      expect(na.body.obligation).toMatchObject({ state: 'not_applicable', note: 'Inga personuppgifter berörda' });
      const after = await written();
      expect(after.obligations).toBe(before.obligations + 2);
      expect(after.log).toBe(before.log + 2);
      const events = await server.db
        .selectFrom('outbox')
        .selectAll()
        .where('type', '=', 'obligation.changed')
        .execute();
      expect(events.map((e) => JSON.parse(e.data))).toEqual([{ id: 'early-warning' }, { id: 'imy-breach' }]);
      const entries = await server.db.selectFrom('event_log').selectAll().where('kind', '=', 'obligation').execute();
      expect(entries.map((e) => JSON.parse(e.data))).toEqual([
        { obligation_id: 'early-warning', action: 'sent' },
        { obligation_id: 'imy-breach', action: 'not_applicable' },
      ]);
      expect(entries[0]?.incident_id).toBe('inc-1');

      const list = await clients.observer.get('/api/obligations');
      expect(list.body.next_pending.id).toBe('incident-notification');
      const missing = await clients.staff.post('/api/obligations/nope/sent', {});
      expect(missing.status).toBe(404);
    });

    it('replaces the templates; a marked obligation keeps its words and deadline', async () => {
      const templates = [
        { ...SWEDISH_OBLIGATIONS[1], deadline_amount: 48 },
        {
          id: 'police',
          title: 'Polisanmälan',
          recipient: 'Polisen',
          basis: '',
          deadline_amount: 2,
          deadline_unit: 'months',
        },
      ];
      const dup = await clients.staff.put('/api/obligation-templates', { templates: [templates[0], templates[0]] });
      expect(dup.status).toBe(400);
      expect(dup.body.error.field).toBe('templates[1].id');
      const res = await clients.staff.put('/api/obligation-templates', { templates });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.templates).toEqual(templates);
      const list = await clients.admin.get('/api/obligations');
      const byId = Object.fromEntries(list.body.obligations.map((o: { id: string }) => [o.id, o]));
      expect(byId['incident-notification'].deadline_at).toBe('2026-11-02T22:30:00.000Z');
      expect(byId.police.deadline_at).toBe('2026-12-31T22:30:00.000Z');
      // Removed templates that were marked stay on the record; the unmarked one is gone.
      expect(byId['early-warning']).toMatchObject({ state: 'sent', deadline_at: '2026-11-01T22:30:00.000Z' });
      expect(byId['imy-breach'].state).toBe('not_applicable');
      expect(byId['final-report']).toBeUndefined();
      const bad = await clients.admin.put('/api/obligation-templates', {
        templates: [{ ...templates[1], deadline_unit: 'weeks' }],
      });
      expect(bad.status).toBe(400);
    });
  });
}
