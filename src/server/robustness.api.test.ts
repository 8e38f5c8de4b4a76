/**
 * The promise of docs/api.md, checked on every operation the OpenAPI document lists:
 * a malformed request gets a 4xx in the one error shape (naming the field when a body
 * property is wrong), never a 500, and it changes nothing.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  anonymous,
  clientFromSession,
  createUser,
  signIn,
  type TestUser,
} from '../../test/support/auth.js';
import { DIALECTS } from '../../test/support/dialects.js';
import {
  type Answer,
  exchange,
  KNOWN_CODES,
  type Operation,
  operationsOf,
  type RawRequest,
  type Schema,
  UNSAFE,
} from '../../test/support/raw-api.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { jsonDepthExceeds } from './limits.js';

const EXEMPELSTAD = fs.readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/exempelstad.yaml'), 'utf8');

// A 10,000-deep array stands in the objects as this marker and is spliced into the JSON text,
// so that neither the test nor JSON.stringify has to recurse that deep.
class Deep {}
const DEEP = new Deep();
const DEEP_MARK = '\u0001deep\u0001';
const DEEP_TEXT = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
// What the server's Ajv sees of DEEP, as far as any of the API's schemas can tell.
const DEEP_STANDIN: unknown = [[[[[[[[]]]]]]]];

function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Deep ? DEEP_MARK : v)).replaceAll(
    JSON.stringify(DEEP_MARK),
    DEEP_TEXT,
  );
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Deep);

// Whether the server's validator (Ajv with coerceTypes: 'array') would take the value: a small
// model of it for the keywords above. Where in doubt it says yes, so that a value the test
// treats as malformed really is.
function accepts(s: Schema, v: unknown): boolean {
  if (v instanceof Deep) return accepts(s, DEEP_STANDIN);
  if (s.anyOf) return s.anyOf.some((branch) => accepts(branch, v));
  // Ajv's 'array' coercion takes the only item of a one-item array where a scalar is wanted.
  if (Array.isArray(v) && v.length === 1 && s.type !== 'array' && s.type !== 'object') return accepts(s, v[0]);
  // `nullable` is a union with null, and Ajv coerces "", 0 and false to null.
  if (s.nullable && (v === null || v === '' || v === 0 || v === false)) return true;
  if (s.enum) {
    const asString = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
    return s.enum.includes(asString);
  }
  switch (s.type) {
    case 'string': {
      if (Array.isArray(v) || isPlainObject(v)) return false;
      const str = v === null ? '' : String(v);
      // The server's own rule on top of the schemas: no text holds U+0000 (PostgreSQL cannot store it).
      if (str.includes('\u0000')) return false;
      if (s.minLength !== undefined && [...str].length < s.minLength) return false;
      if (s.maxLength !== undefined && [...str].length > s.maxLength) return false;
      if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(str)) return false;
      return true;
    }
    case 'number':
    case 'integer': {
      let n: number;
      if (typeof v === 'number') n = v;
      else if (typeof v === 'boolean') n = Number(v);
      else if (v === null) n = 0;
      else if (typeof v === 'string' && v !== '' && !Number.isNaN(Number(v))) n = Number(v);
      else return false;
      if (!Number.isFinite(n)) return false;
      if (s.type === 'integer' && !Number.isInteger(n)) return false;
      if (s.minimum !== undefined && n < s.minimum) return false;
      if (s.maximum !== undefined && n > s.maximum) return false;
      if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) return false;
      if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) return false;
      return true;
    }
    case 'boolean':
      return typeof v === 'boolean' || v === null || v === 'true' || v === 'false' || v === 0 || v === 1;
    // OpenAPI 3.1 writes a nullable as a union with `{ type: 'null' }` (3.0 had `nullable`): the same coercions.
    case 'null':
      return v === null || v === '' || v === 0 || v === false;
    case 'array': {
      const list = Array.isArray(v) ? v : [v];
      if (s.minItems !== undefined && list.length < s.minItems) return false;
      if (s.maxItems !== undefined && list.length > s.maxItems) return false;
      return s.items === undefined || list.every((item) => accepts(s.items as Schema, item));
    }
    case 'object': {
      if (!isPlainObject(v)) return false;
      const keys = Object.keys(v);
      if (s.minProperties !== undefined && keys.length < s.minProperties) return false;
      if ((s.required ?? []).some((k) => !(k in v))) return false;
      for (const k of keys) {
        const own = s.properties?.[k];
        if (own) {
          if (!accepts(own, v[k])) return false;
        } else if (s.additionalProperties === false) {
          return false;
        } else if (typeof s.additionalProperties === 'object' && !accepts(s.additionalProperties, v[k])) {
          return false;
        }
      }
      return true;
    }
    default:
      return true;
  }
}

/** A value the schema takes: what a well-formed body would carry there. */
function example(s: Schema): unknown {
  if (s.anyOf?.[0]) return example(s.anyOf[0]);
  if (s.enum) return s.enum[0];
  let candidates: unknown[];
  switch (s.type) {
    case 'string':
      candidates = ['zz-robust', 'robust@example.org', 'robust'];
      break;
    case 'number':
    case 'integer':
      candidates = [1, s.minimum, (s.exclusiveMinimum ?? 0) + 1];
      break;
    case 'boolean':
      candidates = [false];
      break;
    case 'array':
      candidates = [[]];
      break;
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, example(s.properties?.[k] ?? {})]));
    default:
      candidates = [];
  }
  const found = candidates.find((c) => accepts(s, c));
  if (found === undefined) throw new Error(`no example for ${JSON.stringify(s)}`);
  return found;
}

