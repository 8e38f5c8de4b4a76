import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, anonymous, createUser, signIn, tokenClient } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { INTERNAL_READERS, ROLES } from '../../domain/roles.js';
import { auditChainHead, verifyAuditChain } from '../../store/audit/audit.repository.js';
import { REFUSAL_WINDOW_MS } from './refusals.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra }
`;

interface Row {
  seq: number;
  action: string;
  actor_email: string | null;
  ip: string | null;
  subject: string | null;
  count: number | null;
  at: string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the audit trail`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let adminEmail: string;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      const me = await createUser(server, { role: 'admin' });
      adminEmail = me.email;
      admin = await signIn(server, me);
      expect((await admin.post('/api/catalogue/import', { file_name: 'c.yaml', content: CATALOGUE })).status).toBe(200);
    });
    afterAll(async () => server?.close());

    const refusals = async (): Promise<Row[]> =>
      (await admin.get('/api/audit?limit=1000')).body.events.filter((e: Row) => e.action.startsWith('access_refused'));

    it('pages by cursor with the head hash, and filters by action, actor and time', async () => {
      for (let i = 0; i < 3; i++) {
        server.clock.advance(60_000);
        await admin.post('/api/tokens', { name: `t${i}` });
      }
      const all = (await admin.get('/api/audit?limit=1000')).body;
      const head = await auditChainHead(server.db);
      expect(all.head).toEqual(head);
      expect(all.events[0].hash).toBe(head.hash);
      expect(all.next_cursor).toBeNull();
      const seqs = all.events.map((e: Row) => e.seq);

      const first = (await admin.get('/api/audit?limit=2')).body;
      expect(first.events.map((e: Row) => e.seq)).toEqual(seqs.slice(0, 2));
      const second = (await admin.get(`/api/audit?limit=2&cursor=${first.next_cursor}`)).body;
      expect(second.events.map((e: Row) => e.seq)).toEqual(seqs.slice(2, 4));

      const tokens = (await admin.get('/api/audit?action=token_created')).body.events as Row[];
      expect(tokens).toHaveLength(3);
      expect(tokens.every((e) => e.actor_email === adminEmail && e.ip === '127.0.0.1')).toBe(true);
      const byActor = (await admin.get(`/api/audit?actor=${encodeURIComponent(adminEmail.toUpperCase())}`)).body;
      expect(byActor.events.length).toBeGreaterThanOrEqual(4);
      expect(byActor.events.every((e: Row) => e.actor_email === adminEmail)).toBe(true);

      // The middle token only: from inclusive, to exclusive, and any offset the caller writes.
      const middle = tokens[1] as Row;
      const at = new Date(middle.at);
      const stockholm = (d: Date) => `${new Date(d.getTime() + 3_600_000).toISOString().slice(0, 19)}+01:00`;
      const window = (
        await admin.get(
          `/api/audit?action=token_created&from=${encodeURIComponent(stockholm(at))}&to=${encodeURIComponent(stockholm(new Date(at.getTime() + 1000)))}`,
        )
      ).body.events as Row[];
      expect(window.map((e) => e.seq)).toEqual([middle.seq]);

      for (const [query, field] of [
        ['cursor=abc', 'querystring.cursor'],
        ['from=yesterday', 'querystring.from'],
        ['limit=0', 'querystring.limit'],
        ['colour=red', 'querystring.colour'],
      ]) {
        const bad = await admin.get(`/api/audit?${query}`);
        expect([bad.status, bad.body.error.field], query).toEqual([400, field]);
      }
      const backwards = await admin.get(`/api/audit?from=${all.events[0].at}&to=${all.events[1].at}`);
      expect([backwards.status, backwards.body.error.field]).toEqual([400, 'to']);
    });

    it('records refused access, one chained row per kind and window with a count, and the chain holds', async () => {
      server.clock.set(
        new Date(Math.ceil(server.clock().getTime() / REFUSAL_WINDOW_MS) * REFUSAL_WINDOW_MS).toISOString(),
      );
      const before = (await refusals()).length;
      const anon = anonymous(server);
      for (let i = 0; i < 5; i++) expect((await anon.get('/api/users')).status).toBe(401);
      const staff = await signIn(server, { role: 'staff' });
      for (let i = 0; i < 3; i++) expect((await staff.get('/api/audit')).status).toBe(403);
      // A session cookie without its CSRF header.
      const csrf = await staff.raw('/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x' }),
      });
      expect(csrf.status).toBe(403);
      const token = await tokenClient(server, 'observer');
      expect((await token.post('/api/systems', { id: 'x', name: 'X', kind: 'platform' })).status).toBe(403);
      // Probing the session is not a refusal worth a row.
      expect((await anon.get('/api/auth/me')).status).toBe(401);

      const rows = (await refusals()).slice(0, -before || undefined);
      expect(rows.map((e) => [e.action, e.subject, e.count, e.actor_email === null]).reverse()).toEqual([
        ['access_refused_unauthenticated', 'GET /api/users', 5, true],
        ['access_refused_forbidden', 'GET /api/audit', 3, false],
        // The CSRF check refuses before the session counts as the caller's: the row names the address.
        ['access_refused_csrf', 'POST /api/tokens', 1, true],
        ['access_refused_forbidden', 'POST /api/systems', 1, false],
      ]);
      expect(rows.every((e) => e.ip === '127.0.0.1')).toBe(true);

      // The next window starts a new row.
      server.clock.advance(REFUSAL_WINDOW_MS);
      await anon.get('/api/users');
      const next = await refusals();
      expect([next.length, next[0]?.count]).toEqual([before + 5, 1]);
      expect((await verifyAuditChain(server.db)).ok).toBe(true);
    });

    it('shows the trail to an administrator only', async () => {
      for (const role of ROLES) {
        const client = await signIn(server, { role, unitId: role === 'reporter' ? 'it' : undefined });
        expect((await client.get('/api/audit')).status, role).toBe(role === 'admin' ? 200 : 403);
      }
      expect((await anonymous(server).get('/api/audit')).status).toBe(401);
    });

    it('a reporter sees a system but not its change history; every internal reader does', async () => {
      expect((await admin.patch('/api/systems/net', { name: 'Nätet' })).status).toBe(200);
      for (const role of ROLES) {
        const client = await signIn(server, { role, unitId: role === 'reporter' ? 'it' : undefined });
        const res = await client.get('/api/systems/net');
        expect(res.status, role).toBe(200);
        expect(res.body.system.name, role).toBe('Nätet');
        if (INTERNAL_READERS.includes(role)) {
          expect(res.body.changes?.length, role).toBeGreaterThan(0);
          expect(JSON.stringify(res.body.changes), role).toContain(adminEmail);
        } else {
          expect(res.body, role).not.toHaveProperty('changes');
          expect(JSON.stringify(res.body), role).not.toContain(adminEmail);
        }
      }
    });
  });
}
