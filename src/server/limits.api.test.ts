/**
 * Limits before work (issue 6, points 1 and 4): small bodies, a depth cap before parsing, a rate
 * limit keyed by session, token or address, timeouts that cut slow clients off, and proxies that
 * are named rather than believed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createUser, signIn, tokenClient } from '../../test/support/auth.js';
import { DIALECTS } from '../../test/support/dialects.js';
import { startTestServer, type TestServer, testIds } from '../../test/support/server.js';
import { openDatabase } from '../store/database.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { DEFAULT_BODY_LIMIT } from './limits.js';

const json = { 'content-type': 'application/json' };

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { error?: { code?: string; message?: string; details?: { retry_after?: number } } } & Record<string, unknown>;
  ms: number;
}

/** One request over its own connection; the body may be a string, or chunks streamed without a length. */
function send(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: Buffer[] },
): Promise<Answer> {
  const base = new URL(url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers, connection: 'close' };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const request = http.request(
      { host: base.hostname, port: base.port, method: opts.method ?? 'GET', path: opts.path, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Answer['body'] = {};
          try {
            body = JSON.parse(text);
          } catch {
            body = { text };
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            ms: performance.now() - started,
          });
        });
      },
    );
    // The server answers a body it refuses before reading it all and then closes: the answer counts.
    request.on('error', (error) => {
      if (!request.writableFinished) reject(error);
    });
    if (opts.chunked) {
      for (const c of opts.chunked) request.write(c);
      request.end();
    } else {
      request.end(opts.body);
    }
  });
}

// The audit trail's address of the last failed login: what the back-off and the audit believe.
async function lastFailedLoginIp(server: TestServer): Promise<string | null> {
  const rows = await server.db
    .selectFrom('audit_events')
    .select(['ip', 'at', 'id'])
    .where('action', '=', 'login_failed')
    .orderBy('id', 'desc')
    .execute();
  return rows[0]?.ip ?? null;
}

const wrongLogin = (server: TestServer, headers: Record<string, string> = {}) =>
  send(server.url, {
    method: 'POST',
    path: '/api/auth/login',
    headers: { ...json, ...headers },
    body: JSON.stringify({ email: 'nobody@test.example', password: 'wrong-password' }),
  });