/** Values the schema refuses, of every kind the promise is about, each one checked against the model. */
function badValues(s: Schema, depth = 0): unknown[] {
  const pool: unknown[] = [
    { zz: 1 },
    [{ zz: 1 }, { zz: 2 }],
    DEEP,
    'not-a-number',
    'NaN',
    1e308,
    -1,
    1.5,
    '',
    'x'.repeat(Math.max(300, (s.maxLength ?? 0) + 1)),
    '-Bad Value-',
    'nul\u0000inside',
    true,
    [{ zz: 1 }],
  ];
  if (depth < 2) {
    const objectBranch = s.type === 'object' ? s : s.anyOf?.find((b) => b.type === 'object');
    if (objectBranch?.properties) {
      // A well-formed object with one property spoilt, and one with a property too many.
      const base = example(objectBranch) as Record<string, unknown>;
      for (const [k, sub] of Object.entries(objectBranch.properties)) {
        const bad = badValues(sub, depth + 1)[0];
        if (bad !== undefined) pool.push({ ...base, [k]: bad });
      }
      pool.push({ ...base, zz_unknown: 1 });
    }
    if (objectBranch && typeof objectBranch.additionalProperties === 'object') {
      pool.push({ 'Not An Id!': example(objectBranch.additionalProperties) });
      pool.push({ 'zz-key': badValues(objectBranch.additionalProperties, depth + 1)[0] });
    }
    if (s.type === 'array' && s.items) pool.push(badValues(s.items, depth + 1).map((b) => [b])[0]);
  }
  return pool.filter((v) => v !== undefined && !accepts(s, v));
}

/**
 * The value of the schema with every number in it at 1e308, if it holds a number: the schema
 * may not bound it, but the server must (no database column or plan date takes it).
 */
