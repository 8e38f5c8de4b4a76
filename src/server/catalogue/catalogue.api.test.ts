import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  type ApiResponse,
  anonymous,
  createUser,
  signIn,
  tokenClient,
} from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const EXEMPELSTAD = fixture('exempelstad.yaml');

const SMALL = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: it, name: IT, kind: office }
  - { id: soc, name: Socialkontoret, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra }
  - { id: ad, name: AD, kind: infrastructure, owner: it, team: infra, depends_on: [net] }
  - { id: mail, name: E-post, kind: application, owner: soc, depends_on: [ad], estimate_hours: { low: 1, likely: 2, high: 3 } }
`;

// Each bad-input class of the foundation issue, with what its first issue must name.
const BAD: { file: string; field: RegExp; message: RegExp }[] = [
  { file: 'bad/cycle.yaml', field: /^systems\[\d\] \(\w+\)\.depends_on/, message: /cycle: .*ad.*dns.*storage/ },
  { file: 'bad/cycle.json', field: /systems/, message: /./ },
  { file: 'bad/unknown-dependency.yaml', field: /^systems\[1\] \(email\)\.depends_on\[1\]$/, message: /exchange/ },
  { file: 'bad/duplicate-id.yaml', field: /^systems\[2\] \(base\)\.id$/, message: /duplicate/ },
  { file: 'bad/bad-id.yaml', field: /^systems\[1\]/, message: /not a valid id/ },
  { file: 'bad/number-id.yaml', field: /^systems\[1\]\.id$/, message: /quote/ },
  { file: 'bad/unknown-kind.yaml', field: /kind$/, message: /one of/ },
  { file: 'bad/unknown-team.yaml', field: /^systems\[1\] \(web\)\.team$/, message: /webbteamet/ },
  { file: 'bad/society-9.yaml', field: /^systems\[0\] \(base\)\.society$/, message: /5/ },
  { file: 'bad/estimate-order.yaml', field: /estimate_hours\.low$/, message: /likely/ },
  { file: 'bad/broken.yaml', field: /.*/, message: /./ },
  { file: 'bad/broken.json', field: /.*/, message: /./ },
  { file: 'bad/wrong-type.csv', field: /^systems\[1\] \(web\)\./, message: /./ },
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: catalogue API`, () => {
    let server: TestServer;
    let admin: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
    });
    afterAll(async () => server.close());

    // Merge is the default; `?replace=true` makes the catalogue exactly the file's.
    const importFile = (client: ApiClient, fileName: string, content: string, query = '') =>
      client.post(`/api/catalogue/import${query}`, { file_name: fileName, content });

    beforeEach(async () => {
      const res = await importFile(admin, 'small.yaml', SMALL, '?replace=true');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });

    it('keeps the promise: import, export, import into an empty database, export: the same bytes', async () => {
      const res = await importFile(admin, 'exempelstad.yaml', EXEMPELSTAD);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const yaml1 = await admin.raw('/api/catalogue/export');
      const json1 = await admin.raw('/api/catalogue/export?format=json');
      expect(yaml1.status).toBe(200);
      expect(yaml1.headers.get('content-disposition')).toMatch(/attachment; filename="catalogue\.yaml"/);
      expect(json1.headers.get('content-type')).toMatch(/application\/json/);
      const yamlText = String(yaml1.body.text);
      const jsonText = JSON.stringify(json1.body, null, 2);
      expect(yamlText).toContain('Exempelstad kommun');

      const empty = await startTestServer(dialect);
      try {
        const admin2 = await signIn(empty, { role: 'admin' });
        expect((await importFile(admin2, 'export.yaml', yamlText)).status).toBe(200);
        const yaml2 = await admin2.raw('/api/catalogue/export');
        expect(yaml2.body.text).toBe(yamlText);
        expect((await importFile(admin2, 'export.json', `${jsonText}\n`)).status).toBe(200);
        const json2 = await admin2.raw('/api/catalogue/export?format=json');
        expect(JSON.stringify(json2.body, null, 2)).toBe(jsonText);
        // The JSON and the YAML say the same thing.
        expect((await admin2.get('/api/catalogue')).body).toEqual((await admin.get('/api/catalogue')).body);
      } finally {
        await empty.close();
      }
    });

    for (const bad of BAD) {
      it(`refuses ${bad.file} with 422 naming the file, line and field, and changes nothing`, async () => {
        const before = await admin.raw('/api/catalogue/export');
        const changesBefore = (await admin.get('/api/catalogue/changes?limit=1000')).body.changes.length;
        const fileName = path.basename(bad.file);
        for (const route of ['/api/catalogue/import/preview', '/api/catalogue/import']) {
          const res = await admin.post(route, { file_name: fileName, content: fixture(bad.file) });
          expect(res.status, JSON.stringify(res.body)).toBe(422);
          expect(res.body.error.code).toBe('invalid_catalogue');
          const issues = res.body.error.details.issues;
          expect(issues.length).toBeGreaterThan(0);
          expect(issues[0].field).toMatch(bad.field);
          expect(issues[0].message).toMatch(bad.message);
          expect(res.body.error.message.startsWith(`${fileName}:`)).toBe(true);
          if (issues[0].line !== undefined) expect(res.body.error.message).toMatch(new RegExp(`^${fileName}:\\d+: `));
        }
        expect((await admin.raw('/api/catalogue/export')).body.text).toBe(before.body.text);
        expect((await admin.get('/api/catalogue/changes?limit=1000')).body.changes.length).toBe(changesBefore);
      });
    }

    it('names every system on a cycle', async () => {
      const res = await admin.post('/api/catalogue/import', {
        file_name: 'c.yaml',
        content: fixture('bad/cycle.yaml'),
      });
      const cycle = res.body.error.details.issues.find((i: { message: string }) => /cycle/.test(i.message));
      expect([...cycle.systems].sort()).toEqual(['ad', 'dns', 'storage']);
    });

    it('imports a CSV written by a Swedish spreadsheet (; and a byte-order mark) into the stored teams and units', async () => {
      expect((await importFile(admin, 'exempelstad.yaml', EXEMPELSTAD)).status).toBe(200);
      const res = await importFile(admin, 'sv-spreadsheet.csv', fixture('sv-spreadsheet.csv'), '?replace=true');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const { systems } = (await admin.get('/api/systems')).body;
      expect(systems.map((s: { id: string }) => s.id)).toEqual(['core-network', 'ad', 'webb']);
      expect(systems[1].name).toBe('Active Directory; katalogtjänst');
      expect(systems[2].rto_hours).toBe(1.5);
      expect((await admin.get('/api/teams')).body.teams.length).toBe(4);
    });

    it('previews an import without writing, then applies it and records each change with who', async () => {
      const next = SMALL.replace('name: AD,', 'name: Active Directory,')
        .replace(/ {2}- \{ id: mail.*\n/, '')
        .concat('  - { id: web, name: Webb, kind: application, depends_on: [net] }\n');
      const preview = await admin.post('/api/catalogue/import/preview?replace=true', {
        file_name: 'next.yaml',
        content: next,
      });
      expect(preview.status).toBe(200);
      expect(preview.body.diff.added).toEqual({ teams: [], units: [], systems: ['web'] });
      expect(preview.body.diff.removed).toEqual({ teams: [], units: [], systems: ['mail'] });
      expect(preview.body.diff.changed.systems).toEqual([
        { id: 'ad', fields: ['name'], changes: [{ field: 'name', before: 'AD', after: 'Active Directory' }] },
      ]);
      expect(preview.body.diff.names.systems).toEqual({ web: 'Webb', mail: 'E-post', ad: 'Active Directory' });
      expect((await admin.get('/api/systems/mail')).status).toBe(200);

      const applied = await importFile(admin, 'next.yaml', next, '?replace=true');
      expect(applied.body.diff).toEqual(preview.body.diff);
      expect((await admin.get('/api/systems/mail')).status).toBe(404);
      const { changes } = (await admin.get('/api/catalogue/changes?entity=system&limit=3')).body;
      const byId = Object.fromEntries(changes.map((c: { entity_id: string }) => [c.entity_id, c]));
      expect(byId.ad).toMatchObject({ action: 'change', source: 'import', before: { name: 'AD' } });
      expect(byId.ad.after.name).toBe('Active Directory');
      expect(byId.web).toMatchObject({ action: 'add', before: null, after: { id: 'web' } });
      expect(byId.mail).toMatchObject({ action: 'remove', after: null });
      expect(byId.ad.actor).toMatch(/@/);
      expect(byId.ad.at).toBe(server.clock().toISOString());
    });

    it('refuses an import that would remove a unit a reporter belongs to (409), and the preview warns', async () => {
      await createUser(server, { role: 'reporter', unitId: 'soc', email: 'rapport@soc.example' });
      const without = SMALL.replace(/ {2}- \{ id: soc.*\n/, '').replace(', owner: soc', '');
      const preview = await admin.post('/api/catalogue/import/preview?replace=true', {
        file_name: 'x.yaml',
        content: without,
      });
      expect(preview.status).toBe(200);
      expect(preview.body.warnings.join('\n')).toMatch(/rapport@soc\.example/);
      const res = await importFile(admin, 'x.yaml', without, '?replace=true');
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/rapport@soc\.example.*soc/);
      expect((await admin.get('/api/units/soc')).status).toBe(200);
    });

    it('lists systems with dependents, and a system with needs and needed-by both ways', async () => {
      const { systems } = (await admin.get('/api/systems')).body;
      expect(systems.map((s: { id: string; dependents: string[] }) => [s.id, s.dependents])).toEqual([
        ['net', ['ad']],
        ['ad', ['mail']],
        ['mail', []],
      ]);
      const ad = (await admin.get('/api/systems/ad')).body;
      expect(ad.needs).toEqual([{ id: 'net', name: 'Nät', kind: 'infrastructure', status: 'down' }]);
      expect(ad.needed_by.map((r: { id: string }) => r.id)).toEqual(['mail']);
      expect(ad.needs_all).toBeUndefined();
      const mail = (await admin.get('/api/systems/mail?transitive=1')).body;
      expect(mail.needs_all.map((r: { id: string }) => r.id)).toEqual(['net', 'ad']);
      const net = (await admin.get('/api/systems/net?transitive=1')).body;
      expect(net.needed_by_all.map((r: { id: string }) => r.id)).toEqual(['ad', 'mail']);
      const unit = (await admin.get('/api/units/it')).body;
      expect(unit.unit.name).toBe('IT');
      expect(unit.systems.map((s: { id: string }) => s.id)).toEqual(['net', 'ad']);
    });

    it('adds, changes and removes systems, units and teams by hand, recording each change', async () => {
      const add = await admin.post('/api/systems', {
        id: 'web',
        name: 'Webb',
        kind: 'application',
        depends_on: ['net'],
        estimate_hours: 5,
      });
      expect(add.status, JSON.stringify(add.body)).toBe(201);
      expect(add.body.system.estimate_hours).toEqual({ low: 5, likely: 5, high: 5 });
      const patch = await admin.patch('/api/systems/web', { name: 'Webbplats', team: 'infra', society: 4 });
      expect(patch.status).toBe(200);
      expect(patch.body.system).toMatchObject({ name: 'Webbplats', team: 'infra', society: 4 });
      const cleared = await admin.patch('/api/systems/web', { team: null });
      expect(cleared.body.system.team).toBeUndefined();
      const detail = (await admin.get('/api/systems/web')).body;
      // Earlier tests in this file also added and removed a `web`: only the newest three are this test's.
      expect(detail.changes.slice(0, 3).map((c: { action: string }) => c.action)).toEqual(['change', 'change', 'add']);
      expect(detail.changes[0]).toMatchObject({ source: 'edit', entity: 'system', before: { team: 'infra' } });
      expect((await admin.delete('/api/systems/web')).status).toBe(204);
      expect((await admin.get('/api/systems/web')).status).toBe(404);

      expect((await admin.post('/api/units', { id: 'bolag', name: 'Bolaget AB', kind: 'company' })).status).toBe(201);
      const unit = await admin.patch('/api/units/bolag', { contacts: [{ name: 'Eva', phone: '+46 70 174 06 50' }] });
      expect(unit.body.unit.contacts).toEqual([{ name: 'Eva', phone: '+46 70 174 06 50' }]);
      expect((await admin.delete('/api/units/bolag')).status).toBe(204);
      expect((await admin.delete('/api/units/it')).status).toBe(409);

      expect((await admin.post('/api/teams', { id: 'apps', name: 'Appar', capacity: 2 })).status).toBe(201);
      expect((await admin.patch('/api/teams/apps', { capacity: 3 })).body.team.capacity).toBe(3);
      expect((await admin.delete('/api/teams/apps')).status).toBe(204);
      expect((await admin.delete('/api/teams/infra')).status).toBe(409);
      const unitChanges = (await admin.get('/api/catalogue/changes?entity=unit&id=bolag')).body.changes;
      expect(unitChanges.slice(0, 3).map((c: { action: string }) => c.action)).toEqual(['remove', 'change', 'add']);
    });

    it('keeps public_help: by PATCH, in GET and the export, refused without a public_name, not plan-relevant', async () => {
      const help = { sv: 'Ring kontaktcenter 0123-45 67 89, vardagar 8–17', en: 'Call 0123-45 67 89, weekdays 8–17' };
      const refused = await admin.patch('/api/systems/mail', { public_help: help });
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.error.field).toBe('public_help');
      const events = async () =>
        (
          await server.db
            .selectFrom('event_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      const before = Number(await events());
      const ok = await admin.patch('/api/systems/mail', { public_name: 'E-post', public_help: help });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.system.public_help).toEqual(help);
      expect((await admin.get('/api/systems/mail')).body.system.public_help).toEqual(help);
      const text = await admin.patch('/api/systems/mail', { public_help: 'Besök Medborgarkontoret, Storgatan 1' });
      expect(text.body.system.public_help).toBe('Besök Medborgarkontoret, Storgatan 1');
      // A public text is no plan-relevant change: the event log records nothing for it.
      expect(Number(await events())).toBe(before);
      const yaml = String((await admin.raw('/api/catalogue/export')).body.text);
      expect(yaml).toContain('    public_help: "Besök Medborgarkontoret, Storgatan 1"\n');
      await admin.patch('/api/systems/mail', { public_help: help });
      const yaml2 = String((await admin.raw('/api/catalogue/export')).body.text);
      expect(yaml2).toContain(`    public_help: { sv: "${help.sv}", en: "${help.en}" }\n`);
      expect((await importFile(admin, 'again.yaml', yaml2, '?replace=true')).status).toBe(200);
      expect(String((await admin.raw('/api/catalogue/export')).body.text)).toBe(yaml2);
      const bad = await admin.patch('/api/systems/mail', { public_help: { svenska: 'x' } });
      expect(bad.status).toBe(400);
      const cleared = await admin.patch('/api/systems/mail', { public_help: null });
      expect(cleared.body.system.public_help).toBeUndefined();
    });

    it('answers bad input with a 4xx naming the field, unknown ids with 404, and needed systems with 409', async () => {
      const cases: [() => Promise<ApiResponse>, number, string | undefined][] = [
        [() => admin.post('/api/systems', { id: 'x', name: '', kind: 'application' }), 400, 'name'],
        [() => admin.post('/api/systems', { id: 'Bad Id', name: 'X', kind: 'application' }), 400, 'id'],
        [() => admin.post('/api/systems', { id: 'x', name: 'X', kind: 'service' }), 400, 'kind'],
        [() => admin.post('/api/systems', { id: 'net', name: 'X', kind: 'application' }), 409, 'id'],
        [
          () => admin.post('/api/systems', { id: 'x', name: 'X', kind: 'application', depends_on: ['nope'] }),
          422,
          'depends_on[0]',
        ],
        [() => admin.patch('/api/systems/ad', { society: 9 }), 400, 'society'],
        [() => admin.patch('/api/systems/ad', { status: 'broken' }), 400, 'status'],
        [
          () => admin.patch('/api/systems/ad', { estimate_hours: { low: 5, likely: 2, high: 9 } }),
          422,
          'estimate_hours.low',
        ],
        [() => admin.patch('/api/systems/ad', { team: 'nope' }), 422, 'team'],
        [() => admin.patch('/api/systems/ad', { frobnicate: 1 }), 400, 'frobnicate'],
        [() => admin.patch('/api/systems/ad', {}), 400, undefined],
        [() => admin.patch('/api/systems/net', { depends_on: ['mail'] }), 422, undefined],
        [() => admin.patch('/api/systems/nope', { name: 'X' }), 404, undefined],
        [() => admin.get('/api/systems/nope'), 404, undefined],
        [() => admin.get('/api/units/nope'), 404, undefined],
        [() => admin.delete('/api/systems/net'), 409, undefined],
        [() => admin.post('/api/catalogue/import', { file_name: 'x.yaml' }), 400, 'content'],
        [() => admin.post('/api/catalogue/import', { file_name: 'x.txt', content: 'hello' }), 422, undefined],
        [() => admin.get('/api/catalogue/export?format=xml'), 400, 'querystring.format'],
      ];
      const before = (await admin.raw('/api/catalogue/export')).body.text;
      for (const [request, status, field] of cases) {
        const res = await request();
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        if (field !== undefined) expect(res.body.error.field, JSON.stringify(res.body)).toBe(field);
      }
      const cycle = await admin.patch('/api/systems/net', { depends_on: ['mail'] });
      expect(cycle.body.error.message).toMatch(/cycle/);
      expect((await admin.raw('/api/catalogue/export')).body.text).toBe(before);
    });

    it('documents every catalogue route with its schema in /api/docs', async () => {
      const res = await anonymous(server).get('/api/docs/json');
      expect(res.status).toBe(200);
      const paths = res.body.paths;
      for (const p of [
        '/api/catalogue',
        '/api/units/{id}',
        '/api/teams/{id}',
        '/api/systems/{id}',
        '/api/catalogue/import',
      ])
        expect(Object.keys(paths)).toContain(p);
      const patch = paths['/api/systems/{id}'].patch.requestBody.content['application/json'].schema;
      expect(Object.keys(patch.properties)).toEqual(
        expect.arrayContaining(['status', 'remaining_hours', 'estimate_hours']),
      );
    });

    describe('roles', () => {
      it('anonymous callers get 401 everywhere', async () => {
        const anon = anonymous(server);
        for (const res of [
          await anon.get('/api/catalogue'),
          await anon.get('/api/systems'),
          await anon.get('/api/systems/ad'),
          await anon.get('/api/units'),
          await anon.get('/api/teams'),
          await anon.get('/api/catalogue/export'),
          await anon.get('/api/catalogue/changes'),
          await anon.patch('/api/systems/ad', { status: 'restoring' }),
          await anon.post('/api/catalogue/import', { file_name: 'x.yaml', content: SMALL }),
          await anon.delete('/api/systems/mail'),
        ]) {
          expect(res.status).toBe(401);
        }
      });

      for (const role of ['admin', 'staff'] as const) {
        it(`${role} edits the catalogue and imports`, async () => {
          const c = await signIn(server, { role });
          expect((await c.patch('/api/systems/ad', { name: 'AD2' })).status).toBe(200);
          expect((await c.post('/api/units', { id: 'ny', name: 'Ny', kind: 'partner' })).status).toBe(201);
          expect((await c.delete('/api/units/ny')).status).toBe(204);
          expect((await c.delete('/api/systems/mail')).status).toBe(204);
          expect((await c.post('/api/catalogue/import', { file_name: 's.yaml', content: SMALL })).status).toBe(200);
          const changes = (await c.get('/api/catalogue/changes?entity=system&id=ad')).body.changes;
          expect(
            changes.some((x: { source: string; actor: string }) => x.source === 'edit' && x.actor.startsWith(role)),
          ).toBe(true);
        });
      }

      it('recovery changes only estimates and status, recorded as changes; nothing else', async () => {
        const c = await signIn(server, { role: 'recovery' });
        const ok = await c.patch('/api/systems/ad', {
          status: 'restoring',
          remaining_hours: 6,
          estimate_hours: { low: 1, likely: 2, high: 4 },
        });
        expect(ok.status, JSON.stringify(ok.body)).toBe(200);
        expect(ok.body.system).toMatchObject({ status: 'restoring', remaining_hours: 6 });
        const detail = (await c.get('/api/systems/ad')).body;
        expect(detail.system.status).toBe('restoring');
        expect(detail.changes[0]).toMatchObject({ action: 'change', after: { status: 'restoring' } });
        expect((await c.patch('/api/systems/ad', { name: 'X' })).status).toBe(403);
        const mixed = await c.patch('/api/systems/ad', { status: 'down', owner: 'soc' });
        expect(mixed.status).toBe(403);
        expect(mixed.body.error.field).toBe('owner');
        expect((await c.post('/api/systems', { id: 'x', name: 'X', kind: 'platform' })).status).toBe(403);
        expect((await c.delete('/api/systems/mail')).status).toBe(403);
        expect((await c.post('/api/units', { id: 'ny', name: 'Ny', kind: 'partner' })).status).toBe(403);
        expect((await c.post('/api/catalogue/import', { file_name: 's.yaml', content: SMALL })).status).toBe(403);
        expect((await c.get('/api/catalogue/export')).status).toBe(200);
        expect((await c.get('/api/systems/ad')).body.system.status).toBe('restoring');
      });

      for (const role of ['communicator', 'observer'] as const) {
        it(`${role} reads everything and writes nothing`, async () => {
          const c = await signIn(server, { role });
          expect((await c.get('/api/catalogue')).body.units).toHaveLength(2);
          expect((await c.get('/api/units')).body.units).toHaveLength(2);
          expect((await c.get('/api/catalogue/export')).status).toBe(200);
          expect((await c.get('/api/catalogue/changes')).status).toBe(200);
          expect((await c.patch('/api/systems/ad', { status: 'restoring' })).status).toBe(403);
          expect((await c.patch('/api/systems/ad', { name: 'X' })).status).toBe(403);
          expect((await c.post('/api/systems', { id: 'x', name: 'X', kind: 'platform' })).status).toBe(403);
          expect((await c.delete('/api/systems/mail')).status).toBe(403);
          expect((await c.post('/api/teams', { id: 't', name: 'T', capacity: 1 })).status).toBe(403);
          expect((await c.post('/api/catalogue/import/preview', { file_name: 's.yaml', content: SMALL })).status).toBe(
            403,
          );
          expect((await c.post('/api/catalogue/import', { file_name: 's.yaml', content: SMALL })).status).toBe(403);
        });
      }

      it('a reporter reads systems and teams and only its own unit, and changes nothing', async () => {
        const c = await signIn(server, { role: 'reporter', unitId: 'soc' });
        expect((await c.get('/api/systems')).body.systems).toHaveLength(3);
        expect((await c.get('/api/systems/mail')).status).toBe(200);
        expect((await c.get('/api/teams')).body.teams).toHaveLength(1);
        expect((await c.get('/api/units')).body.units.map((u: { id: string }) => u.id)).toEqual(['soc']);
        expect((await c.get('/api/catalogue')).body.units.map((u: { id: string }) => u.id)).toEqual(['soc']);
        expect((await c.get('/api/units/soc')).body.systems.map((s: { id: string }) => s.id)).toEqual(['mail']);
        // Another unit is answered exactly like one that does not exist: a reporter cannot list them by probing.
        const other = await c.get('/api/units/it');
        const missing = await c.get('/api/units/zz-none');
        expect(other.status).toBe(404);
        expect(missing.status).toBe(404);
        expect(other.body.error.code).toBe(missing.body.error.code);
        expect(other.body.error.field).toBe('id');
        expect((await c.get('/api/catalogue/export')).status).toBe(403);
        expect((await c.get('/api/catalogue/changes')).status).toBe(403);
        expect((await c.patch('/api/systems/mail', { status: 'restoring' })).status).toBe(403);
        expect((await c.patch('/api/units/soc', { name: 'X' })).status).toBe(403);
        expect((await c.post('/api/catalogue/import', { file_name: 's.yaml', content: SMALL })).status).toBe(403);
      });

      it('an API token has exactly the rights of its user', async () => {
        const recovery = await tokenClient(server, 'recovery');
        expect((await recovery.patch('/api/systems/ad', { status: 'verifying' })).status).toBe(200);
        expect((await recovery.patch('/api/systems/ad', { name: 'X' })).status).toBe(403);
        const observer = await tokenClient(server, 'observer');
        expect((await observer.patch('/api/systems/ad', { status: 'down' })).status).toBe(403);
      });
    });
  });
}
