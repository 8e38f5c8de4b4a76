import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, anonymous, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { openStream, type SseMessage, type SseStream } from '../../../test/support/sse.js';
import type { Role } from '../../domain/roles.js';
import { pruneOutbox } from '../../store/outbox/outbox.repository.js';
import { emit } from '../tx.js';

const LIVE = { heartbeatMs: 50, pollMs: 50, recheckMs: 100, maxStreamsPerUser: 3 };

const cookieOf = (c: ApiClient) => ({ cookie: `lifeboat_session=${c.cookie}` });
const events = (s: SseStream, type = 'catalogue.changed') => s.messages.filter((m) => m.type === type);
const dataOf = (m: SseMessage) => JSON.parse(m.data) as Record<string, unknown>;

for (const dialect of DIALECTS) {
  describe(`${dialect}: GET /api/events`, () => {
    let server: TestServer;
    let admin: ApiClient;
    const open: SseStream[] = [];
    const stream = async (headers: Record<string, string>, path = '/api/events') => {
      const s = await openStream(server.url, path, headers);
      open.push(s);
      return s;
    };

    beforeAll(async () => {
      server = await startTestServer(dialect, {}, { live: LIVE });
      admin = await signIn(server, { role: 'admin' });
      expect((await admin.post('/api/units', { id: 'north', name: 'North', kind: 'partner' })).status).toBe(201);
      expect((await admin.post('/api/units', { id: 'south', name: 'South', kind: 'partner' })).status).toBe(201);
    });
    afterAll(async () => {
      for (const s of open) s.close();
      await server.close();
    });

    it('streams id, event and data, with a retry hint, a heartbeat and the SSE headers', async () => {
      const s = await stream(cookieOf(admin));
      expect(s.status).toBe(200);
      await s.next((m) => m.type === 'retry');
      await s.next((m) => m.type === 'comment' && m.data === 'heartbeat');
      expect((await admin.post('/api/teams', { id: 'ops', name: 'Ops', capacity: 2 })).status).toBe(201);
      const m = await s.next((x) => x.type === 'catalogue.changed');
      expect(m.id).toMatch(/^\d+$/);
      expect(dataOf(m)).toEqual({ entity: 'team', id: 'ops', action: 'add' });
      const res = await fetch(`${server.url}/api/events`, {
        headers: { ...cookieOf(admin), accept: 'text/event-stream' },
      });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-accel-buffering')).toBe('no');
      await res.body?.cancel();
      s.close();
    });

    it('resumes after Last-Event-ID (header or query) with nothing missed and nothing twice', async () => {
      const s = await stream(cookieOf(admin));
      await s.next((m) => m.type === 'retry');
      await admin.patch('/api/teams/ops', { capacity: 3 });
      const first = await s.next((m) => m.type === 'catalogue.changed');
      s.close();
      for (const capacity of [4, 5, 6]) await admin.patch('/api/teams/ops', { capacity });
      const resumes: Record<string, string>[] = [{ 'last-event-id': String(first.id) }, {}];
      for (const resume of resumes) {
        const path = 'last-event-id' in resume ? '/api/events' : `/api/events?last_event_id=${first.id}`;
        const again = await stream({ ...cookieOf(admin), ...resume }, path);
        await again.next(() => events(again).length >= 3);
        const ids = events(again).map((m) => Number(m.id));
        expect(ids).toHaveLength(3);
        expect(ids.every((id) => id > Number(first.id))).toBe(true);
        expect([...ids].sort((a, b) => a - b)).toEqual(ids);
        again.close();
      }
    });

    it('gives a reporter only its own unit and the public; an observer and a token get the internal picture', async () => {
      const reporter = await signIn(server, { role: 'reporter', unitId: 'north' });
      const observer = await signIn(server, { role: 'observer' });
      const tokenOwner = await signIn(server, { role: 'observer' });
      const made = await tokenOwner.post('/api/tokens', { name: 'feed' });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      const r = await stream(cookieOf(reporter));
      const o = await stream(cookieOf(observer));
      const t = await stream({ authorization: `Bearer ${made.body.token}` });
      for (const s of [r, o, t]) await s.next((m) => m.type === 'retry');
      await admin.patch('/api/teams/ops', { capacity: 7 }); // internal
      await admin.patch('/api/units/south', { name: 'Söder' }); // south's
      await admin.patch('/api/units/north', { name: 'Norr' }); // north's
      await admin.post('/api/systems', { id: 'web', name: 'Web', kind: 'application', public_name: 'Webben' }); // public
      for (const s of [o, t]) {
        await s.next(() => events(s).length >= 4);
        expect(events(s).map((m) => dataOf(m).id)).toEqual(['ops', 'south', 'north', 'web']);
      }
      await r.next(() => events(r).length >= 2);
      expect(events(r).map((m) => dataOf(m).id)).toEqual(['north', 'web']);
      // The internal event-log entries never reach the reporter either.
      expect(r.messages.filter((m) => m.type === 'event.added')).toEqual([]);
      expect(o.messages.some((m) => m.type === 'event.added')).toBe(true);
    });

    it('ends the stream when the session is revoked or the token is', async () => {
      const user = await signIn(server, { role: 'staff' });
      const s = await stream(cookieOf(user));
      await s.next((m) => m.type === 'retry');
      expect((await user.post('/api/auth/logout')).status).toBeLessThan(300);
      await s.ended;
      expect(s.messages.some((m) => m.type === 'end')).toBe(true);
      // After the end the page gets a 401, which it does not retry.
      expect((await stream(cookieOf(user))).status).toBe(401);

      const owner = await signIn(server, { role: 'staff' });
      const made = await owner.post('/api/tokens', { name: 'gone' });
      const t = await stream({ authorization: `Bearer ${made.body.token}` });
      await t.next((m) => m.type === 'retry');
      expect((await owner.delete(`/api/tokens/${made.body.id ?? made.body.token_id ?? ''}`)).status).toBe(204);
      await t.ended;
    });

    it('refuses anonymous callers (401) and caps open streams per user (429)', async () => {
      expect((await anonymous(server).get('/api/events')).status).toBe(401);
      // Without `Accept: text/event-stream` a caller gets an answer, not a stream that never ends.
      const plain = await admin.get('/api/events');
      expect([plain.status, plain.body.error.code]).toEqual([400, 'bad_request']);
      const user = await signIn(server, { role: 'recovery' });
      // HEAD is answered at once and opens no stream: five of them leave the user's three streams free.
      for (let i = 0; i < 5; i++) {
        const head = await user.raw('/api/events', { method: 'HEAD', headers: { accept: 'text/event-stream' } });
        expect([head.status, head.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
      }
      const three = [await stream(cookieOf(user)), await stream(cookieOf(user)), await stream(cookieOf(user))];
      expect(three.map((s) => s.status)).toEqual([200, 200, 200]);
      expect((await stream(cookieOf(user))).status).toBe(429);
      three[0]?.close();
      await three[0]?.ended;
      // The server sees the close a moment later; the count then allows a new stream.
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        const s = await stream(cookieOf(user));
        status = s.status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(200);
    });

    it('tells a client resuming from a pruned id to reload everything (event: reset)', async () => {
      await admin.patch('/api/teams/ops', { capacity: 8 });
      server.clock.advance(25 * 3_600_000);
      // A day later every earlier session has ended: sign in afresh.
      admin = await signIn(server, { role: 'admin' });
      await admin.patch('/api/teams/ops', { capacity: 9 });
      const pruned = await pruneOutbox(server.db, new Date(server.clock().getTime() - 24 * 3_600_000).toISOString());
      expect(pruned).toBeGreaterThan(0);
      const s = await stream({ ...cookieOf(admin), 'last-event-id': '1' });
      const reset = await s.next((m) => m.type === 'reset');
      expect(Number(reset.id)).toBeGreaterThan(1);
    });

    it('misses nothing and repeats nothing when many writers commit at once while a client reconnects', async () => {
      const reader = await signIn(server, { role: 'staff' });
      const s1 = await stream(cookieOf(reader));
      await s1.next((m) => m.type === 'retry');
      const N = 40;
      const writers = Array.from({ length: N }, (_, i) =>
        // Each writer stores its event at once (outside a unit of work) and then does a varying amount of
        // other work before committing: without the outbox lock, later ids would commit first.
        server.db.transaction().execute(async (trx) => {
          await emit(trx, server.clock(), { type: 'incident.changed', audience: { kind: 'internal' }, data: { n: i } });
          for (let k = 0; k < i % 5; k++) await trx.selectFrom('outbox').select('id').limit(1).execute();
        }),
      );
      const seen = (s: SseStream) => s.messages.filter((m) => m.type === 'incident.changed');
      await s1.next(() => seen(s1).length >= 5, 10_000);
      s1.close();
      const before = seen(s1);
      const last = before[before.length - 1]?.id ?? '0';
      const s2 = await stream({ ...cookieOf(reader), 'last-event-id': String(last) });
      await Promise.all(writers);
      await s2.next(() => before.length + seen(s2).length >= N, 10_000);
      const all = [...before, ...seen(s2)].map((m) => dataOf(m).n as number);
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
    });
  });

  describe(`${dialect}: concurrent catalogue writes`, () => {
    let server: TestServer;
    let admin: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect, {}, { live: LIVE });
      admin = await signIn(server, { role: 'admin' });
    });
    afterAll(async () => server.close());

    it('50 concurrent PATCHes that together would form a cycle leave no cycle and no 5xx', async () => {
      const N = 50;
      for (let i = 0; i < N; i++) {
        const res = await admin.post('/api/systems', { id: `s${i}`, name: `S${i}`, kind: 'application' });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      const answers = await Promise.all(
        Array.from({ length: N }, (_, i) => admin.patch(`/api/systems/s${i}`, { depends_on: [`s${(i + 1) % N}`] })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.filter((s) => s === 200)).toHaveLength(N - 1);
      expect(statuses.filter((s) => s === 422)).toHaveLength(1);
      const systems = (await admin.get('/api/systems')).body.systems as { id: string; depends_on: string[] }[];
      const next = new Map(systems.map((s) => [s.id, s.depends_on]));
      // Follow the edges from every system: a cycle would come back to where it started.
      for (const start of next.keys()) {
        let at: string | undefined = start;
        for (let step = 0; step <= N && at !== undefined; step++) {
          at = next.get(at)?.[0];
          expect(at).not.toBe(start);
        }
      }
    });

    it('concurrent creates of one id give one 201 and 409s, never a 500', async () => {
      for (const [path, body] of [
        ['/api/systems', { id: 'dup', name: 'Dup', kind: 'application' }],
        ['/api/units', { id: 'dup', name: 'Dup', kind: 'partner' }],
        ['/api/teams', { id: 'dup', name: 'Dup', capacity: 1 }],
      ] as const) {
        const answers = await Promise.all(Array.from({ length: 10 }, () => admin.post(path, body)));
        const statuses = answers.map((a) => a.status).sort();
        expect(statuses).toEqual([201, ...Array(9).fill(409)]);
        expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'conflict')).toBe(true);
      }
    });

    it('writes one event-log entry per plan-relevant edit and none for a rename', async () => {
      const count = async () =>
        Number(
          (
            await server.db
              .selectFrom('event_log')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('kind', '=', 'catalogue')
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      await admin.patch('/api/systems/dup', { name: 'Renamed' });
      expect(await count()).toBe(before);
      await admin.patch('/api/systems/dup', { estimate_hours: { low: 1, likely: 2, high: 3 } });
      expect(await count()).toBe(before + 1);
      const entry = await server.db
        .selectFrom('event_log')
        .selectAll()
        .where('kind', '=', 'catalogue')
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.data)).toEqual({
        entity: 'system',
        entity_id: 'dup',
        action: 'change',
        fields: ['estimate_hours'],
      });
    });

    it.each(['observer', 'reporter', 'communicator'] as Role[])('%s may open a stream', async (role) => {
      const user =
        role === 'reporter'
          ? await signIn(server, { role, unitId: (await createUnit(admin)) ?? 'x' })
          : await signIn(server, { role });
      const s = await openStream(server.url, '/api/events', cookieOf(user));
      expect(s.status).toBe(200);
      s.close();
    });
  });
}

