/**
 * Bad input over every route (issue 12, part 6): requests generated with fast-check from each operation's
 * own schemas in the API document — wrong types, missing and extra properties, lengths and numbers at and
 * past their bounds, unicode with lone surrogates and NULs, injection strings, traversal in ids, deep
 * nesting — plus a corpus of hand-made bodies the schemas cannot describe: invalid UTF-8, oversized and
 * deeply nested bodies, odd content types, the public forms, YAML alias bombs and catalogue files in other
 * encodings. The promise: never a 5xx, the server answers its health check after every batch, and a refused
 * write changes nothing (a digest of every table's row count and the catalogue export, before and after).
 *
 * One fixed seed (test/support/fast-check.setup.ts); `FC_SEED=random` explores, and a failure prints the seed.
 * robustness.api.test.ts walks the same operations with fixed malformed values and checks the error shape.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../test/support/auth.js';
import { DIALECTS } from '../../test/support/dialects.js';
import {
  type Answer,
  exchange,
  KNOWN_CODES,
  operationsOf,
  type RawRequest,
  type Schema,
  UNSAFE,
} from '../../test/support/raw-api.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { catalogueToYaml } from '../domain/catalogue/serialise.js';
import { getCatalogue } from './catalogue/catalogue.service.js';

const EXEMPELSTAD = fs.readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/exempelstad.yaml'), 'utf8');

/** Generated cases per operation: enough to vary every property, few enough for a loaded two-CPU box. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

// Strings that have broken servers: SQL, HTML, templates, format strings, paths, shells, unicode edge cases.
const NASTY = [
  "' OR '1'='1",
  "'; DROP TABLE systems; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  // A template literal's placeholder, as text: the string itself is the injection.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the attack being sent.
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '$(reboot)',
  '`id`',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\u202eevil',
  '\ufeffbom',
  '🛟'.repeat(50),
  'Å'.repeat(200),
  '\r\nSet-Cookie: x=1',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e308',
  ' ',
  '',
];

// Ids as an attacker writes them into a path.
const NASTY_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f',
  '..%252f',
  '%00',
  '%C0%AE%C0%AE%2F',
  '%E0%A4%A',
  '%FF',
  `${'a'.repeat(5000)}`,
  '%27%20OR%201%3D1',
  '%3Cscript%3E',
  '%F0%9F%9B%9F',
];

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A value the schema probably takes: bounded sizes, patterns honoured. */
function valid(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.anyOf?.length) return fc.oneof(...s.anyOf.map((b) => valid(b, depth)));
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((type) => valid({ ...s, type }, depth)));
  switch (types[0]) {
    case 'string':
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern, 'u')).map((x) => x.slice(0, s.maxLength ?? 200));
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40), unit: 'grapheme' });
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1000);
      return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 3
        ? fc.constant([])
        : fc.array(valid(s.items ?? {}, depth + 1), { maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': {
      if (depth > 3 || !s.properties) return fc.constant({});
      const shape = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, valid(v, depth + 1)]));
      return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in shape) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A nesting of `depth` arrays or objects, as a value (stringified by JSON.stringify, which recurses). */
function nested(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** A value the schema should refuse, or that sits right on one of its bounds. */
function evil(s: Schema): fc.Arbitrary<unknown> {
  const bounds: unknown[] = [];
  if (s.maxLength !== undefined)
    bounds.push('x'.repeat(s.maxLength), 'x'.repeat(s.maxLength + 1), '🛟'.repeat(s.maxLength));
  if (s.minLength !== undefined && s.minLength > 0) bounds.push('x'.repeat(s.minLength - 1));
  for (const n of [s.minimum, s.maximum, s.exclusiveMinimum, s.exclusiveMaximum]) {
    if (n !== undefined) bounds.push(n, n - 1, n + 1, n + 0.5);
  }
  return fc.oneof(
    fc.constantFrom(...NASTY),
    fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 2, 5e-324, [], {}, [null], { zz: 1 }),
    fc.constantFrom(...(bounds.length ? bounds : ['x'.repeat(300)])),
    fc.string({ unit: 'binary', maxLength: 30 }),
    // Lone surrogates and the like: JSON.stringify escapes them, the server must cope with what they decode to.
    fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 5 }),
    fc.constantFrom(nested(60, 'array'), nested(60, 'object'), 'x'.repeat(70_000)),
  );
}

