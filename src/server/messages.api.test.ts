/**
 * One language at a time (issue 7, point 3): the same bad request gets its message in Swedish
 * with `Accept-Language: sv` and in English with `en` or without the header, for a catalogue
 * issue from the domain, an Ajv schema error and a LifeboatError from a service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type ApiResponse, signIn } from '../../test/support/auth.js';
import { DIALECTS } from '../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';

const SMALL = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra }
`;
const BAD_TEAM = SMALL.replace('team: infra }', 'team: webbteamet }');

// Words only English messages use: none may appear in a Swedish answer.
const ENGLISH = /\b(unknown|must|is required|there is|There is|not valid|the|expected)\b/;
const SWEDISH = /[åäö]|\b(okänt|måste|finns|inget|Ogiltigt)\b/;

for (const dialect of DIALECTS) {
  describe(`${dialect}: error messages in the caller's language`, () => {
    let server: TestServer;
    let admin: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
      const res = await admin.post('/api/catalogue/import?replace=true', { file_name: 'small.yaml', content: SMALL });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });
    afterAll(async () => server.close());

    const send = (language: string | undefined, method: string, path: string, body?: unknown): Promise<ApiResponse> => {
      const headers: Record<string, string> = {};
      if (language !== undefined) headers['accept-language'] = language;
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method !== 'GET' && admin.csrfToken) headers['x-csrf-token'] = admin.csrfToken;
      return admin.raw(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    };

    it('a catalogue issue from the domain: the message and every issue, field paths as the file has them', async () => {
      const bad = { file_name: 'bad.yaml', content: BAD_TEAM };
      const sv = await send('sv', 'POST', '/api/catalogue/import', bad);
      const en = await send('en', 'POST', '/api/catalogue/import', bad);
      const none = await send(undefined, 'POST', '/api/catalogue/import', bad);
      for (const res of [sv, en, none]) {
        expect(res.status).toBe(422);
        expect(res.body.error.code).toBe('invalid_catalogue');
        expect(res.body.error.field).toBe('systems[0] (net).team');
        // The API's issue shape is unchanged: no message keys leak out.
        expect(Object.keys(res.body.error.details.issues[0]).sort()).toEqual(['field', 'line', 'message']);
      }
      expect(sv.body.error.message).toBe('bad.yaml:8: systems[0] (net).team: okänt team "webbteamet"');
      expect(sv.body.error.details.issues[0].message).toBe('okänt team "webbteamet"');
      expect(en.body.error.message).toBe('bad.yaml:8: systems[0] (net).team: unknown team "webbteamet"');
      expect(none.body.error).toEqual(en.body.error);
    });

    it("an import preview's warnings from the file", async () => {
      const content = SMALL.replace('team: infra }', 'team: infra, status: operational, remaining_hours: 2 }');
      const body = { file_name: 'w.yaml', content };
      const sv = await send('sv', 'POST', '/api/catalogue/import/preview?replace=true&statuses=true', body);
      const en = await send('en', 'POST', '/api/catalogue/import/preview?replace=true&statuses=true', body);
      expect(sv.status, JSON.stringify(sv.body)).toBe(200);
      expect(sv.body.warnings).toEqual([
        'w.yaml: systems[0] (net).remaining_hours: används bara för ett system som återställs eller verifieras; ignoreras',
      ]);
      expect(en.body.warnings).toEqual([
        'w.yaml: systems[0] (net).remaining_hours: only used for a system that is restoring or verifying; ignored',
      ]);
    });

    it('a catalogue issue of a form edit names the form field in both languages', async () => {
      const body = { id: 'x', name: 'X', kind: 'application', depends_on: ['nope'] };
      const sv = await send('sv-SE,sv;q=0.9,en;q=0.8', 'POST', '/api/systems', body);
      const en = await send('en-GB', 'POST', '/api/systems', body);
      expect([sv.status, en.status]).toEqual([422, 422]);
      expect(sv.body.error).toMatchObject({ field: 'depends_on[0]', message: 'depends_on[0]: okänt system "nope"' });
      expect(en.body.error).toMatchObject({ field: 'depends_on[0]', message: 'depends_on[0]: unknown system "nope"' });
    });

    it('an Ajv schema error, translated by keyword with the field path kept', async () => {
      const cases: [unknown, string, string, RegExp][] = [
        [
          { id: 'x', name: '', kind: 'application' },
          'name',
          'name: måste vara minst 1 tecken',
          /^name: must NOT have fewer than 1 characters$/,
        ],
        [{ id: 'x', name: 'X' }, 'kind', 'kind: måste anges', /^kind: must have required property 'kind'$/],
        [
          { id: 'x', name: 'X', kind: 'application', society: 9 },
          'society',
          'society: måste vara <= 5',
          /^society: must be <= 5$/,
        ],
      ];
      for (const [body, field, svText, enText] of cases) {
        const sv = await send('sv', 'POST', '/api/systems', body);
        const en = await send('en', 'POST', '/api/systems', body);
        expect(sv.status, JSON.stringify(sv.body)).toBe(400);
        expect(sv.body.error).toMatchObject({ code: 'validation_failed', field, message: svText });
        expect(en.body.error.field).toBe(field);
        expect(en.body.error.message).toMatch(enText);
      }
    });

    it('a LifeboatError from a service: not found, and a conflict with its parameters', async () => {
      const sv = await send('sv', 'GET', '/api/systems/nope');
      const en = await send('en', 'GET', '/api/systems/nope');
      expect([sv.status, en.status]).toEqual([404, 404]);
      expect(sv.body.error.message).toBe('Det finns inget system "nope".');
      expect(en.body.error.message).toBe('There is no system "nope".');

      const svTeam = await send('sv', 'DELETE', '/api/teams/infra');
      const enTeam = await send('en', 'DELETE', '/api/teams/infra');
      expect(svTeam.status).toBe(409);
      expect(svTeam.body.error.message).toBe('teamet "infra" återställer net: ge dem ett annat team först');
      expect(enTeam.body.error.message).toBe('team "infra" restores net: give them another team first');
    });

    it('no Swedish answer holds English words, and no English answer Swedish ones', async () => {
      const requests: [string, string, unknown?][] = [
        ['POST', '/api/catalogue/import', { file_name: 'bad.yaml', content: BAD_TEAM }],
        ['POST', '/api/systems', { id: 'Bad Id', name: 'X', kind: 'application' }],
        ['POST', '/api/systems', { id: 'net', name: 'X', kind: 'application' }],
        ['GET', '/api/systems/nope'],
        ['GET', '/api/no-such-address'],
      ];
      for (const [method, path, body] of requests) {
        const sv = (await send('sv', method, path, body)).body.error;
        const en = (await send('en', method, path, body)).body.error;
        // Ids and file names are data; the words around them are the language.
        const words = (text: string) => text.replace(/"[^"]*"|\S+\.yaml:\d+:|systems\[\d+\] \([^)]*\)\.\w+/g, '');
        expect(words(sv.message), sv.message).not.toMatch(ENGLISH);
        expect(words(en.message), en.message).not.toMatch(SWEDISH);
      }
    });
  });
}