function hugeOf(s: Schema, key: string): unknown {
  if (s.type === 'number' || s.type === 'integer') return 1e308;
  const numberBranch = s.anyOf?.find((b) => b.type === 'number' || b.type === 'integer');
  if (numberBranch) return 1e308;
  const objectBranch = s.type === 'object' ? s : s.anyOf?.find((b) => b.type === 'object');
  if (objectBranch?.properties) {
    const out = { ...(example(objectBranch) as Record<string, unknown>) };
    let any = false;
    for (const [k, sub] of Object.entries(objectBranch.properties)) {
      const huge = hugeOf(sub, key);
      if (huge !== undefined && typeof huge === 'number') {
        out[k] = huge;
        any = true;
      }
    }
    return any ? out : undefined;
  }
  if (objectBranch && typeof objectBranch.additionalProperties === 'object') {
    const huge = hugeOf(objectBranch.additionalProperties, key);
    return huge === undefined ? undefined : { [key]: huge };
  }
  return undefined;
}

/** One raw HTTP exchange, so that the test controls every byte and header. */
interface Exchange extends RawRequest {
  /** What the response must be beyond the general rule, if anything. */
  expect?: {
    status?: number;
    /** Must be refused (4xx) even though the schema alone would not tell. */
    refused?: boolean;
    /** The codes that may name the field; validation_failed when not given. */
    codes?: string[];
    field?: (field: string | undefined) => boolean;
    fieldHint?: string;
  };
  label: string;
}

/** Why the answer breaks the promise, or null when it keeps it. */
function problemWith(x: Exchange, answer: Answer): string | null {
  if (answer.status >= 500) return `status ${answer.status}`;
  if (x.expect?.status !== undefined && answer.status !== x.expect.status) {
    return `status ${answer.status}, expected ${x.expect.status}`;
  }
  if (answer.status < 400) return x.expect?.refused ? `status ${answer.status}, expected a refusal` : null;
  if (!answer.contentType.startsWith('application/json')) return `error with content type "${answer.contentType}"`;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return 'error body is not JSON';
  }
  if (!isPlainObject(body) || Object.keys(body).join() !== 'error' || !isPlainObject(body.error)) {
    return 'error body is not { error: {...} }';
  }
  const { code, message, field } = body.error;
  if (typeof code !== 'string' || !KNOWN_CODES.has(code)) return `unknown error code ${JSON.stringify(code)}`;
  if (typeof message !== 'string' || message.trim() === '') return 'error without a message';
  if (/\n\s+at /.test(message)) return 'error message carries a stack';
  if (field !== undefined && typeof field !== 'string') return 'field is not a string';
  if (code === 'validation_failed' && answer.status !== 400) return `validation_failed with status ${answer.status}`;
  if (x.expect?.field) {
    const codes = x.expect.codes ?? ['validation_failed'];
    if (!codes.includes(code)) return `code ${code}, expected ${codes.join(' or ')}`;
    if (!x.expect.field(field)) return `field ${JSON.stringify(field)}, expected ${x.expect.fieldHint}`;
  }
  return null;
}

/**
 * The exchange with what the limits make of it: a JSON body over the route's size limit or nested
 * too deep is refused before its fields are looked at, so no field can be named. Only "refused":
 * a junk address may be refused before that (the next test checks 413 and 422 exactly).
 */
function withLimits(x: Exchange, limit: number, depth: number): Exchange {
  if (x.body === undefined || !x.headers?.['content-type']?.startsWith('application/json')) return x;
  if (Buffer.byteLength(x.body) > limit || jsonDepthExceeds(x.body.toString(), depth)) {
    return { ...x, expect: { refused: true } };
  }
  return x;
}

