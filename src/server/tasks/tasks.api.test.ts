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
`;

// The test clock stands at 2026-11-29T08:00Z.
const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: tasks API`, () => {
    let server: TestServer;
    const clients = {} as Record<Role, ApiClient>;
    let schoolReporter: ApiClient;
    let itReporter: ApiClient;
    let recoveryId: string;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      for (const role of ['admin', 'staff', 'communicator', 'observer'] as Role[]) {
        clients[role] = await signIn(server, { role });
      }
      const recovery = await createUser(server, { role: 'recovery' });
      recoveryId = recovery.id;
      clients.recovery = await signIn(server, { email: recovery.email, password: recovery.password });
      const res = await clients.admin.post('/api/catalogue/import?replace=true', {
        file_name: 'c.yaml',
        content: CATALOGUE,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      schoolReporter = await signIn(server, { role: 'reporter', unitId: 'school' });
      itReporter = await signIn(server, { role: 'reporter', unitId: 'it' });
      clients.reporter = schoolReporter;
      await server.db
        .insertInto('incidents')
        .values({
          id: 'inc-1',
          title: 'Ransomware',
          detected_at: '2026-11-29T06:00:00.000Z',
          phase: 'response',
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
    afterAll(async () => server.close());

    const outbox = async () =>
      (await server.db.selectFrom('outbox').selectAll().orderBy('id').execute()).map((r) => ({
        type: r.type,
        audience: JSON.parse(r.audience),
        data: JSON.parse(r.data),
      }));
    const counts = async () => ({
      tasks: (await server.db.selectFrom('tasks').select('id').execute()).length,
      log: (await server.db.selectFrom('event_log').select('id').execute()).length,
      obligations: (await server.db.selectFrom('obligations').select('template_id').execute()).length,
    });

    it('lets admin and staff create a task for a person or a unit, with an event and a log entry each', async () => {
      for (const role of ['admin', 'staff'] as Role[]) {
        const before = (await outbox()).length;
        const res = await clients[role].post('/api/tasks', {
          title: `Ring skolan (${role})`,
          assignee_unit_id: 'school',
          due_at: '2026-11-29T10:00:00+01:00',
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.task).toMatchObject({
          incident_id: 'inc-1',
          status: 'open',
          assignee_unit_id: 'school',
          assignee_user_id: null,
          due_at: '2026-11-29T09:00:00.000Z',
          overdue: false,
        });
        const events = (await outbox()).slice(before);
        expect(events).toContainEqual({
          type: 'task.changed',
          audience: { kind: 'unit', unit_id: 'school' },
          data: { id: res.body.task.id },
        });
        const entry = await server.db
          .selectFrom('event_log')
          .selectAll()
          .where('kind', '=', 'task')
          .orderBy('recorded_at', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(entry.data)).toEqual({ task_id: res.body.task.id, action: 'created' });
        expect(entry.incident_id).toBe('inc-1');
        expect(entry.unit_id).toBe('school');
      }
      const person = await clients.staff.post('/api/tasks', {
        title: 'Återställ AD',
        assignee_user_id: recoveryId,
        due_at: '2026-11-29T07:00:00Z',
      });
      expect(person.status, JSON.stringify(person.body)).toBe(200);
      // Already past its due time: overdue from the start.
      expect(person.body.task.overdue).toBe(true);
      expect((await outbox()).at(-2)).toMatchObject({ type: 'task.changed', audience: { kind: 'internal' } });
    });

    it('refuses the other roles with 403 and writes nothing', async () => {
      const before = await counts();
      for (const role of ['recovery', 'communicator', 'reporter', 'observer'] as Role[]) {
        const res = await clients[role].post('/api/tasks', { title: 'x', assignee_unit_id: 'school' });
        expect(res.status, role).toBe(403);
        const patch = await clients[role].patch('/api/tasks/id-000001', { title: 'y' });
        expect(patch.status, role).toBe(403);
      }
      expect(await counts()).toEqual(before);
    });

    it('wants exactly one assignee that exists, and a real time', async () => {
      const both = await clients.staff.post('/api/tasks', {
        title: 'x',
        assignee_unit_id: 'it',
        assignee_user_id: recoveryId,
      });
      expect(both.status).toBe(400);
      expect(both.body.error).toMatchObject({ code: 'validation_failed', field: 'assignee_user_id' });
      const none = await clients.staff.post('/api/tasks', { title: 'x' });
      expect(none.body.error).toMatchObject({ code: 'validation_failed', field: 'assignee_user_id' });
      const ghost = await clients.staff.post('/api/tasks', { title: 'x', assignee_unit_id: 'nowhere' });
      expect(ghost.body.error).toMatchObject({ code: 'validation_failed', field: 'assignee_unit_id' });
      const badTime = await clients.staff.post('/api/tasks', {
        title: 'x',
        assignee_unit_id: 'it',
        due_at: '2026-13-45T10:00:00Z',
      });
      expect(badTime.status).toBe(400);
      expect(badTime.body.error.field).toContain('due_at');
    });

    it("shows a reporter only its unit's tasks, and every task to the internal roles", async () => {
      await clients.staff.post('/api/tasks', { title: 'IT-kontoret', assignee_unit_id: 'it' });
      const school = await schoolReporter.get('/api/tasks');
      expect(school.status).toBe(200);
      expect(school.body.tasks.length).toBeGreaterThan(0);
      expect(school.body.tasks.every((t: { assignee_unit_id: string }) => t.assignee_unit_id === 'school')).toBe(true);
      expect(school.body.units).toEqual([{ id: 'school', name: 'Skolan' }]);
      const it = await itReporter.get('/api/tasks');
      expect(it.body.tasks.map((t: { title: string }) => t.title)).toEqual(['IT-kontoret']);
      const all = await clients.observer.get('/api/tasks');
      expect(all.body.tasks.length).toBe(school.body.tasks.length + 2);
      expect(all.body.people.length).toBeGreaterThan(5);
      // A task of another unit is as absent to a reporter as one that never was.
      const other = all.body.tasks.find((t: { title: string }) => t.title === 'IT-kontoret');
      const res = await schoolReporter.post(`/api/tasks/${other.id}/report`, { text: 'klart' });
      expect(res.status).toBe(404);
    });

    it('filters by mine, assignee, overdue and status', async () => {
      const mine = await clients.recovery.get('/api/tasks?mine=true');
      expect(mine.body.tasks.map((t: { title: string }) => t.title)).toEqual(['Återställ AD']);
      const byUnit = await clients.staff.get('/api/tasks?assignee=unit:it');
      expect(byUnit.body.tasks.map((t: { title: string }) => t.title)).toEqual(['IT-kontoret']);
      const overdue = await clients.staff.get('/api/tasks?overdue=true');
      expect(overdue.body.tasks.map((t: { title: string }) => t.title)).toEqual(['Återställ AD']);
      expect(overdue.body.overdue_count).toBe(1);
      server.clock.advance(2 * HOUR); // 10:00Z: the school's tasks (due 09:00Z) are overdue now
      const later = await clients.staff.get('/api/tasks?overdue=true');
      expect(later.body.overdue_count).toBe(3);
      const reported = await clients.staff.get('/api/tasks?status=reported');
      expect(reported.body.tasks).toEqual([]);
    });

    it('lets the assignee report back: the person, or a reporter of the unit; staff on its behalf', async () => {
      const list = (await clients.staff.get('/api/tasks')).body.tasks as { id: string; title: string }[];
      const ad = list.find((t) => t.title === 'Återställ AD')?.id;
      const [schoolA, schoolB] = list.filter((t) => t.title.startsWith('Ring skolan')).map((t) => t.id);
      const itTask = list.find((t) => t.title === 'IT-kontoret')?.id;

      // Not the assignee: a communicator, another recovery user, an observer.
      const before = await counts();
      expect((await clients.communicator.post(`/api/tasks/${ad}/report`, { text: 'x' })).status).toBe(403);
      expect((await clients.communicator.post(`/api/tasks/${schoolA}/report`, { text: 'x' })).status).toBe(403);
      const otherRecovery = await signIn(server, { role: 'recovery' });
      expect((await otherRecovery.post(`/api/tasks/${ad}/report`, { text: 'x' })).status).toBe(403);
      expect((await clients.observer.post(`/api/tasks/${ad}/report`, { text: 'x' })).status).toBe(403);
      expect(await counts()).toEqual(before);

      const byPerson = await clients.recovery.post(`/api/tasks/${ad}/report`, { text: 'AD är uppe igen' });
      expect(byPerson.status, JSON.stringify(byPerson.body)).toBe(200);
      expect(byPerson.body.task).toMatchObject({
        status: 'reported',
        report: 'AD är uppe igen',
        reported_at: '2026-11-29T10:00:00.000Z',
        overdue: false,
      });
      const byUnit = await schoolReporter.post(`/api/tasks/${schoolA}/report`, { text: 'Skolan har ringt' });
      expect(byUnit.status, JSON.stringify(byUnit.body)).toBe(200);
      expect((await outbox()).at(-2)).toMatchObject({
        type: 'task.changed',
        audience: { kind: 'unit', unit_id: 'school' },
      });
      const byStaff = await clients.staff.post(`/api/tasks/${schoolB}/report`, { text: 'Per telefon' });
      expect(byStaff.status).toBe(200);
      // Twice is refused, naming what blocks.
      const again = await schoolReporter.post(`/api/tasks/${schoolA}/report`, { text: 'igen' });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('reported');

      const log = await server.db.selectFrom('event_log').select('data').where('kind', '=', 'task').execute();
      expect(log.filter((e) => JSON.parse(e.data).action === 'reported')).toHaveLength(3);
      expect(itTask).toBeDefined();
    });

    it('changes, reassigns and cancels a task (admin, staff)', async () => {
      const list = (await clients.staff.get('/api/tasks')).body.tasks as { id: string; title: string }[];
      const id = list.find((t) => t.title === 'IT-kontoret')?.id;
      const moved = await clients.staff.patch(`/api/tasks/${id}`, { assignee_unit_id: 'school', title: 'Skolans IT' });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.task).toMatchObject({ assignee_unit_id: 'school', title: 'Skolans IT' });
      // The unit that lost it hears of it too.
      const events = (await outbox()).filter((e) => e.type === 'task.changed' && e.data.id === id);
      expect(events.map((e) => e.audience)).toEqual(
        expect.arrayContaining([
          { kind: 'unit', unit_id: 'it' },
          { kind: 'unit', unit_id: 'school' },
        ]),
      );
      expect((await itReporter.get('/api/tasks')).body.tasks).toEqual([]);
      const person = await clients.admin.patch(`/api/tasks/${id}`, { assignee_user_id: recoveryId });
      expect(person.body.task).toMatchObject({ assignee_user_id: recoveryId, assignee_unit_id: null });
      const nobody = await clients.admin.patch(`/api/tasks/${id}`, { assignee_user_id: null });
      expect(nobody.body.error).toMatchObject({ code: 'validation_failed', field: 'assignee_user_id' });
      const cancelled = await clients.admin.patch(`/api/tasks/${id}`, { status: 'cancelled' });
      expect(cancelled.body.task.status).toBe('cancelled');
      const report = await clients.recovery.post(`/api/tasks/${id}/report`, { text: 'x' });
      expect(report.status).toBe(409);
      const missing = await clients.admin.patch('/api/tasks/nope', { title: 'x' });
      expect(missing.status).toBe(404);
    });
  });
}