/** A body: mostly a valid one with one thing spoilt, sometimes something else entirely. */
function bodyOf(s: Schema): fc.Arbitrary<unknown> {
  const props = Object.entries(s.properties ?? {});
  const base = valid(s) as fc.Arbitrary<Record<string, unknown>>;
  const spoilt: fc.Arbitrary<unknown>[] = [
    base,
    evil(s),
    fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }), evil({})).map(([b, k, v]) => ({ ...b, [k]: v })),
  ];
  if (props.length > 0) {
    spoilt.push(
      fc.tuple(base, fc.constantFrom(...props)).chain(([b, [k, sub]]) => evil(sub).map((v) => ({ ...b, [k]: v }))),
      fc.tuple(base, fc.constantFrom(...props.map(([k]) => k))).map(([b, k]) => {
        const { [k]: _dropped, ...rest } = b;
        return rest;
      }),
    );
  }
  return fc.oneof(
    { arbitrary: spoilt[0] as fc.Arbitrary<unknown>, weight: 1 },
    ...spoilt.slice(1).map((a) => ({ arbitrary: a, weight: 3 })),
  );
}

/** Percent-encodes a string's UTF-8 bytes (a lone surrogate included: encodeURIComponent would throw). */
function encode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');
}

interface Request extends RawRequest {
  headers: Record<string, string>;
  label: string;
}

/** Why the answer breaks the promise, or null. */
function problemWith(answer: Answer): string | null {
  if (answer.status >= 500 || answer.status === 0) return `status ${answer.status}`;
  if (answer.status < 400 || !answer.contentType.startsWith('application/json')) return null;
  try {
    const code = (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code;
    if (typeof code !== 'string' || !KNOWN_CODES.has(code)) return `unknown error code ${JSON.stringify(code)}`;
  } catch {
    return 'error body is not JSON';
  }
  return null;
}

// They end the caller's own session: the robustness test gives them spare sessions; nothing here to generate.
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all']);

/** Every table's row count and the catalogue as exported: what a refused write must leave as it was. */
async function digest(server: TestServer, tables: string[]): Promise<string> {
  const counts = sql.join(
    tables.map((t) => sql`select ${t} as t, count(*) as n from ${sql.table(t)}`),
    sql` union all `,
  );
  const { rows } = await sql<{ t: string; n: number | string }>`${counts}`.execute(server.db);
  const yaml = catalogueToYaml(await getCatalogue(server.db));
  const hash = createHash('sha256').update(yaml).digest('hex');
  return `${rows.map((r) => `${r.t}=${Number(r.n)}`).join(',')}|${hash}`;
}

// Tables that change with a refused request too, by design: sessions are touched, refusals and rate counts
// kept, and a refused sign-in counts toward its lockout (login_failures) and is audited.
const VOLATILE = /^(sessions|audit_refusals|audit_events|journal_heads|login_failures|rate_limits?|kysely_.*)$/;

// Catalogue files for the import routes: encodings, bombs, and a catalogue that is wrong whatever its encoding.
const HEAD = 'version: 1\norganisation: { name: Å Ö Ü, locale: sv, timezone: Europe/Stockholm }\n';
const VALID_SMALL = `${HEAD}systems:\n  - { id: fuzz-a, name: "Ärende – “smart” quotes", kind: platform }\n`;
const INVALID_SMALL = `${HEAD}systems:\n  - { id: fuzz-a, name: "Ärende – “smart”", kind: not-a-kind }\n`;
const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'systems: [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
].join('\n');

/** Text as UTF-16 with a byte-order mark, little- or big-endian. */
function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  if (endian === 'be')
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] as number, le[i] as number];
  return Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), le]);
}

/** Text in Latin-1, with Windows-1252's curly quotes and dash where it has them. */
function latin1(text: string, cp1252: boolean): Buffer {
  const map: Record<string, number> = { '“': 0x93, '”': 0x94, '–': 0x96 };
  return Buffer.from(
    [...text].map((c) => (cp1252 && map[c] ? map[c] : c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)),
  );
}