for (const dialect of DIALECTS) {
  describe(`${dialect}: bodies are refused before they cost anything`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect);
    });
    afterAll(async () => server.close());

    it('refuses a deep body with 422 and an oversized one with 413, fast, while others keep answering', async () => {
      const admin = await signIn(server, { role: 'admin' });
      const deep = `{"email":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
      const huge = Buffer.from(`{"email":"${'a'.repeat(19 * 1024 * 1024)}"}`);
      const healthy = async () => {
        const times: number[] = [];
        for (let i = 0; i < 10; i++) {
          const a = await send(server.url, { path: '/healthz' });
          expect(a.status).toBe(200);
          times.push(a.ms);
        }
        return times;
      };
      const post = (body: string | Buffer) =>
        send(server.url, { method: 'POST', path: '/api/auth/login', headers: json, body });
      // Each alone first, to time it, on a server that has answered once (as a running one has).
      // The client shares this process and a busy machine: the median of five is the figure.
      expect((await post('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]')).status).toBe(
        422,
      );
      const median = async (body: string | Buffer, status: number, code: string) => {
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const a = await post(body);
          expect([a.status, a.body.error?.code]).toEqual([status, code]);
          times.push(a.ms);
        }
        return times.sort((x, y) => x - y)[2] ?? Number.POSITIVE_INFINITY;
      };
      const deepMs = await median(deep, 422, 'body_too_deep');
      const bigMs = await median(huge, 413, 'body_too_large');
      console.info(
        `${dialect}: deep body refused in ${deepMs.toFixed(1)} ms, 19 MB in ${bigMs.toFixed(1)} ms (median of 5)`,
      );
      expect(deepMs).toBeLessThan(100);
      expect(bigMs).toBeLessThan(100);
      // Then all at once, with ordinary requests among them.
      const [again, big, streamed, , nested] = await Promise.all([
        post(deep),
        post(huge),
        // Without a Content-Length the server stops reading at the limit.
        send(server.url, {
          method: 'POST',
          path: '/api/auth/login',
          headers: json,
          chunked: Array.from({ length: 19 }, () => Buffer.alloc(1024 * 1024, 0x20)),
        }),
        healthy(),
        // A signed-in caller's body is capped the same way.
        send(server.url, {
          method: 'POST',
          path: '/api/units',
          headers: { ...json, cookie: `lifeboat_session=${admin.cookie}`, 'x-csrf-token': String(admin.csrfToken) },
          body: `{"id":"x","name":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
        }),
      ]);
      expect([again.status, big.status, streamed.status]).toEqual([422, 413, 413]);
      expect(streamed.body.error?.code).toBe('body_too_large');
      expect([nested.status, nested.body.error?.code]).toEqual([422, 'body_too_deep']);
      // Other requests still answer right after, and promptly (the median: the machine is shared).
      const after = (await healthy()).sort((x, y) => x - y);
      expect(after[5]).toBeLessThan(100);
    });

    it('takes a body at the default limit and refuses one byte more', async () => {
      const padTo = (size: number) => {
        const head = '{"email":"a@b.example","password":"';
        return `${head}${'p'.repeat(size - head.length - 2)}"}`;
      };
      const atLimit = await send(server.url, {
        method: 'POST',
        path: '/api/auth/login',
        headers: json,
        body: padTo(DEFAULT_BODY_LIMIT),
      });
      expect(atLimit.status).not.toBe(413);
      const over = await send(server.url, {
        method: 'POST',
        path: '/api/auth/login',
        headers: json,
        body: padTo(DEFAULT_BODY_LIMIT + 1),
      });
      expect([over.status, over.body.error?.code]).toEqual([413, 'body_too_large']);
    });

    it('keeps the protection against __proto__ in the new JSON parser', async () => {
      const poisoned = await send(server.url, {
        method: 'POST',
        path: '/api/auth/login',
        headers: json,
        body: '{"email":"a@b.example","password":"x","__proto__":{"admin":true}}',
      });
      expect(poisoned.status).toBe(400);
    });
  });

  describe(`${dialect}: the rate limit`, () => {
    let server: TestServer;
    const limits: Config['rateLimit'] = { windowMs: 60_000, perCaller: 5, perAddress: 3, authPerAddress: 2 };
    beforeAll(async () => {
      server = await startTestServer(dialect, { rateLimit: limits });
    });
    afterAll(async () => server.close());

    it('counts anonymous callers by address, answers 429 with Retry-After, and forgets after the window', async () => {
      server.clock.set('2026-11-29T09:00:00.000Z');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        // A different junk cookie each time: the cookie is no key, the address is.
        const a = await send(server.url, { path: '/api/units', headers: { cookie: `lifeboat_session=junk${i}` } });
        statuses.push(a.status);
        if (a.status === 429) {
          expect(a.headers['retry-after']).toBe('60');
          expect(a.body.error).toMatchObject({ code: 'rate_limited', details: { retry_after: 60 } });
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      // The health check and the static UI do not pass through it.
      expect((await send(server.url, { path: '/healthz' })).status).toBe(200);
      expect((await send(server.url, { path: '/app/' })).status).toBe(503);
      server.clock.advance(30_000);
      const later = await send(server.url, { path: '/api/units' });
      expect([later.status, later.headers['retry-after']]).toEqual([429, '30']);
      server.clock.advance(30_000);
      expect((await send(server.url, { path: '/api/units' })).status).toBe(401);
    });

    it('counts each session and token on its own, so that one NAT address does not share one budget', async () => {
      server.clock.set('2026-11-29T10:00:00.000Z');
      const a = await signIn(server, { role: 'observer' });
      const b = await signIn(server, { role: 'observer' });
      const token = await tokenClient(server, 'observer');
      const five = async (client: typeof a) => {
        const out: number[] = [];
        for (let i = 0; i < 6; i++) out.push((await client.get('/api/units')).status);
        return out;
      };
      expect(await five(a)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(await five(b)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(await five(token)).toEqual([200, 200, 200, 200, 200, 429]);
    });

    it('counts refused API tokens by address, and refuses more before looking them up', async () => {
      server.clock.set('2026-11-29T13:00:00.000Z');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const a = await send(server.url, { path: '/api/units', headers: { authorization: `Bearer junk-${i}` } });
        statuses.push(a.status);
      }
      // Two refusals (the auth limit) are counted; the third and later answer 429 without a lookup.
      expect(statuses).toEqual([401, 401, 429, 429]);
      // Requests without a token are not held up by it.
      expect((await send(server.url, { path: '/api/units' })).status).toBe(401);
      server.clock.advance(60_000);
      expect((await send(server.url, { path: '/api/units', headers: { authorization: 'Bearer x' } })).status).toBe(401);
    });

    it('is stricter on the anonymous auth routes, before any password is hashed', async () => {
      server.clock.set('2026-11-29T11:00:00.000Z');
      const user = await createUser(server, { role: 'staff' });
      const tries: number[] = [];
      for (let i = 0; i < 3; i++) tries.push((await wrongLogin(server)).status);
      expect(tries).toEqual([401, 401, 429]);
      // Even the right password waits: the limit comes first.
      const right = await anonymous(server).post('/api/auth/login', { email: user.email, password: user.password });
      expect(right.status).toBe(429);
      const failures = await server.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'login_failed')
        .where('at', '>=', '2026-11-29T11:00:00.000Z')
        .execute();
      expect(failures).toHaveLength(2);
    });
  });

  describe(`${dialect}: timeouts`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect, {
        timeouts: { idleMs: 10_000, requestMs: 400, headersMs: 400, keepAliveMs: 1_000 },
      });
    });
    afterAll(async () => server.close());

    // Opens a raw connection, writes what it is given, and resolves when the server closes it.
    const hold = (write: (socket: net.Socket) => void) =>
      new Promise<{ ms: number; text: string }>((resolve, reject) => {
        const { port } = server.app.server.address() as AddressInfo;
        const started = performance.now();
        const socket = net.connect(port, '127.0.0.1', () => write(socket));
        let text = '';
        socket.on('data', (d) => {
          text += d.toString('utf8');
        });
        socket.on('error', reject);
        socket.on('close', () => resolve({ ms: performance.now() - started, text }));
      });

    it('cuts off a client that never finishes its headers or its body, and serves others meanwhile', async () => {
      let trickle: NodeJS.Timeout | undefined;
      const [headers, body, others] = await Promise.all([
        hold((s) => {
          s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
          // One header byte at a time, as slowloris does: each byte resets an idle timer, not this one.
          trickle = setInterval(() => s.writable && s.write('X'), 50);
        }),
        hold((s) =>
          s.write(
            'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
          ),
        ),
        (async () => {
          const out: number[] = [];
          for (let i = 0; i < 5; i++) out.push((await send(server.url, { path: '/healthz' })).status);
          return out;
        })(),
      ]);
      clearInterval(trickle);
      expect(others).toEqual([200, 200, 200, 200, 200]);
      console.info(
        `${dialect}: slow headers cut off after ${headers.ms.toFixed(0)} ms, slow body after ${body.ms.toFixed(0)} ms`,
      );
      for (const cut of [headers, body]) {
        expect(cut.ms).toBeGreaterThanOrEqual(350);
        expect(cut.ms).toBeLessThan(5_000);
        expect(cut.text).not.toContain('200 OK');
      }
    });
  });

  describe(`${dialect}: proxies are named, never believed`, () => {
    const servers: TestServer[] = [];
    const start = async (overrides: Partial<Config>) => {
      const s = await startTestServer(dialect, overrides);
      servers.push(s);
      return s;
    };
    afterAll(async () => {
      for (const s of servers) await s.close();
    });

    it('ignores X-Forwarded-For by default and from a peer that is not a named proxy', async () => {
      for (const trustProxy of [0, ['10.0.0.1']] as const) {
        const server = await start({ trustProxy: trustProxy as Config['trustProxy'] });
        await wrongLogin(server, { 'x-forwarded-for': '203.0.113.9' });
        expect(await lastFailedLoginIp(server)).toBe('127.0.0.1');
      }
    });

    it('takes the address the named proxy saw, not what the client wrote before it', async () => {
      for (const trustProxy of [['127.0.0.1'], ['10.0.0.0/8', 'loopback'], 1] as const) {
        const server = await start({ trustProxy: trustProxy as Config['trustProxy'] });
        await wrongLogin(server, { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' });
        expect(await lastFailedLoginIp(server), JSON.stringify(trustProxy)).toBe('203.0.113.9');
      }
    });

    it('gives a forged X-Forwarded-For no fresh rate-limit budget', async () => {
      const server = await start({ rateLimit: { windowMs: 60_000, perCaller: 9, perAddress: 2, authPerAddress: 2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const a = await send(server.url, { path: '/api/units', headers: { 'x-forwarded-for': `203.0.113.${i}` } });
        statuses.push(a.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    });

    it('sends Secure cookies and HSTS when Lifeboat ends TLS itself', async () => {
      const server = await start({ tlsCert: 'cert.pem', tlsKey: 'key.pem', publicUrl: 'https://lifeboat.test' });
      const user = await createUser(server, { role: 'staff' });
      const res = await anonymous(server).post('/api/auth/login', { email: user.email, password: user.password });
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().join('\n')).toMatch(/lifeboat_session=[^;]+;.*Secure/);
      expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
    });
  });

  if (dialect === 'postgres') {
    describe('postgres: the rate limit holds across two servers on one database', () => {
      let first: TestServer;
      let second: { url: string; close: () => Promise<void> };
      beforeAll(async () => {
        first = await startTestServer('postgres', {
          rateLimit: { windowMs: 60_000, perCaller: 4, perAddress: 4, authPerAddress: 4 },
        });
        // A second app with its own connection pool to the same database, as on another machine.
        const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(first.db);
        const url = new URL(String(process.env.TEST_DATABASE_URL));
        url.pathname = `/${rows[0]?.name}`;
        const db = await openDatabase({ kind: 'postgres', url: url.toString() });
        const app = await buildApp({ db, config: first.config, clock: first.clock, ids: testIds('b'), logger: false });
        await app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = app.server.address() as AddressInfo;
        second = {
          url: `http://127.0.0.1:${port}`,
          close: async () => {
            await app.close();
            await db.destroy();
          },
        };
      });
      afterAll(async () => {
        await second.close();
        await first.close();
      });

      it('counts requests to either server against one budget, also when they race', async () => {
        first.clock.set('2026-11-29T12:00:00.000Z');
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, i) => send(i % 2 === 0 ? first.url : second.url, { path: '/api/units' })),
        );
        const statuses = answers.map((a) => a.status).sort();
        expect(statuses.filter((s) => s === 401)).toHaveLength(4);
        expect(statuses.filter((s) => s === 429)).toHaveLength(8);
        const [row] = await first.db.selectFrom('rate_limits').select(['key', 'hits']).execute();
        expect(row).toEqual({ key: 'a:127.0.0.1', hits: 12 });
      });
    });
  }
}