let unitCounter = 0;
async function createUnit(admin: ApiClient): Promise<string> {
  const id = `u${++unitCounter}`;
  await admin.post('/api/units', { id, name: id, kind: 'partner' });
  return id;
}

// Two Lifeboat servers on one PostgreSQL database see each other's changes through LISTEN/NOTIFY.
describe.runIf(DIALECTS.includes('postgres'))('postgres: two servers on one database', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // No poll to speak of: only NOTIFY (and the catch-up after a reconnect) can carry the events.
    a = await startTestServer('postgres', {}, { live: { pollMs: 60_000, reconnectMs: 100 } });
    b = await startTestServer('postgres', {}, { live: { pollMs: 60_000, reconnectMs: 100 }, shareWith: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('a change through one reaches an SSE client of the other within one second', async () => {
    const onA = await signIn(a, { role: 'admin' });
    // Sessions live in the shared database: a session made through one server holds on the other.
    const onB = await signIn(a, { role: 'observer' });
    const s = await openStream(b.url, '/api/events', cookieOf(onB));
    await s.next((m) => m.type === 'retry');
    const started = Date.now();
    expect((await onA.post('/api/teams', { id: 'far', name: 'Far', capacity: 1 })).status).toBe(201);
    const m = await s.next((x) => x.type === 'catalogue.changed', 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(dataOf(m)).toEqual({ entity: 'team', id: 'far', action: 'add' });
    s.close();
  });

  it('listens again when its PostgreSQL connection is dropped, and misses nothing meanwhile', async () => {
    const admin = await signIn(a, { role: 'admin' });
    const watcher = await signIn(a, { role: 'observer' });
    const s = await openStream(b.url, '/api/events', cookieOf(watcher));
    await s.next((m) => m.type === 'retry');
    // Both servers' LISTEN connections are cut; each reconnects and reads what it missed.
    const cut = await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`.execute(a.db);
    expect(cut.rows).toHaveLength(2);
    expect((await admin.post('/api/teams', { id: 'cut', name: 'Cut', capacity: 1 })).status).toBe(201);
    const m = await s.next((x) => x.type === 'catalogue.changed' && dataOf(x).id === 'cut', 5000);
    expect(dataOf(m)).toEqual({ entity: 'team', id: 'cut', action: 'add' });
    s.close();
  });
});