// The name a field path starts with: `estimate_hours` of `estimate_hours.low`, `contacts` of `contacts.0.name`.
const headOf = (field: string | undefined) => field?.split(/[.[]/)[0];

const JUNK_IDS = [
  '%00',
  '..%2Fx',
  '../x',
  'a'.repeat(300),
  '-bad-',
  '%E0%A4%A',
  '%F0%9F%9A%A2',
  'x%20y',
  'AD',
  'zz-missing',
];
const BIG_BODY = Buffer.from(`{"x":"${'a'.repeat(25 * 1024 * 1024)}"}`);
// Far deeper than any call stack, for anything that walks a body recursively.
const VERY_DEEP = `${'['.repeat(500_000)}${']'.repeat(500_000)}`;
const json = { 'content-type': 'application/json' };

const FILE_HEAD = 'version: 1\norganisation: { name: X, locale: sv, timezone: Europe/Stockholm }\n';

/** Catalogue files an import must refuse: well-formed requests carrying malformed files. */
function importBattery(): Omit<Exchange, 'method' | 'url'>[] {
  const files: [string, string, string][] = [
    ['NUL escape in YAML', 'x.yaml', `${FILE_HEAD}systems:\n  - { id: a, name: "b\\0", kind: platform }\n`],
    [
      'NUL escape in JSON',
      'x.json',
      JSON.stringify({
        version: 1,
        organisation: { name: 'X', locale: 'sv', timezone: 'Europe/Stockholm' },
        systems: [{ id: 'a', name: 'b\u0000', kind: 'platform' }],
      }),
    ],
    [
      'capacity past an SQL integer',
      'x.yaml',
      `${FILE_HEAD}teams:\n  - { id: t, name: T, capacity: 10000000000 }\nsystems:\n  - { id: a, name: A, kind: platform, team: t }\n`,
    ],
    [
      'estimate of 1e308 hours',
      'x.yaml',
      `${FILE_HEAD}systems:\n  - { id: a, name: A, kind: platform, estimate_hours: 1e308 }\n`,
    ],
    ['RTO of 1e9 hours', 'x.yaml', `${FILE_HEAD}systems:\n  - { id: a, name: A, kind: platform, rto_hours: 1e9 }\n`],
    [
      'remaining 1e20 hours',
      'x.yaml',
      `${FILE_HEAD}systems:\n  - { id: a, name: A, kind: platform, remaining_hours: 1e20 }\n`,
    ],
    ['empty file', 'x.yaml', ''],
    ['binary junk', 'x.yaml', '\u0001\u0002\uFFFD\uD800'],
    [
      'YAML alias bomb',
      'x.yaml',
      `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`,
    ],
    ['deep YAML', 'x.yaml', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    [
      'deep YAML behind a quote in a block scalar',
      'x.yaml',
      `x: |\n  '\ny: ${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ],
    ['deep JSON', 'x.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['CSV without columns', 'x.csv', 'a;b\n1;2\n'],
    ['CSV of junk', 'x.csv', '"unterminated\n;;;\n'],
    ['unknown extension', 'x.exe', FILE_HEAD],
    ['no extension', 'catalogue', FILE_HEAD],
    ['path in the name', '../../etc/passwd.yaml', '{}'],
  ];
  return files.map(([label, fileName, content]) => ({
    label: `file: ${label}`,
    headers: json,
    body: JSON.stringify({ file_name: fileName, content }),
    expect: { refused: true },
  }));
}

/** Every malformed variant of a body for the given schema (or for a route that takes none). */
function bodyBattery(
  schema: Schema | undefined,
  target: { real: boolean; matching: boolean },
  key: string,
): Omit<Exchange, 'method' | 'url'>[] {
  const out: Omit<Exchange, 'method' | 'url'>[] = [
    { label: 'no body' },
    { label: 'empty JSON body', headers: json, body: '' },
    { label: 'null', headers: json, body: 'null' },
    { label: '[]', headers: json, body: '[]' },
    { label: '"text"', headers: json, body: '"text"' },
    { label: '42', headers: json, body: '42' },
    { label: 'true', headers: json, body: 'true' },
    { label: '{}', headers: json, body: '{}' },
    { label: 'invalid JSON', headers: json, body: '{"name": ' },
    { label: 'not JSON at all', headers: json, body: '{bad json}' },
    { label: '__proto__', headers: json, body: '{"__proto__": {"admin": true}}' },
    { label: 'constructor.prototype', headers: json, body: '{"constructor": {"prototype": {"admin": true}}}' },
    { label: 'deep array body', headers: json, body: DEEP_TEXT },
    { label: 'text/plain', headers: { 'content-type': 'text/plain' }, body: 'text' },
    { label: 'text/plain JSON', headers: { 'content-type': 'text/plain' }, body: '{}' },
    { label: 'form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x&kind=y' },
    { label: 'UTF-16 charset', headers: { 'content-type': 'application/json; charset=utf-16' }, body: '{}' },
    { label: 'bad content type', headers: { 'content-type': ';;;/' }, body: '{}' },
  ];
  // Whatever the route, a body that does not parse is refused; where the route takes a body,
  // so is one that is not a JSON object. `{}` and the odd content types may be valid somewhere.
  const unparsable = new Set([
    'empty JSON body',
    'invalid JSON',
    'not JSON at all',
    '__proto__',
    'constructor.prototype',
  ]);
  const notAnObject = new Set(['no body', 'null', '[]', '"text"', '42', 'true', 'deep array body', 'text/plain']);
  for (const b of out) {
    if (unparsable.has(b.label) || (schema && notAnObject.has(b.label))) b.expect = { refused: true };
  }
  if (!schema || !target.real) return out;
  if (schema.type !== 'object' || !schema.properties) {
    throw new Error(`a request body that is not an object with properties: ${JSON.stringify(schema)}`);
  }
  const props = schema.properties;
  const names = Object.keys(props);
  const inSchema = (f: string | undefined) =>
    f !== undefined && (names.includes(headOf(f) ?? '') || f === 'zz_unknown');
  const bads = Object.fromEntries(names.map((k) => [k, badValues(props[k] as Schema)]));
  for (const k of names) {
    if (bads[k]?.length === 0) throw new Error(`no malformed value for ${k}: ${JSON.stringify(props[k])}`);
  }
  const rounds = Math.max(...names.map((k) => bads[k]?.length ?? 0));
  // Every property wrong at once, cycling through each property's wrong values.
  for (let r = 0; r < rounds; r++) {
    const body = Object.fromEntries(names.map((k) => [k, bads[k]?.[r % (bads[k]?.length ?? 1)]]));
    out.push({
      label: `every property wrong #${r}`,
      headers: json,
      body: toJson(body),
      expect: { status: 400, field: inSchema, fieldHint: 'a property of the body' },
    });
  }
  // One property wrong in an otherwise well-formed body: the answer names that property.
  const base = example(schema) as Record<string, unknown>;
  for (const k of names) {
    for (const bad of bads[k] ?? []) {
      out.push({
        label: `${k} = ${toJson(bad).slice(0, 60)}`,
        headers: json,
        body: toJson({ ...base, [k]: bad }),
        expect: { status: 400, field: (f) => headOf(f) === k, fieldHint: k },
      });
    }
  }
  // Only where the id names a record of the route's kind: elsewhere a 404 comes first.
  for (const k of target.matching ? names : []) {
    const huge = hugeOf(props[k] as Schema, key);
    if (huge === undefined) continue;
    out.push({
      label: `${k} = huge`,
      headers: json,
      body: toJson({ ...base, [k]: huge }),
      expect: {
        refused: true,
        codes: ['validation_failed', 'invalid_catalogue', 'bad_request'],
        field: (f) => headOf(f) === k,
        fieldHint: k,
      },
    });
  }
  out.push(
    {
      label: 'unknown extra property',
      headers: json,
      body: toJson({ ...base, zz_unknown: 1 }),
      expect: { status: 400, field: (f) => f === 'zz_unknown', fieldHint: 'zz_unknown' },
    },
    {
      label: '{} with an unknown property',
      headers: json,
      body: toJson({ zz_unknown: [1, 2] }),
      expect: { status: 400, field: inSchema, fieldHint: 'a property of the body' },
    },
  );
  return out;
}

const QUERY_JUNK = ['abc', 'NaN', '-1', '0', '1.5', '1e308', '', 'x'.repeat(300), '\u0000', '../x', 'zz-not-a-choice'];

/** Malformed query strings for an operation's declared query parameters. */
function queryBattery(params: { name: string; schema: Schema }[]): Omit<Exchange, 'method'>[] {
  const out: Omit<Exchange, 'method'>[] = [];
  for (const p of params) {
    const values: (string | string[])[] = [...QUERY_JUNK, ['1', '2'], ['abc', 'def']];
    for (const value of values) {
      const list = Array.isArray(value) ? value : [value];
      const qs = list.map((v) => `${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`).join('&');
      const bad = !accepts(p.schema, value);
      out.push({
        label: `?${qs.slice(0, 60)}`,
        url: `?${qs}`,
        expect: bad
          ? { status: 400, field: (f) => f === `querystring.${p.name}`, fieldHint: `querystring.${p.name}` }
          : undefined,
      });
    }
    out.push({ label: `?${p.name}[a]=1`, url: `?${encodeURIComponent(`${p.name}[a]`)}=1` });
    out.push({ label: `?${p.name}=%E0%A4%A`, url: `?${p.name}=%E0%A4%A` });
  }
  // The document does not say whether a route takes unknown parameters: only the general rule applies.
  out.push({ label: '?zz_unknown=1', url: '?zz_unknown=1' });
  return out;
}

/** A JSON object body of exactly `size` bytes: one unknown property padded out. */
function bodyOfSize(size: number): string {
  const head = '{"zz_unknown":"';
  return `${head}${'a'.repeat(size - head.length - 2)}"}`;
}

/** A small JSON object body nested `depth` levels deep (counting the outer object). */
function bodyOfDepth(depth: number): string {
  return `{"zz_unknown":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: every operation refuses malformed input with a 4xx, never a 500`, () => {
    let server: TestServer;
    let admin: ApiClient;
    let spare: TestUser;
    let exportBefore: string;
    let ids: { system: string; unit: string; team: string; user: string };

    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
      const imported = await admin.post('/api/catalogue/import', {
        file_name: 'exempelstad.yaml',
        content: EXEMPELSTAD,
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      // Logging out and the like act on the caller's session: they get a spare admin's sessions.
      spare = await createUser(server, { role: 'admin' });
      const units = (await admin.get('/api/units')).body.units as { id: string }[];
      const teams = (await admin.get('/api/teams')).body.teams as { id: string }[];
      ids = { system: 'ad', unit: units[0]?.id ?? '', team: teams[0]?.id ?? '', user: spare.id };
      const exported = await admin.raw('/api/catalogue/export?format=yaml');
      expect(exported.status).toBe(200);
      exportBefore = String(exported.body.text);
      expect(exportBefore).toContain('Exempelstad');
    });
    afterAll(async () => server.close());

    it('answers every malformed request on every operation in the error shape, and changes nothing', async () => {
      const docs = await admin.get('/api/docs/json');
      expect(docs.status).toBe(200);
      const operations = operationsOf(docs.body);
      // A thin document would make this test pass vacuously.
      expect(operations.length).toBeGreaterThanOrEqual(40);

      const base = new URL(server.url);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      // Failures grouped by operation and problem, with the first example of each.
      const failures = new Map<string, { count: number; example: string }>();
      const fail = (key: string, example: string) => {
        const seen = failures.get(key);
        if (seen) seen.count++;
        else failures.set(key, { count: 1, example });
      };
      const covered = new Map<string, number>();
      let sent = 0;

      const spareSession = async (): Promise<ApiClient> => {
        const res = await anonymous(server).post('/api/auth/login', { email: spare.email, password: spare.password });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return clientFromSession(server, res);
      };

      const run = async (op: Operation, x: Exchange, client: ApiClient) => {
        const headers: Record<string, string> = { ...x.headers };
        if (client.cookie) headers.cookie = `lifeboat_session=${client.cookie}`;
        if (UNSAFE.has(x.method) && client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
        let answer: Answer;
        try {
          answer = await exchange(base, agent, { ...x, headers });
        } catch (error) {
          fail(`${op.method} ${op.path}: ${String(error)}`, `${x.url.slice(0, 100)} [${x.label}]`);
          return;
        }
        sent++;
        const key = `${op.method} ${op.path}`;
        covered.set(key, (covered.get(key) ?? 0) + 1);
        const limit = op['x-body-limit'] ?? server.config.bodyLimit;
        const problem = problemWith(withLimits(x, limit, server.config.jsonDepth), answer);
        if (problem) {
          const kind = problem.replace(/".*"/, '"…"');
          fail(
            `${op.method} ${op.path}: ${kind}`,
            `${x.url.slice(0, 100)} [${x.label}] ${problem}: ${answer.text.slice(0, 300)}`,
          );
        }
      };

      for (const op of operations) {
        const params = op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path');
        const queryParams = params.filter((p) => p.in === 'query');
        const bodySchema = op.requestBody?.content['application/json']?.schema;
        // With an existing id, a DELETE or a body-less POST would be a valid request: those get junk ids only.
        const junkOnly = op.method === 'DELETE' || (op.method === 'POST' && !bodySchema);
        const existing = pathParams.length === 0 || junkOnly ? [] : [...new Set(Object.values(ids))];
        const kind = /^\/api\/(\w+)\/\{/.exec(op.path)?.[1];
        const matchingId = { users: ids.user, units: ids.unit, teams: ids.team, systems: ids.system }[kind ?? ''];
        const targets: { url: string; real: boolean; matching: boolean }[] =
          pathParams.length === 0
            ? [{ url: op.path, real: true, matching: true }]
            : [
                ...existing.map((id) => ({
                  url: op.path.replace(/\{\w+\}/g, encodeURIComponent(id)),
                  real: true,
                  matching: id === matchingId,
                })),
                ...JUNK_IDS.map((id) => ({ url: op.path.replace(/\{\w+\}/g, id), real: false, matching: false })),
              ];
        // Session-ending and session-changing routes without a body or an id run on spare sessions.
        const ownSession = UNSAFE.has(op.method) && !bodySchema && pathParams.length === 0;

        for (const [i, target] of targets.entries()) {
          const bodies = UNSAFE.has(op.method)
            ? bodyBattery(bodySchema, target, ids.system)
            : [
                { label: 'no body' },
                { label: 'invalid JSON', headers: { 'content-type': 'application/json' }, body: '{"x": ' },
              ];
          for (const b of bodies) {
            const client = ownSession ? await spareSession() : admin;
            await run(op, { ...b, method: op.method, url: target.url }, client);
          }
          if (i === 0 && UNSAFE.has(op.method)) {
            const once: Omit<Exchange, 'method' | 'url'>[] = [
              { label: '25 MB body', headers: json, body: BIG_BODY, expect: { status: 413 } },
              {
                label: 'body nested 500,000 deep',
                headers: json,
                body: VERY_DEEP,
                expect: bodySchema ? { refused: true } : undefined,
              },
            ];
            if (op.path.startsWith('/api/catalogue/import')) once.push(...importBattery());
            for (const b of once) {
              const client = ownSession ? await spareSession() : admin;
              await run(op, { ...b, method: op.method, url: target.url }, client);
            }
          }
          if (queryParams.length > 0 && (target.real || i === existing.length)) {
            for (const q of queryBattery(queryParams)) {
              // With a junk id the id's own error may come first.
              const expect = target.real ? q.expect : undefined;
              await run(op, { ...q, expect, method: op.method, url: `${target.url}${q.url}` }, admin);
            }
          }
        }
      }
      agent.destroy();

      const missing = operations.map((op) => `${op.method} ${op.path}`).filter((k) => !covered.has(k));
      expect(missing).toEqual([]);
      console.info(`${dialect}: ${sent} malformed requests over ${operations.length} operations`);
      const report = [...failures].map(([key, f]) => `${key} (×${f.count}), e.g. ${f.example}`);
      expect(report, `${report.length} kinds of failure`).toEqual([]);

      const after = await admin.raw('/api/catalogue/export?format=yaml');
      expect(after.status).toBe(200);
      expect(String(after.body.text)).toBe(exportBefore);
    }, 300_000);

    // Who may use each route, and that a refused caller is refused before its body is read (401/403 with a body
    // that is not JSON, nested too deep or over the limit), is the access matrix's: access-matrix.api.test.ts.
    it('holds every body limit and depth cap for a caller who may use the route', async () => {
      const docs = await admin.get('/api/docs/json');
      const operations = operationsOf(docs.body);
      // A thin document would make this test pass vacuously.
      const writes = operations.filter((op) => UNSAFE.has(op.method));
      expect(writes.length).toBeGreaterThanOrEqual(40);
      const { jsonDepth } = server.config;
      const base = new URL(server.url);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const spareSession = async (): Promise<ApiClient> => {
        const res = await anonymous(server).post('/api/auth/login', { email: spare.email, password: spare.password });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return clientFromSession(server, res);
      };
      const failures: string[] = [];
      let sent = 0;
      const run = async (op: Operation, x: Exchange, client: ApiClient | null) => {
        const headers: Record<string, string> = { ...x.headers };
        if (client?.cookie) headers.cookie = `lifeboat_session=${client.cookie}`;
        if (UNSAFE.has(x.method) && client?.csrfToken) headers['x-csrf-token'] = client.csrfToken;
        const answer = await exchange(base, agent, { ...x, headers });
        sent++;
        const problem = problemWith(x, answer);
        if (problem) failures.push(`${op.method} ${op.path} [${x.label}] ${problem}: ${answer.text.slice(0, 200)}`);
        return answer;
      };

      for (const op of operations) {
        const key = `${op.method} ${op.path}`;
        // A junk id: no guard may let a request through to act on a real record.
        const url = op.path.replace(/\{\w+\}/g, 'zz-missing');
        const unsafe = UNSAFE.has(op.method);
        const limit = op['x-body-limit'];
        if (unsafe && limit === undefined) failures.push(`${key}: no x-body-limit in the API document`);
        const bodySchema = op.requestBody?.content['application/json']?.schema;
        // A caller who may: a body at the limit and at the depth cap is read, one byte or one level more is not.
        if (unsafe && limit !== undefined) {
          const ownSession = !bodySchema && !op.path.includes('{');
          const caller = async () => (ownSession ? spareSession() : admin);
          const cases: { label: string; body: string; status?: number; not?: number }[] = [
            { label: 'body at the limit', body: bodyOfSize(limit), not: 413 },
            { label: 'body one byte over the limit', body: bodyOfSize(limit + 1), status: 413 },
            { label: 'body at the depth cap', body: bodyOfDepth(jsonDepth), not: 422 },
            { label: 'body one level too deep', body: bodyOfDepth(jsonDepth + 1), status: 422 },
          ];
          for (const c of cases) {
            const answer = await run(
              op,
              {
                method: op.method,
                url,
                label: c.label,
                headers: json,
                body: c.body,
                expect: c.status ? { status: c.status } : undefined,
              },
              await caller(),
            );
            if (c.not !== undefined && answer.status === c.not) failures.push(`${key} [${c.label}] answered ${c.not}`);
            if (c.status === 413 && !answer.text.includes('"body_too_large"'))
              failures.push(`${key} [${c.label}] ${answer.text}`);
            if (c.status === 422 && !answer.text.includes('"body_too_deep"'))
              failures.push(`${key} [${c.label}] ${answer.text}`);
          }
        }
      }
      agent.destroy();
      console.info(`${dialect}: ${sent} requests at and over the limits`);
      expect(failures, `${failures.length} failures`).toEqual([]);
      expect(sent, 'four bodies for every write').toBe(4 * writes.length);

      const after = await admin.raw('/api/catalogue/export?format=yaml');
      expect(String(after.body.text)).toBe(exportBefore);
    }, 300_000);
  });
}