const IMPORT_FILES: { label: string; bytes: Buffer; fileName: string }[] = [
  ...(['le', 'be'] as const).flatMap((e) => [
    { label: `UTF-16 ${e} valid`, bytes: utf16(VALID_SMALL, e), fileName: 'u16.yaml' },
    { label: `UTF-16 ${e} invalid`, bytes: utf16(INVALID_SMALL, e), fileName: 'u16.yaml' },
  ]),
  { label: 'Latin-1 valid', bytes: latin1(VALID_SMALL, false), fileName: 'l1.yaml' },
  { label: 'Latin-1 invalid', bytes: latin1(INVALID_SMALL, false), fileName: 'l1.yaml' },
  { label: 'Windows-1252 valid', bytes: latin1(VALID_SMALL, true), fileName: 'w.yaml' },
  { label: 'Windows-1252 CSV', bytes: latin1('id;name;kind\nfuzz-b;“Åsa”;platform\n', true), fileName: 'w.csv' },
  { label: 'UTF-16 CSV', bytes: utf16('id;name;kind\nfuzz-b;Åsa;platform\n', 'le'), fileName: 'u.csv' },
  {
    label: 'invalid UTF-8',
    bytes: Buffer.from([0x76, 0x3a, 0x20, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xff]),
    fileName: 'x.yaml',
  },
  { label: 'YAML alias bomb', bytes: Buffer.from(ALIAS_BOMB), fileName: 'bomb.yaml' },
  { label: 'YAML alias bomb as JSON name', bytes: Buffer.from(ALIAS_BOMB), fileName: 'bomb.json' },
  { label: 'deep YAML', bytes: Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`), fileName: 'd.yaml' },
  {
    label: 'YAML tags',
    bytes: Buffer.from(`${HEAD}x: !!js/function "function(){}"\ny: !!binary AAAA\n`),
    fileName: 't.yaml',
  },
  { label: 'NUL bytes', bytes: Buffer.from(`${HEAD}\u0000\u0000`), fileName: 'n.yaml' },
  {
    label: 'UTF-32 BOM',
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(VALID_SMALL, 'utf16le')]),
    fileName: 'u32.yaml',
  },
];

for (const dialect of DIALECTS) {
  describe(`${dialect}: generated and hand-made bad input over every route`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let tables: string[];
    let base: URL;
    let agent: http.Agent;

    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
      const imported = await admin.post('/api/catalogue/import', {
        file_name: 'exempelstad.yaml',
        content: EXEMPELSTAD,
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      tables = (await server.db.introspection.getTables())
        .map((t) => t.name)
        .filter((t) => !VOLATILE.test(t))
        .sort();
      expect(tables).toContain('systems');
      base = new URL(server.url);
      agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    });
    afterAll(async () => {
      agent?.destroy();
      await server?.close();
    });

    const authed = (x: Omit<Request, 'headers'> & { headers?: Record<string, string> }): Request => ({
      ...x,
      headers: {
        ...x.headers,
        cookie: `lifeboat_session=${admin.cookie}`,
        ...(UNSAFE.has(x.method) && admin.csrfToken ? { 'x-csrf-token': admin.csrfToken } : {}),
      },
    });

    /** Sends one request; a refused write must leave the digest as it was. Returns the problem, if any. */
    const probe = async (x: Request): Promise<string | null> => {
      const write = UNSAFE.has(x.method);
      const before = write ? await digest(server, tables) : '';
      const answer = await exchange(base, agent, x);
      const problem = problemWith(answer);
      if (problem) return `${x.method} ${x.url.slice(0, 120)} [${x.label}]: ${problem} ${answer.text.slice(0, 300)}`;
      if (write && answer.status >= 400) {
        const after = await digest(server, tables);
        if (after !== before) {
          const was = new Set(before.split(/[,|]/));
          const changed = after.split(/[,|]/).filter((part) => !was.has(part));
          return `${x.method} ${x.url.slice(0, 120)} [${x.label}]: refused with ${answer.status} but changed ${changed.join(', ')}`;
        }
      }
      return null;
    };

    const healthy = async () => {
      const h = await exchange(base, agent, { method: 'GET', url: '/healthz' });
      expect(h.status).toBe(200);
    };

    it('never answers 5xx to inputs generated from each operation’s schemas, and a refusal changes nothing', async () => {
      const operations = operationsOf((await admin.get('/api/docs/json')).body);
      expect(operations.length).toBeGreaterThanOrEqual(100);
      let sent = 0;
      for (const op of operations) {
        const key = `${op.method} ${op.path}`;
        if (SKIP.has(key)) continue;
        const params = op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path');
        const queryParams = params.filter((p) => p.in === 'query');
        const bodySchema = op.requestBody?.content['application/json']?.schema;
        // An id: a real one, a generated one, or one an attacker writes.
        const idArb = fc.oneof(
          fc.constantFrom('ad', 'zz-missing'),
          fc.constantFrom(...NASTY_IDS),
          fc.constantFrom(...NASTY).map(encode),
        );
        const queryArb = fc.array(
          fc.tuple(
            fc.constantFrom(...(queryParams.length ? queryParams.map((q) => q.name) : ['zz'])),
            fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 20 }), fc.integer().map(String)),
          ),
          { maxLength: 3 },
        );
        const requestArb = fc.record({
          ids: fc.array(idArb, { minLength: pathParams.length, maxLength: pathParams.length }),
          query: queryArb,
          body:
            bodySchema && UNSAFE.has(op.method)
              ? bodyOf(bodySchema).map((b) => JSON.stringify(b))
              : fc.constant(undefined),
        });
        await fc.assert(
          fc.asyncProperty(requestArb, async ({ ids, query, body }) => {
            let i = 0;
            const url = op.path.replace(/\{\w+\}/g, () => ids[i++] ?? 'x');
            const qs = query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
            const x = authed({
              method: op.method,
              url: qs ? `${url}?${qs}` : url,
              label: 'generated',
              ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body }),
            });
            sent++;
            const problem = await probe(x);
            if (problem) throw new Error(problem);
          }),
          { numRuns: RUNS },
        );
        await healthy();
      }
      console.info(`${dialect}: ${sent} generated requests over ${operations.length} operations`);
    }, 600_000);

    it('survives the corpus: raw bytes, oversized and deep bodies, odd content types, the public forms', async () => {
      const writes = operationsOf((await admin.get('/api/docs/json')).body)
        .filter((op) => UNSAFE.has(op.method) && !SKIP.has(`${op.method} ${op.path}`))
        .map((op) => ({ method: op.method, path: op.path.replace(/\{\w+\}/g, 'ad') }));
      // No writes would leave only the public forms to try.
      expect(writes.length).toBeGreaterThanOrEqual(40);
      const { bodyLimit, jsonDepth } = server.config;
      const json = { 'content-type': 'application/json' };
      const corpus: Omit<Request, 'method' | 'url' | 'headers'>[] & { headers?: Record<string, string> }[] = [
        {
          label: 'invalid UTF-8 in JSON',
          headers: json,
          body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]),
        },
        {
          label: 'overlong UTF-8 slash',
          headers: json,
          body: Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]),
        },
        { label: 'UTF-16 JSON with BOM', headers: json, body: utf16('{"name":"x"}', 'le') },
        {
          label: 'UTF-8 BOM',
          headers: json,
          body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"x"}')]),
        },
        {
          label: 'Latin-1 charset',
          headers: { 'content-type': 'application/json; charset=latin1' },
          body: latin1('{"name":"Å"}', false),
        },
        { label: 'body over the limit', headers: json, body: `{"zz":"${'a'.repeat(bodyLimit)}"}` },
        { label: 'depth cap + 1', headers: json, body: `{"zz":${'['.repeat(jsonDepth)}${']'.repeat(jsonDepth)}}` },
        { label: '200,000 deep objects', headers: json, body: `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}` },
        {
          label: 'many keys',
          headers: json,
          body: JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
        },
        { label: 'duplicate keys', headers: json, body: '{"name":"a","name":{"x":1}}' },
        { label: 'escaped lone surrogate', headers: json, body: '{"name":"\\ud800","id":"\\udc00"}' },
        { label: 'huge number', headers: json, body: `{"capacity":1${'0'.repeat(400)}}` },
        {
          label: 'XML',
          headers: { 'content-type': 'application/xml' },
          body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>',
        },
        {
          label: 'multipart',
          headers: { 'content-type': 'multipart/form-data; boundary=zz' },
          body: '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--zz--\r\n',
        },
        { label: 'no content type', body: '{}' },
        {
          label: 'octet-stream',
          headers: { 'content-type': 'application/octet-stream' },
          body: Buffer.from([0, 1, 2, 255]),
        },
        {
          label: 'JSON with parameters',
          headers: { 'content-type': 'application/json; charset=utf-8; x="\\"' },
          body: '{}',
        },
        { label: 'YAML alias bomb as text', headers: { 'content-type': 'text/yaml' }, body: ALIAS_BOMB },
      ];
      let sent = 0;
      const problems: string[] = [];
      for (const w of writes) {
        for (const c of corpus) {
          const problem = await probe(
            authed({ method: w.method, url: w.path, label: c.label, headers: c.headers, body: c.body }),
          );
          sent++;
          if (problem) problems.push(problem);
        }
        await healthy();
      }
      // The public forms: anonymous, urlencoded, outside the API document.
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      for (const url of ['/subscribe', '/subscribe/confirm', '/unsubscribe']) {
        const bodies = [
          ...NASTY.map((n) => `email=${encode(n)}&token=${encode(n)}&lang=${encode(n)}`),
          `email=${'a'.repeat(5000)}`,
          'email=%E0%A4%A&token=%FF',
          'email[]=a&email[]=b&token[x]=1',
          'a'.repeat(5000),
        ];
        for (const body of bodies) {
          const problem = await probe({ method: 'POST', url, headers: form, body, label: 'form' });
          sent++;
          if (problem) problems.push(problem);
        }
        for (const q of ['?token=%FF', `?token=${'a'.repeat(3000)}`, '?lang=%00', '?token=..%2F..%2F']) {
          const problem = await probe({ method: 'GET', url: `${url}${q}`, headers: {}, label: 'link' });
          sent++;
          if (problem) problems.push(problem);
        }
      }
      for (const url of [
        '/updates/..%2F..%2Fetc%2Fpasswd',
        '/updates/%FF',
        '/status.json?lang=%00',
        '/app/..%2F..%2Fpackage.json',
        '/app/%2e%2e/%2e%2e/package.json',
      ]) {
        const answer = await exchange(base, agent, { method: 'GET', url });
        sent++;
        if (answer.status >= 500 && !(url.startsWith('/app/') && answer.status === 503))
          problems.push(`GET ${url}: ${answer.status}`);
        expect(answer.text).not.toContain('"devDependencies"');
      }
      await healthy();
      console.info(`${dialect}: ${sent} corpus requests`);
      expect(problems, `${problems.length} problems`).toEqual([]);
    }, 600_000);

    it('refuses or reads catalogue files in other encodings and YAML bombs, changing nothing when it refuses', async () => {
      const problems: string[] = [];
      const outcomes: string[] = [];
      for (const route of ['/api/catalogue/import/preview', '/api/catalogue/import']) {
        for (const f of IMPORT_FILES) {
          // The valid files would really import: only the preview gets them.
          if (route.endsWith('/import') && f.label.includes('valid') && !f.label.includes('invalid')) continue;
          const url = `${route}?file_name=${encode(f.fileName)}`;
          const x = authed({
            method: 'POST',
            url,
            headers: { 'content-type': 'application/octet-stream' },
            body: f.bytes,
            label: f.label,
          });
          const before = await digest(server, tables);
          const answer = await exchange(base, agent, x);
          const problem = problemWith(answer);
          if (problem) problems.push(`${route} [${f.label}]: ${problem} ${answer.text.slice(0, 300)}`);
          if (answer.status >= 400 && (await digest(server, tables)) !== before)
            problems.push(`${route} [${f.label}]: refused, yet changed`);
          outcomes.push(`${route.endsWith('preview') ? 'preview' : 'import'} ${f.label}: ${answer.status}`);
          // The same file as JSON text (how the UI sends it), decoded as the bytes would be read by a browser.
          const asJson = authed({
            method: 'POST',
            url: route,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ file_name: f.fileName, content: f.bytes.toString('latin1') }),
            label: `${f.label} as JSON`,
          });
          const p2 = await probe(asJson);
          if (p2) problems.push(p2);
        }
        await healthy();
      }
      expect(problems, outcomes.join('\n')).toEqual([]);
      // A file in another encoding is read (the preview shows the system) or refused, never garbled into the catalogue.
      const utf16Preview = outcomes.find((o) => o.startsWith('preview UTF-16 le valid'));
      expect(utf16Preview).toBeDefined();
      const catalogue = (await admin.get('/api/catalogue')).body as { systems: { id: string }[] };
      expect(catalogue.systems.map((s) => s.id)).not.toContain('fuzz-a');
    }, 300_000);
  });
}
