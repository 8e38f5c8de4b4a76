import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Role } from '../../domain/roles.js';

// net has no gates and nothing it needs; ad needs net and has two gates; mail has every default gate.
const SMALL = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra, gates: [] }
  - { id: ad, name: AD, kind: infrastructure, owner: it, team: infra, depends_on: [net], gates: [patched, owner-signoff] }
  - { id: mail, name: E-post, kind: application, owner: it, public_name: E-post, depends_on: [ad] }
`;

const WRITERS: Role[] = ['admin', 'staff', 'recovery'];
const NON_WRITERS: Role[] = ['observer', 'communicator', 'reporter'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: gates and status`, () => {
    let server: TestServer;
    let admin: ApiClient;
    const clients = new Map<Role, ApiClient>();
    const as = (role: Role) => clients.get(role) as ApiClient;

    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
      // The reporter needs its unit to exist.
      await admin.post('/api/catalogue/import', { file_name: 'small.yaml', content: SMALL });
      for (const role of [...WRITERS, ...NON_WRITERS]) {
        clients.set(role, await signIn(server, role === 'reporter' ? { role, unitId: 'it' } : { role }));
      }
    });
    afterAll(async () => server.close());

    beforeEach(async () => {
      server.clock.set('2026-11-29T08:00:00.000Z');
      await server.db.deleteFrom('system_gates').execute();
      const res = await admin.post('/api/catalogue/import?replace=true&statuses=true', {
        file_name: 'small.yaml',
        content: SMALL,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });

    const counts = async () => ({
      log: (await server.db.selectFrom('event_log').select('id').execute()).length,
      outbox: (await server.db.selectFrom('outbox').select(['type', 'audience', 'data']).orderBy('id').execute()).map(
        (r) => ({ type: r.type, audience: JSON.parse(r.audience), data: JSON.parse(r.data) }),
      ),
    });
    const lastLog = () =>
      server.db
        .selectFrom('event_log')
        .selectAll()
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();

    it('lists each gate of a system with its state; none recorded means pending', async () => {
      const res = await as('observer').get('/api/systems/ad/gates');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({
        system_id: 'ad',
        gates: [
          { id: 'patched', state: 'pending', note: '', by: null, at: null, expires_at: null, expired: false },
          { id: 'owner-signoff', state: 'pending', note: '', by: null, at: null, expires_at: null, expired: false },
        ],
        gates_left: ['patched', 'owner-signoff'],
      });
      expect((await admin.get('/api/systems/mail/gates')).body.gates).toHaveLength(8);
      expect((await as('reporter').get('/api/systems/ad/gates')).status).toBe(403);
      expect((await admin.get('/api/systems/ghost/gates')).status).toBe(404);
    });

    for (const role of WRITERS) {
      it(`${role} passes, waives and resets a gate; each writes one log entry and one gate.changed`, async () => {
        const before = await counts();
        const passed = await as(role).put('/api/systems/ad/gates/patched', {
          state: 'passed',
          note: 'KB5043 on all DCs',
        });
        expect(passed.status, JSON.stringify(passed.body)).toBe(200);
        expect(passed.body.gate).toMatchObject({ id: 'patched', state: 'passed', note: 'KB5043 on all DCs' });
        expect(passed.body.gate.by).toMatch(new RegExp(`^${role}-`));
        const after = await counts();
        expect(after.log).toBe(before.log + 1);
        const added = after.outbox.slice(before.outbox.length);
        expect(added.map((e) => e.type).sort()).toEqual(['event.added', 'gate.changed']);
        expect(added.find((e) => e.type === 'gate.changed')).toEqual({
          type: 'gate.changed',
          audience: { kind: 'internal' },
          data: { system_id: 'ad', gate: 'patched', state: 'passed' },
        });
        const entry = await lastLog();
        expect(entry).toMatchObject({ kind: 'gate', system_id: 'ad', text: 'KB5043 on all DCs' });
        expect(JSON.parse(entry.data)).toEqual({ gate: 'patched', state: 'passed', expires_at: null });

        const waived = await as(role).put('/api/systems/ad/gates/owner-signoff', {
          state: 'waived',
          note: 'owner on leave',
          expires_at: '2026-11-30T08:00:00Z',
        });
        expect(waived.status, JSON.stringify(waived.body)).toBe(200);
        expect(waived.body.gate).toMatchObject({ state: 'waived', expires_at: '2026-11-30T08:00:00.000Z' });
        expect((await admin.get('/api/systems/ad/gates')).body.gates_left).toEqual([]);
        const reset = await as(role).put('/api/systems/ad/gates/patched', { state: 'pending' });
        expect(reset.body.gate).toMatchObject({ state: 'pending', note: '' });
        expect((await admin.get('/api/systems/ad/gates')).body.gates_left).toEqual(['patched']);
      });
    }

    for (const role of NON_WRITERS) {
      it(`${role} may not pass a gate, nor change a status, and writes nothing`, async () => {
        const before = await counts();
        expect((await as(role).put('/api/systems/ad/gates/patched', { state: 'passed', note: 'x' })).status).toBe(403);
        expect((await as(role).post('/api/systems/net/status', { status: 'restoring' })).status).toBe(403);
        expect((await as(role).patch('/api/systems/net', { status: 'restoring' })).status).toBe(403);
        expect(await counts()).toEqual(before);
        expect((await admin.get('/api/systems/ad/gates')).body.gates_left).toEqual(['patched', 'owner-signoff']);
      });
    }

    it('refuses a pass without evidence, a waiver that has already expired and an unknown gate', async () => {
      const before = await counts();
      const bare = await admin.put('/api/systems/ad/gates/patched', { state: 'passed' });
      expect(bare.status).toBe(400);
      expect(bare.body.error.field).toBe('note');
      const blank = await admin.put('/api/systems/ad/gates/patched', { state: 'passed', note: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.error.field).toBe('note');
      const past = await admin.put('/api/systems/ad/gates/patched', {
        state: 'waived',
        note: 'later',
        expires_at: '2026-11-29T07:00:00Z',
      });
      expect(past.status).toBe(400);
      expect(past.body.error.field).toBe('expires_at');
      const resetNote = await admin.put('/api/systems/ad/gates/patched', { state: 'pending', note: 'x' });
      expect([resetNote.status, resetNote.body.error.field]).toEqual([400, 'note']);
      const passExpiry = await admin.put('/api/systems/ad/gates/patched', {
        state: 'passed',
        note: 'x',
        expires_at: '2026-12-29T07:00:00Z',
      });
      expect([passExpiry.status, passExpiry.body.error.field]).toEqual([400, 'expires_at']);
      const ghost = await admin.put('/api/systems/ad/gates/edr-active', { state: 'passed', note: 'x' });
      expect(ghost.status).toBe(404);
      expect(ghost.body.error.field).toBe('gate');
      expect(await counts()).toEqual(before);
    });

    it('refuses a skip past pending gates and dependencies not back, naming them (both routes)', async () => {
      const before = await counts();
      for (const send of [
        () => as('recovery').post('/api/systems/ad/status', { status: 'operational' }),
        () => as('recovery').patch('/api/systems/ad', { status: 'limited' }),
      ]) {
        const res = await send();
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('invalid_transition');
        expect(res.body.error.message).toMatch(/Patched \(patched\).*Owner sign-off \(owner-signoff\)/);
        expect(res.body.error.message).toMatch(/Nät \(net, down\)/);
        expect(res.body.error.details).toEqual({
          gates: [
            { id: 'patched', name: 'Patched' },
            { id: 'owner-signoff', name: 'Owner sign-off' },
          ],
          dependencies: [{ id: 'net', name: 'Nät', status: 'down' }],
        });
      }
      const sv = await as('recovery').raw('/api/systems/ad/status', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'accept-language': 'sv',
          'x-csrf-token': as('recovery').csrfToken ?? '',
        },
        body: JSON.stringify({ status: 'operational' }),
      });
      expect(sv.body.error.message).toMatch(/kan inte bli operational än/);
      expect(await counts()).toEqual(before);
      expect((await admin.get('/api/systems/ad')).body.system.status ?? 'down').toBe('down');
    });

    it('refuses a jump the lifecycle does not allow, even for an override', async () => {
      expect((await admin.post('/api/systems/net/status', { status: 'operational' })).status).toBe(200);
      const back = await admin.post('/api/systems/net/status', { status: 'restoring', override_reason: 'x' });
      expect(back.status).toBe(409);
      expect(back.body.error.field).toBe('status');
      expect((await admin.post('/api/systems/net/status', { status: 'unknown' })).status).toBe(409);
      expect((await admin.post('/api/systems/net/status', { status: 'limited' })).status).toBe(200);
    });

    it('moves a system through its gates to operational, one log entry and one system.status per change', async () => {
      expect((await as('recovery').post('/api/systems/net/status', { status: 'operational' })).status).toBe(200);
      await as('recovery').put('/api/systems/ad/gates/patched', { state: 'passed', note: 'patched' });
      await as('recovery').put('/api/systems/ad/gates/owner-signoff', { state: 'waived', note: 'owner away' });
      const toRestoring = await as('recovery').post('/api/systems/ad/status', { status: 'restoring' });
      expect(toRestoring.status).toBe(200);
      const before = await counts();
      const done = await as('recovery').post('/api/systems/ad/status', { status: 'operational' });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect(done.body).toMatchObject({ system: { id: 'ad', status: 'operational' }, gates_left: [] });
      const after = await counts();
      expect(after.log).toBe(before.log + 1);
      const added = after.outbox.slice(before.outbox.length);
      expect(added.find((e) => e.type === 'system.status')).toEqual({
        type: 'system.status',
        audience: { kind: 'internal' },
        data: { id: 'ad', status: 'operational', from: 'restoring' },
      });
      expect(added).toHaveLength(2);
      const entry = await lastLog();
      expect(entry).toMatchObject({ kind: 'status', system_id: 'ad', text: null });
      expect(JSON.parse(entry.data)).toEqual({ from: 'restoring', to: 'operational', override: false });
      // A system with a public name tells everyone.
      await as('recovery').patch('/api/systems/mail', { status: 'restoring' });
      const outbox = (await counts()).outbox;
      expect(outbox.at(-1)).toEqual({
        type: 'system.status',
        audience: { kind: 'public' },
        data: { id: 'mail', status: 'restoring', from: 'down' },
      });
    });

    it('lets only staff and admin override, with a reason that is logged', async () => {
      const before = await counts();
      const recovery = await as('recovery').post('/api/systems/ad/status', { status: 'limited', override_reason: 'x' });
      expect(recovery.status).toBe(403);
      expect(recovery.body.error.field).toBe('override_reason');
      expect((await as('recovery').patch('/api/systems/ad', { status: 'limited', override_reason: 'x' })).status).toBe(
        403,
      );
      expect(await counts()).toEqual(before);
      for (const role of ['staff', 'admin'] as const) {
        await admin.post('/api/systems/ad/status', { status: 'down' });
        const res = await as(role).post('/api/systems/ad/status', {
          status: 'limited',
          override_reason: 'the schools need logins today',
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.gates_left).toEqual(['patched', 'owner-signoff']);
        const entry = await lastLog();
        expect(entry).toMatchObject({ kind: 'status', text: 'the schools need logins today' });
        expect(JSON.parse(entry.data)).toEqual({ from: 'down', to: 'limited', override: true });
      }
    });

    it('counts an expired waiver as pending again', async () => {
      await admin.post('/api/systems/net/status', { status: 'operational' });
      await admin.put('/api/systems/ad/gates/patched', { state: 'passed', note: 'done' });
      await admin.put('/api/systems/ad/gates/owner-signoff', {
        state: 'waived',
        note: 'for a day',
        expires_at: '2026-11-29T09:00:00Z',
      });
      server.clock.set('2026-11-29T09:00:00.000Z');
      const gates = (await admin.get('/api/systems/ad/gates')).body;
      expect(gates.gates[1]).toMatchObject({ id: 'owner-signoff', state: 'pending', expired: true });
      expect(gates.gates_left).toEqual(['owner-signoff']);
      const res = await admin.post('/api/systems/ad/status', { status: 'limited' });
      expect(res.status).toBe(409);
      expect(res.body.error.details.gates).toEqual([{ id: 'owner-signoff', name: 'Owner sign-off' }]);
      expect(res.body.error.details.dependencies).toEqual([]);
    });

    it('shows the gates left in the list, the detail and why-not-yet', async () => {
      await admin.put('/api/systems/ad/gates/patched', { state: 'passed', note: 'done' });
      const list = (await as('observer').get('/api/systems')).body.systems as { id: string; gates_left: string[] }[];
      expect(Object.fromEntries(list.map((s) => [s.id, s.gates_left.length]))).toEqual({ net: 0, ad: 1, mail: 8 });
      expect((await as('observer').get('/api/systems/ad')).body.gates_left).toEqual(['owner-signoff']);
      const why = await as('observer').get('/api/systems/ad/why');
      expect(why.body.why_not_yet.gates_pending).toEqual(['owner-signoff']);
    });

    it('takes statuses from an import as they are (the catalogue owner speaks), logging each change', async () => {
      const before = await counts();
      const res = await admin.post('/api/catalogue/import?statuses=true', {
        file_name: 'statuses.yaml',
        content: SMALL.replace('depends_on: [ad] }', 'depends_on: [ad], status: operational }'),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await admin.get('/api/systems/mail')).body.system.status).toBe('operational');
      const after = await counts();
      // One status entry, and one for the import itself (a plan-relevant change of the catalogue).
      expect(after.log).toBe(before.log + 2);
      const entry = await server.db
        .selectFrom('event_log')
        .selectAll()
        .where('kind', '=', 'status')
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ kind: 'status', system_id: 'mail' });
      expect(JSON.parse(entry.data)).toEqual({ from: 'down', to: 'operational', override: false });
    });
  });
}
