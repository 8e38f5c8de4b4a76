import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, anonymous, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { ROLES, type Role } from '../../domain/roles.js';
import { verifyDecisionChain } from '../../store/decisions/decisions.repository.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra }
  - { id: ekonomi, name: Ekonomisystem, kind: application, owner: it, team: infra, depends_on: [net] }
`;

const ADDERS: Role[] = ['admin', 'staff'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: the decision log API`, () => {
    let server: TestServer;
    let admin: ApiClient;
    const clients = new Map<Role, ApiClient>();
    beforeAll(async () => {
      server = await startTestServer(dialect);
      // Sessions expire: the clock starts just before the times the tests use.
      server.clock.set('2026-12-02T08:55:00.000Z');
      admin = await signIn(server, { role: 'admin' });
      expect((await admin.post('/api/catalogue/import', { file_name: 'c.yaml', content: CATALOGUE })).status).toBe(200);
      for (const role of ROLES) {
        clients.set(
          role,
          role === 'admin' ? admin : await signIn(server, { role, unitId: role === 'reporter' ? 'it' : undefined }),
        );
      }
    });
    afterAll(async () => server?.close());
    const as = (role: Role) => clients.get(role) as ApiClient;

    it('lets admin and staff add; every other role gets 403 and writes nothing; anonymous gets 401', async () => {
      for (const role of ROLES) {
        const res = await as(role).post('/api/decisions', { decision: `Beslut av ${role}`, systems: ['net'] });
        if (ADDERS.includes(role)) {
          expect(res.status, `${role}: ${JSON.stringify(res.body)}`).toBe(200);
          expect(res.body.decision).toMatchObject({ decision: `Beslut av ${role}`, systems: ['net'], corrects: null });
        } else {
          expect(res.status, role).toBe(403);
        }
      }
      expect((await anonymous(server).post('/api/decisions', { decision: 'x' })).status).toBe(401);
      const list = (await admin.get('/api/decisions')).body;
      expect(list.decisions.map((d: { decision: string }) => d.decision)).toEqual([
        'Beslut av staff',
        'Beslut av admin',
      ]);
      for (const role of ROLES) {
        const res = await as(role).post(`/api/decisions/${list.decisions[0].id}/corrections`, { decision: 'Rättelse' });
        expect(res.status, role).toBe(ADDERS.includes(role) ? 200 : 403);
      }
    });

    it('lets every internal reader read the log, one entry and the exports; a reporter gets 403', async () => {
      const id = (await admin.get('/api/decisions')).body.decisions[0].id;
      for (const role of ROLES) {
        const expected = role === 'reporter' ? 403 : 200;
        for (const path of [
          '/api/decisions',
          `/api/decisions/${id}`,
          '/api/decisions/export.json',
          '/api/decisions/export.csv',
        ]) {
          expect((await as(role).get(path)).status, `${role} ${path}`).toBe(expected);
        }
      }
    });

    it('records who decided, under what mandate and when; writes the event log and the live event', async () => {
      server.clock.set('2026-12-02T09:00:00.000Z');
      const staff = as('staff');
      const res = await staff.post('/api/decisions', {
        decision: 'Stäng alla externa förbindelser',
        basis: 'Misstänkt intrång via VPN',
        decided_by: 'Kommundirektören (per telefon)',
        mandate: 'Delegation från kommunstyrelsen §12',
        decided_at: '2026-12-02T08:40:00+01:00',
        systems: ['net', 'ekonomi', 'net'],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const d = res.body.decision;
      expect(d).toMatchObject({
        decided_by: 'Kommundirektören (per telefon)',
        decided_at: '2026-12-02T07:40:00.000Z',
        recorded_at: '2026-12-02T09:00:00.000Z',
        systems: ['net', 'ekonomi'],
        needs: [],
      });
      expect(res.body.head).toEqual({ seq: d.seq, hash: d.hash });
      const log = await server.db.selectFrom('event_log').selectAll().where('kind', '=', 'decision').execute();
      const mine = log.find((e) => JSON.parse(e.data).decision_id === d.id);
      expect(mine?.text).toBe('Stäng alla externa förbindelser');
      expect(JSON.parse(mine?.data ?? '{}')).toEqual({ decision_id: d.id, seq: d.seq });
      const outbox = await server.db.selectFrom('outbox').selectAll().where('type', '=', 'decision.added').execute();
      expect(outbox.map((o) => JSON.parse(o.data))).toContainEqual({ id: d.id, seq: d.seq });
      expect(outbox.every((o) => JSON.parse(o.audience).kind === 'internal')).toBe(true);

      // Without decided_by, the caller's name.
      const own = await admin.post('/api/decisions', { decision: 'Egen' });
      expect(own.body.decision.decided_by.length).toBeGreaterThan(0);
      expect(own.body.decision.decided_at).toBe('2026-12-02T09:00:00.000Z');
    });

    it('refuses, naming the field, a blank decision, a future time, an unknown system or entry; changes nothing', async () => {
      const before = (await admin.get('/api/decisions')).body.head;
      const cases: [unknown, number, string][] = [
        [{ decision: '   ' }, 400, 'decision'],
        [{ decision: 'x', decided_at: '2027-01-01T00:00:00Z' }, 400, 'decided_at'],
        [{ decision: 'x', systems: ['finns-inte'] }, 400, 'systems'],
        [{ decision: 'x', corrects: 'no-such' }, 404, 'corrects'],
      ];
      for (const [body, status, field] of cases) {
        const res = await admin.post('/api/decisions', body);
        expect([res.status, res.body.error?.field], JSON.stringify(res.body)).toEqual([status, field]);
      }
      const sv = await admin.raw('/api/decisions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'sv', 'x-csrf-token': admin.csrfToken ?? '' },
        body: JSON.stringify({ decision: 'x', systems: ['finns-inte'] }),
      });
      expect(sv.body.error.message).toBe('okänt system "finns-inte"');
      expect((await admin.post('/api/decisions/no-such/corrections', { decision: 'x' })).status).toBe(404);
      expect((await admin.get('/api/decisions/no-such')).status).toBe(404);
      expect((await admin.get('/api/decisions')).body.head).toEqual(before);
    });

    it('shows a corrected entry as corrected, with its correction; filters by text, system and incident', async () => {
      const original = (await admin.post('/api/decisions', { decision: 'Återställ e-post före ekonomi' })).body
        .decision;
      const fix = await admin.post(`/api/decisions/${original.id}/corrections`, {
        decision: 'Återställ ekonomisystemet före e-post',
        systems: ['ekonomi'],
      });
      expect(fix.status).toBe(200);
      expect(fix.body.decision.corrects).toBe(original.id);
      const again = (await admin.get(`/api/decisions/${original.id}`)).body.decision;
      expect(again.corrected_by).toEqual([fix.body.decision.id]);
      const viaBody = await admin.post('/api/decisions', { decision: 'Andra rättelsen', corrects: original.id });
      expect(viaBody.status).toBe(200);
      expect((await admin.get(`/api/decisions/${original.id}`)).body.decision.corrected_by).toHaveLength(2);

      const search = (await admin.get(`/api/decisions?q=${encodeURIComponent('EKONOMISYSTEMET')}`)).body.decisions;
      expect(search.map((d: { id: string }) => d.id)).toEqual([fix.body.decision.id]);
      const bySystem = (await admin.get('/api/decisions?system=ekonomi')).body.decisions;
      expect(bySystem.every((d: { systems: string[] }) => d.systems.includes('ekonomi'))).toBe(true);
      expect(bySystem.length).toBe(2);
      const inSeq = (await admin.get('/api/decisions?order=seq')).body;
      const seqs = inSeq.decisions.map((d: { seq: number }) => d.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(inSeq.order).toBe('seq');
      expect((await admin.get('/api/decisions?incident=none-such')).body.decisions).toEqual([]);
    });

    it('exports every column of every entry with the head and the exercise flag; the chain verifies', async () => {
      await server.db
        .insertInto('incidents')
        .values({
          id: 'inc-1',
          title: 'Övning',
          detected_at: '2026-12-02T09:00:00.000Z',
          phase: 'response',
          severity: 'high',
          exercise: 1,
          created_at: '2026-12-02T09:00:00.000Z',
          updated_at: '2026-12-02T09:00:00.000Z',
        })
        .execute();
      const inExercise = (await admin.post('/api/decisions', { decision: 'Under övningen' })).body.decision;
      expect(inExercise.incident_id).toBe('inc-1');
      expect(
        (await admin.get('/api/decisions?incident=inc-1')).body.decisions.map((d: { id: string }) => d.id),
      ).toEqual([inExercise.id]);

      const json = await admin.get('/api/decisions/export.json');
      expect(json.headers.get('content-disposition')).toContain('decisions.json');
      const head = (await admin.get('/api/decisions')).body.head;
      expect(json.body).toMatchObject({ chain: 'decisions', exercise: true, head });
      expect(json.body.entries).toHaveLength(head.seq);
      expect(Object.keys(json.body.entries[0]).sort()).toEqual(
        [
          'id',
          'seq',
          'incident_id',
          'decided_at',
          'recorded_at',
          'decision',
          'basis',
          'decided_by',
          'mandate',
          'recorded_by_user_id',
          'recorded_by_label',
          'systems',
          'needs',
          'corrects',
          'prev_hash',
          'hash',
        ].sort(),
      );
      expect(await verifyDecisionChain(server.db, { expectedHead: head.hash })).toMatchObject({ ok: true });

      const csv = await admin.raw('/api/decisions/export.csv');
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = String(csv.body.text)
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe(
        'id,seq,incident_id,decided_at,recorded_at,decision,basis,decided_by,mandate,recorded_by_user_id,recorded_by_label,systems,needs,corrects,prev_hash,hash,exercise',
      );
      expect(lines).toHaveLength(head.seq + 2);
      expect(lines.at(-1)).toBe(`# head,${head.seq},,,,,,,,,,,,,,${head.hash},true`);
      expect(lines.at(-2)).toMatch(/,true$/);
      expect(lines[1]).toMatch(/,false$/);
    });
  });
}
