import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createUser, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { ROLES } from '../../domain/roles.js';
import { appendEventLog } from '../../store/eventlog/eventlog.repository.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: soc, name: Socialkontoret, kind: office }
  - { id: it, name: IT-enheten, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra }
  - { id: school, name: Skolplattform Återkoll, kind: application, owner: it, team: infra }
`;

interface Entry {
  id: string;
  at: string;
  kind: string;
  author: string;
  system: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
  text: string | null;
  incident_id: string | null;
}

const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`${dialect}: the event log`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let staff: ApiClient;
    let staffEmail: string;
    const list = async (query = '') => (await admin.get(`/api/log?limit=500${query}`)).body.entries as Entry[];
    const texts = async (query = '') => (await list(query)).map((e) => e.text);
    const count = async () => (await list('&incident=all')).length;

    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
      const s = await createUser(server, { role: 'staff', name: 'Stina Stab' });
      staffEmail = s.email;
      staff = await signIn(server, s);
      expect((await admin.post('/api/catalogue/import', { file_name: 'c.yaml', content: CATALOGUE })).status).toBe(200);
      const incident = (id: string, title: string, exercise: number, closed: string | null) => ({
        id,
        title,
        detected_at: '2026-11-28T06:00:00.000Z',
        phase: 'response',
        severity: 'high',
        exercise,
        created_at: closed ? '2026-11-01T00:00:00.000Z' : '2026-11-28T06:00:00.000Z',
        created_by: null,
        updated_at: '2026-11-28T06:00:00.000Z',
        closed_at: closed,
        forecast: null,
      });
      await server.db
        .insertInto('incidents')
        .values([
          incident('old', 'Förra året', 0, '2026-11-02T00:00:00.000Z'),
          incident('inc', 'Övning Ransomware', 1, null),
        ])
        .execute();
      // An entry of the closed incident, and an automatic status entry of the open one.
      await appendEventLog(server.db, {
        id: 'e-old',
        incident_id: 'old',
        at: '2026-11-01T10:00:00.000Z',
        recorded_at: '2026-11-01T10:00:00.000Z',
        kind: 'manual',
        actor_user_id: null,
        actor_label: 'cli',
        text: 'Gammal anteckning',
      });
      await appendEventLog(server.db, {
        id: 'e-status',
        incident_id: 'inc',
        at: '2026-11-28T07:00:00.000Z',
        recorded_at: '2026-11-28T07:00:00.000Z',
        kind: 'status',
        actor_user_id: null,
        actor_label: 'cli',
        system_id: 'net',
        data: { from: 'down', to: 'restoring', override: false },
      });
    });
    afterAll(async () => server?.close());

    it('writes manual entries for the roles allowed, refuses the others, and writes nothing then', async () => {
      for (const role of ROLES) {
        const client = await signIn(server, { role, unitId: role === 'reporter' ? 'soc' : undefined });
        const before = await count();
        const res = await client.post('/api/log', { text: `Anteckning av ${role}` });
        const allowed = ['admin', 'staff', 'recovery', 'communicator'].includes(role);
        expect(res.status, role).toBe(allowed ? 200 : 403);
        expect(await count(), role).toBe(before + (allowed ? 1 : 0));
        if (allowed) expect(res.body.entry).toMatchObject({ kind: 'manual', text: `Anteckning av ${role}` });
        const read = await client.get('/api/log');
        expect(read.status, role).toBe(role === 'reporter' ? 403 : 200);
      }
    });

    it('refuses bad fields naming the field, and writes nothing', async () => {
      const before = await count();
      const future = new Date(server.clock().getTime() + 2 * MINUTE).toISOString();
      for (const [body, field, status] of [
        [{}, 'text', 400],
        [{ text: '   ' }, 'text', 400],
        [{ text: 'x'.repeat(4001) }, 'text', 400],
        [{ text: 'x', at: 'igår' }, 'at', 400],
        [{ text: 'x', at: future }, 'at', 400],
        [{ text: 'x', system_id: 'nope' }, 'system_id', 400],
        [{ text: 'x', unit_id: 'nope' }, 'unit_id', 400],
        [{ text: 'x', kind: 'status' }, 'kind', 400],
        [{ text: 'x', colour: 'red' }, 'colour', 400],
      ] as const) {
        const res = await staff.post('/api/log', body);
        expect([res.status, res.body.error?.field], JSON.stringify(body)).toEqual([status, field]);
      }
      expect(await count()).toBe(before);
      // Half a minute ahead is a phone's clock running fast, not the future.
      const skew = new Date(server.clock().getTime() + MINUTE / 2).toISOString();
      expect((await staff.post('/api/log', { text: 'Klockan går före', at: skew })).status).toBe(200);
    });

    it('ties entries to the open incident by default, and shows every incident on request', async () => {
      const page = (await admin.get('/api/log')).body;
      expect(page.incident).toEqual({ id: 'inc', title: 'Övning Ransomware', exercise: true });
      expect(page.entries.every((e: Entry) => e.incident_id === 'inc')).toBe(true);
      expect(await texts('&incident=old')).toEqual(['Gammal anteckning']);
      expect(await texts('&incident=all')).toContain('Gammal anteckning');
      const missing = await admin.get('/api/log?incident=nope');
      expect([missing.status, missing.body.error.field]).toEqual([404, 'incident']);
    });

    it('narrows by kind, system, unit, author and time, and searches text, author and system name', async () => {
      server.clock.set('2026-11-29T09:00:00.000Z');
      const add = async (client: ApiClient, body: Record<string, string>) =>
        expect((await client.post('/api/log', body)).status).toBe(200);
      await add(staff, {
        text: 'Samtal från socialkontoret: journalsystemet nere',
        unit_id: 'soc',
        at: '2026-11-29T06:30:00+01:00',
      });
      await add(admin, { text: 'SOC ser trafik mot okänd adress', system_id: 'net', at: '2026-11-29T07:30:00+01:00' });
      await add(admin, { text: 'Rektor ringer om 100% frånvaro_lista', system_id: 'school', unit_id: 'it' });

      expect((await list('&kind=status')).map((e) => e.id)).toEqual(['e-status']);
      const both = await list('&kind=status,manual');
      expect(both.some((e) => e.kind === 'status') && both.some((e) => e.kind === 'manual')).toBe(true);
      expect((await list('&system=net')).map((e) => e.text)).toEqual(['SOC ser trafik mot okänd adress', null]);
      expect(await texts('&unit=soc')).toEqual(['Samtal från socialkontoret: journalsystemet nere']);
      const byStaff = await list(`&author=${encodeURIComponent(staffEmail.toUpperCase())}`);
      expect(byStaff.length).toBeGreaterThan(1);
      expect(byStaff.every((e) => e.author === staffEmail)).toBe(true);
      // From inclusive, to exclusive, in any offset.
      expect(await texts('&from=2026-11-29T06:30:00%2B01:00&to=2026-11-29T07:30:00%2B01:00')).toEqual([
        'Samtal från socialkontoret: journalsystemet nere',
      ]);
      // Search: the text (without regard to case, also å/Å), the author, the system's name; % and _ are literal.
      expect(await texts('&q=JOURNALSYSTEMET')).toEqual(['Samtal från socialkontoret: journalsystemet nere']);
      expect(await texts(`&q=${encodeURIComponent('SOCIALKONTORET: JOURNAL')}`)).toHaveLength(1);
      expect(await texts(`&q=${encodeURIComponent('återkoll')}`)).toEqual(['Rektor ringer om 100% frånvaro_lista']);
      expect(await texts(`&q=${encodeURIComponent('FRÅNVARO')}`)).toHaveLength(1);
      expect(await texts(`&q=${encodeURIComponent('Stina')}`)).toEqual([]);
      expect((await list(`&q=${encodeURIComponent(staffEmail.slice(0, 8).toUpperCase())}`)).length).toBe(
        byStaff.length,
      );
      expect(await texts(`&q=${encodeURIComponent('100%')}`)).toHaveLength(1);
      expect(await texts(`&q=${encodeURIComponent('0%f')}`)).toHaveLength(0);
      expect(await texts(`&q=${encodeURIComponent('o_l')}`)).toHaveLength(1);
      expect(await texts(`&q=${encodeURIComponent('e_l')}`)).toHaveLength(0);

      for (const [query, field] of [
        ['from=yesterday', 'querystring.from'],
        ['cursor=!!', 'querystring.cursor'],
        ['cursor=bm9wZQ', 'cursor'],
        ['kind=BAD KIND', 'querystring.kind'],
        ['from=2026-11-29T10:00:00Z&to=2026-11-29T09:00:00Z', 'to'],
      ]) {
        const bad = await admin.get(`/api/log?${query}`);
        expect([bad.status, bad.body.error.field], query).toEqual([400, field]);
      }
    });

    it('pages newest first by (time, id), stably when entries share a time', async () => {
      const at = '2026-11-29T07:00:00.000Z';
      for (let i = 0; i < 7; i++) await staff.post('/api/log', { text: `Samma tid ${i}`, at });
      const all = (await list('&incident=all')).map((e) => e.id);
      const times = (await list('&incident=all')).map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await admin.get(`/api/log?incident=all&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        const body = res.body as { entries: Entry[]; next_cursor: string | null };
        seen.push(...body.entries.map((e) => e.id));
        cursor = body.next_cursor;
        // A new entry written meanwhile, newer than the pages read, never shifts the pages that follow.
        await staff.post('/api/log', { text: 'Under bläddring' });
      } while (cursor);
      expect(seen).toEqual(all);
    });

    it('exports CSV for Swedish Excel with formulas neutralised, and JSON with the incident', async () => {
      await staff.post('/api/log', { text: '=HYPERLINK("http://evil.example";"klicka")', unit_id: 'soc' });
      await staff.post('/api/log', { text: '-2 kvar; "akut"\nandra raden', unit_id: 'soc' });
      // Read as bytes: fetch's text() would drop the byte-order mark that this test is about.
      const res = await fetch(`${server.url}/api/log/export.csv?unit=soc`, {
        headers: { cookie: `lifeboat_session=${admin.cookie}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toContain('attachment');
      const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      expect(csv.startsWith('\uFEFFincident_id;incident_title;exercise;id;at;')).toBe(true);
      expect(csv).toContain(`;"'=HYPERLINK(""http://evil.example"";""klicka"")";`);
      expect(csv).toContain(`;"'-2 kvar; ""akut""\nandra raden";`);
      expect(csv).toContain('inc;Övning Ransomware;true;');
      expect(csv.split('\r\n').filter((l) => l.startsWith('inc;'))).toHaveLength(3);
      // The decision log's head, printed on every export.
      expect(csv.trimEnd().split('\r\n').at(-1)).toMatch(/^# decision_log_head;\d+;[0-9a-f]{64};/);

      const json = (await admin.get('/api/log/export.json?unit=soc')).body;
      expect(json.incident).toEqual({ id: 'inc', title: 'Övning Ransomware', exercise: true });
      expect(json.exercise).toBe(true);
      expect(json.entries).toHaveLength(3);
      expect(json.entries[0]).toMatchObject({
        incident_title: 'Övning Ransomware',
        exercise: true,
        unit: { id: 'soc', name: 'Socialkontoret' },
        author: staffEmail,
      });
      for (const role of ROLES) {
        const client = await signIn(server, { role, unitId: role === 'reporter' ? 'soc' : undefined });
        for (const path of ['/api/log/export.csv', '/api/log/export.json'])
          expect((await client.get(path)).status, `${role} ${path}`).toBe(role === 'reporter' ? 403 : 200);
      }
    });
  });
}
