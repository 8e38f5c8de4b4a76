import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { openStream } from '../../../test/support/sse.js';
import { readiness } from './health.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: net-4711, name: Nät, kind: infrastructure, owner: it, team: infra, estimate_hours: 10 }
`;
const TOKEN = 'metrics-token-0123456789';

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** The value of one sample line, e.g. `name{a="b"} 3`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const line = text.split('\n').find((l) => {
    if (!l.startsWith(`${name}{`) && !l.startsWith(`${name} `)) return false;
    return Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`));
  });
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** Every label value in an exposition text. */
function labelValues(text: string): string[] {
  return [...text.matchAll(/[a-z_]+="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: health, readiness and metrics`, () => {
    let server: TestServer;
    let admin: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect, { metricsToken: TOKEN });
      admin = await signIn(server, { role: 'admin' });
      const res = await admin.post('/api/catalogue/import?replace=true', { file_name: 'c.yaml', content: CATALOGUE });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });
    afterAll(async () => server.close());

    it('answers /healthz and /readyz while the database is up and migrated', async () => {
      expect(await get(`${server.url}/healthz`)).toMatchObject({ status: 200, text: '{"ok":true}' });
      expect(await get(`${server.url}/readyz`)).toMatchObject({ status: 200, text: '{"ok":true}' });
    });

    it('is not ready (503, with the reason) while a migration is missing', async () => {
      const last = await server.db
        .selectFrom('kysely_migration' as never)
        .selectAll()
        .orderBy('name' as never, 'desc')
        .executeTakeFirstOrThrow();
      const row = last as { name: string; timestamp: string };
      await server.db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', row.name as never)
        .execute();
      try {
        const res = await get(`${server.url}/readyz`);
        expect(res.status).toBe(503);
        expect(JSON.parse(res.text)).toEqual({
          ok: false,
          reason: `the database is missing 1 migration(s): ${row.name}`,
        });
        expect((await get(`${server.url}/healthz`)).status).toBe(200);
      } finally {
        await server.db
          .insertInto('kysely_migration' as never)
          .values(row as never)
          .execute();
      }
      expect((await get(`${server.url}/readyz`)).status).toBe(200);
    });

    it('is not ready when the database does not answer', async () => {
      const { db, drop } = await freshDatabase(dialect);
      expect(await readiness(db)).toEqual({ ok: true });
      await drop();
      expect(await readiness(db)).toEqual({ ok: false, reason: 'the database does not answer' });
    });

    it('shows /metrics to loopback and to the token, and the same 404 as an unknown path to anyone else', async () => {
      const other = await get(`${server.url}/no-such-page`);
      expect(other.status).toBe(404);
      // What any unknown path answers, with this path in the message.
      const unknown = { ...other, text: other.text.replace('/no-such-page', '/metrics') };
      const open = await get(`${server.url}/metrics`);
      expect(open.status).toBe(200);
      expect(open.type).toContain('text/plain');
      expect(open.text).toContain('lifeboat_http_request_duration_seconds_bucket');
      // Forwarded by a proxy on this machine: not loopback any more.
      for (const header of ['x-forwarded-for', 'x-real-ip', 'forwarded']) {
        const proxied = await get(`${server.url}/metrics`, { [header]: '203.0.113.9' });
        expect(proxied, header).toEqual(unknown);
      }
      const proxied = { 'x-forwarded-for': '203.0.113.9' };
      expect((await get(`${server.url}/metrics`, { ...proxied, authorization: `Bearer ${TOKEN}` })).status).toBe(200);
      expect(await get(`${server.url}/metrics`, { ...proxied, authorization: `Bearer ${TOKEN}x` })).toEqual(unknown);
      expect(await get(`${server.url}/metrics`, { ...proxied, authorization: 'Bearer wrong' })).toEqual(unknown);
      // A wrong token is refused even from loopback.
      expect(await get(`${server.url}/metrics`, { authorization: 'Bearer wrong' })).toEqual(unknown);
    });

    it('moves after requests, streams and plans, by route pattern and status class', async () => {
      const before = (await get(`${server.url}/metrics`)).text;
      const me = { method: 'GET', route: '/api/auth/me', status_class: '2xx' };
      for (let i = 0; i < 3; i++) expect((await admin.get('/api/auth/me')).status).toBe(200);
      expect((await admin.get('/api/systems/net-4711')).status).toBe(200);
      expect((await admin.get('/api/systems/nothing-0042')).status).toBe(404);
      expect((await admin.get('/api/plan')).status).toBe(200);
      expect((await admin.get('/api/plan')).status).toBe(200);
      const s = await openStream(server.url, '/api/events', { cookie: `lifeboat_session=${admin.cookie}` });
      await s.next((m) => m.type === 'retry');
      const during = (await get(`${server.url}/metrics`)).text;
      s.close();

      const count = 'lifeboat_http_request_duration_seconds_count';
      expect(sample(during, count, me) - sample(before, count, me)).toBe(3);
      const system = { method: 'GET', route: '/api/systems/:id' };
      expect(sample(during, count, { ...system, status_class: '2xx' })).toBe(1);
      expect(sample(during, count, { ...system, status_class: '4xx' })).toBe(1);
      expect(sample(during, 'lifeboat_live_streams_open')).toBe(1);
      expect(
        sample(during, 'lifeboat_plan_cache_misses_total') - sample(before, 'lifeboat_plan_cache_misses_total'),
      ).toBe(1);
      expect(sample(during, 'lifeboat_plan_cache_hits_total') - sample(before, 'lifeboat_plan_cache_hits_total')).toBe(
        1,
      );
      expect(sample(during, 'lifeboat_outgoing_messages', { state: 'pending' })).toBeGreaterThanOrEqual(0);
      expect(during).toMatch(/^lifeboat_outgoing_oldest_pending_age_seconds \d/m);
      expect(during).toMatch(/^lifeboat_db_connections\{dialect="(sqlite|postgres)",state="total"\} [1-9]/m);
      expect(during).toMatch(/^lifeboat_planner_jobs\{state="queued"\} 0/m);
      expect(during).toMatch(/^lifeboat_process_cpu_seconds_total /m);
      await expect
        .poll(async () => sample((await get(`${server.url}/metrics`)).text, 'lifeboat_live_streams_open'))
        .toBe(0);
    });

    it('carries no id, address or URL in any label: only route patterns', async () => {
      await get(`${server.url}/unknown/anna.andersson@example.org?token=secret-token-99`);
      await admin.get('/api/systems/nothing-0042?x=anna.andersson@example.org');
      const text = (await get(`${server.url}/metrics`)).text;
      const routes = [...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1] ?? '');
      expect(routes.length).toBeGreaterThan(3);
      for (const route of routes) expect(route).toMatch(/^(\/[^?]*|\(unmatched\))$/);
      expect(routes).toContain('(unmatched)');
      const values = labelValues(text);
      for (const secret of [
        'net-4711',
        'nothing-0042',
        'anna.andersson',
        'secret-token',
        ...(admin.cookie ? [admin.cookie] : []),
        '@',
      ]) {
        expect(
          values.filter((v) => v.includes(secret)),
          secret,
        ).toEqual([]);
      }
    });
  });
}
