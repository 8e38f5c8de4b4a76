/**
 * The contract the UI is typed from: the OpenAPI document at /api/docs/json is valid as the version
 * it declares, every operation documents its answers, and the response schemas (which Fastify
 * serialises with) let no secret through.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createUser, signIn } from '../../test/support/auth.js';
import { DIALECTS } from '../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../test/support/server.js';
import { UserListSchema, UserSchema } from './auth/auth.schemas.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: { schemas?: Record<string, unknown> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
// snake_case, or a path parameter: what DESIGN.md promises for every name in a JSON body.
const SNAKE = /^[a-z0-9]+(_[a-z0-9]+)*$/;

// Every property name declared anywhere in a schema, with where it is.
function propertyNames(schema: unknown, at: string, out: string[] = []): string[] {
  if (Array.isArray(schema)) {
    for (const [i, s] of schema.entries()) propertyNames(s, `${at}[${i}]`, out);
  } else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const name of Object.keys(value)) out.push(`${at}.${name}`);
      }
      // Examples and defaults are values, not names.
      if (key !== 'example' && key !== 'examples' && key !== 'default') propertyNames(value, `${at}.${key}`, out);
    }
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the OpenAPI document`, () => {
    let server: TestServer;
    let doc: OpenApiDocument;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      const res = await fetch(`${server.url}/api/docs/json`);
      expect(res.status).toBe(200);
      doc = (await res.json()) as OpenApiDocument;
    });
    afterAll(async () => server?.close());

    it('is valid OpenAPI of the version it declares, with zero errors', async () => {
      expect(doc.openapi).toBe('3.1.0');
      const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('documents a success answer and the one error shape for every operation', () => {
      const missing: string[] = [];
      let operations = 0;
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (!METHODS.has(method)) continue;
          operations++;
          const codes = Object.keys(op.responses ?? {});
          if (!codes.some((c) => /^2/.test(c))) missing.push(`${method.toUpperCase()} ${path}: no 2xx`);
          const error = (op.responses?.['4XX'] as { content?: Record<string, { schema?: { $ref?: string } }> })
            ?.content?.['application/json']?.schema?.$ref;
          if (error !== '#/components/schemas/Error') missing.push(`${method.toUpperCase()} ${path}: no 4XX`);
        }
      }
      expect(operations).toBeGreaterThan(40);
      expect(missing).toEqual([]);
      expect(doc.components?.schemas?.Error).toMatchObject({ type: 'object', required: ['error'] });
    });

    it('names every field in snake_case', () => {
      const names = propertyNames(doc.paths, 'paths').filter((p) => {
        const name = p.split('.').at(-1) ?? '';
        return !SNAKE.test(name);
      });
      expect(names).toEqual([]);
    });
  });

  describe(`${dialect}: response schemas let no secret through`, () => {
    let server: TestServer;
    let admin: ApiClient;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      admin = await signIn(server, { role: 'admin' });
      // One user with a password hash and a TOTP secret (enrolment stores it before it is confirmed).
      const user = await createUser(server, { role: 'staff' });
      const staff = await signIn(server, { email: user.email, password: user.password });
      expect((await staff.post('/api/auth/totp/enroll')).status).toBe(200);
    });
    afterAll(async () => server?.close());

    it('never shows a password hash or a TOTP secret in the users list, me or the tokens', async () => {
      const stored = await server.db
        .selectFrom('users')
        .select(['password_hash', 'totp_secret'])
        .where('totp_secret', 'is not', null)
        .execute();
      expect(stored.length).toBe(1);
      const secrets = stored.flatMap((r) => [r.password_hash, r.totp_secret]).filter((s): s is string => !!s);
      expect(secrets.length).toBe(2);
      for (const path of ['/api/users', '/api/auth/me', '/api/tokens', '/api/auth/sessions']) {
        const res = await admin.raw(path);
        expect(res.status, path).toBe(200);
        const text = JSON.stringify(res.body);
        for (const secret of secrets) expect(text, path).not.toContain(secret);
        expect(text, path).not.toMatch(/hash|secret|password/i);
      }
      const users = (await admin.get('/api/users')).body.users as Record<string, unknown>[];
      for (const u of users) expect(Object.keys(u).sort()).toEqual(Object.keys(UserSchema.properties).sort());
    });

    it('drops a field the schema does not name, whatever the handler returns', async () => {
      const app = Fastify();
      app.get('/leak', { schema: { response: { 200: UserListSchema } } }, async () => ({
        users: [
          {
            id: 'u1',
            email: 'a@example.se',
            name: 'A',
            role: 'staff',
            unit_id: null,
            locale: null,
            totp_enabled: true,
            disabled: false,
            created_at: '2026-12-02T06:00:00.000Z',
            password_hash: 'scrypt$secret-hash',
            totp_secret: 'JBSWY3DPEHPK3PXP',
          },
        ],
      }));
      const res = await app.inject({ method: 'GET', url: '/leak' });
      await app.close();
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toContain('JBSWY3DPEHPK3PXP');
      expect(Object.keys(res.json().users[0]).sort()).toEqual(Object.keys(UserSchema.properties).sort());
    });
  });
}
