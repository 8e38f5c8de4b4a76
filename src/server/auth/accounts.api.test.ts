import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  bearerClient,
  clientFromSession,
  createUser,
  signIn,
  type TestUser,
} from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { createUserWithInvitation } from '../users/users.service.js';
import { DEVICE_COOKIE } from './auth.plugin.js';
import { login } from './auth.service.js';
import { countUnopenableSecrets, sealClearTotpSecrets, sealSecret } from './keys.js';
import { hashPassword } from './password.js';
import { totpCodeAt } from './totp.js';

let n = 0;
const depsOf = (server: TestServer) => ({ clock: server.clock, config: server.config, ids: () => `acc-${++n}` });

const json = (body: unknown, cookie?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
  body: JSON.stringify(body),
});

function deviceCookieOf(headers: Headers): string | null {
  for (const line of headers.getSetCookie()) {
    const m = new RegExp(`^${DEVICE_COOKIE}=([^;]*)`).exec(line);
    if (m?.[1]) return m[1];
  }
  return null;
}

const creds = (u: TestUser) => ({ email: u.email, password: u.password });

async function storedHash(server: TestServer, id: string): Promise<string> {
  const row = await server.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return String(row.password_hash);
}

// Logs in and enrols TOTP; returns the secret and a verified client.
async function enrolled(server: TestServer, user: TestUser) {
  const client = await signIn(server, user);
  const enrol = await client.post('/api/auth/totp/enroll');
  const secret = String(enrol.body.secret);
  const confirm = await client.post('/api/auth/totp/confirm', { code: totpCodeAt(secret, server.clock()) });
  expect(confirm.status).toBe(200);
  return { client, secret };
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect);
    });
    afterAll(async () => server?.close());

    describe('second factor', () => {
      it('refuses a TOTP code once its step was accepted, even in the window after', async () => {
        const user = await createUser(server, { role: 'observer' });
        const { secret } = await enrolled(server, user);
        server.clock.advance(60_000);
        const code = totpCodeAt(secret, server.clock());
        const first = clientFromSession(server, await anonymous(server).post('/api/auth/login', creds(user)));
        const second = clientFromSession(server, await anonymous(server).post('/api/auth/login', creds(user)));
        expect((await first.post('/api/auth/totp/verify', { code })).status).toBe(200);
        const replay = await second.post('/api/auth/totp/verify', { code });
        expect(replay.status).toBe(400);
        // Still valid by time one period later, but its step is spent.
        server.clock.advance(30_000);
        expect((await second.post('/api/auth/totp/verify', { code })).status).toBe(400);
        const fresh = totpCodeAt(secret, server.clock());
        expect((await second.post('/api/auth/totp/verify', { code: fresh })).status).toBe(200);
      });

      it('admits exactly one of ten concurrent requests with the same code', async () => {
        const user = await createUser(server, { role: 'observer' });
        const { secret } = await enrolled(server, user);
        server.clock.advance(60_000);
        const code = totpCodeAt(secret, server.clock());
        const clients = [];
        for (let i = 0; i < 10; i++) {
          clients.push(clientFromSession(server, await anonymous(server).post('/api/auth/login', creds(user))));
        }
        const results = await Promise.all(clients.map((c) => c.post('/api/auth/totp/verify', { code })));
        const statuses = results.map((r) => r.status);
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        // The others are refused: the code is spent (400) or the per-user back-off holds them (429).
        expect(statuses.filter((s) => s === 400 || s === 429)).toHaveLength(9);
      });

      it('stores no TOTP secret in clear, and reopening the enrolment keeps the secret shown', async () => {
        const user = await createUser(server, { role: 'observer' });
        const client = await signIn(server, user);
        const a = await client.post('/api/auth/totp/enroll');
        const b = await client.post('/api/auth/totp/enroll');
        expect(b.body.secret).toBe(a.body.secret);
        await client.post('/api/auth/totp/confirm', { code: totpCodeAt(a.body.secret, server.clock()) });
        const rows = await server.db
          .selectFrom('users')
          .select('totp_secret')
          .where('totp_secret', 'is not', null)
          .execute();
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) {
          expect(r.totp_secret).toMatch(/^v1:/);
          expect(r.totp_secret).not.toContain(a.body.secret);
        }
      });

      it('seals a secret stored in clear by an older version at start, and it keeps working', async () => {
        const user = await createUser(server, { role: 'observer' });
        const clear = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
        await server.db
          .updateTable('users')
          .set({ totp_secret: clear, totp_enabled: 1 })
          .where('id', '=', user.id)
          .execute();
        expect(await sealClearTotpSecrets(server.db, server.config)).toBeGreaterThanOrEqual(1);
        const row = await server.db
          .selectFrom('users')
          .select('totp_secret')
          .where('id', '=', user.id)
          .executeTakeFirst();
        expect(row?.totp_secret).toMatch(/^v1:/);
        server.clock.advance(60_000);
        const pending = clientFromSession(server, await anonymous(server).post('/api/auth/login', creds(user)));
        const ok = await pending.post('/api/auth/totp/verify', { code: totpCodeAt(clear, server.clock()) });
        expect(ok.status).toBe(200);
      });

      it('answers a secret sealed with another key with a 409 naming the way out, never a 500', async () => {
        const user = await createUser(server, { role: 'observer' });
        const clear = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
        const otherKey = { ...server.config, secretKey: 'another-secret-key-0123456789abcdef!' };
        await server.db
          .updateTable('users')
          .set({ totp_secret: sealSecret(otherKey, clear), totp_enabled: 1 })
          .where('id', '=', user.id)
          .execute();
        expect(await countUnopenableSecrets(server.db, server.config)).toBeGreaterThanOrEqual(1);
        server.clock.advance(60_000);
        const pending = clientFromSession(server, await anonymous(server).post('/api/auth/login', creds(user)));
        const res = await pending.post('/api/auth/totp/verify', { code: totpCodeAt(clear, server.clock()) });
        expect(res.status).toBe(409);
        expect(JSON.stringify(res.body)).toMatch(/recovery code/);
        await server.db
          .updateTable('users')
          .set({ totp_secret: null, totp_enabled: 0 })
          .where('id', '=', user.id)
          .execute();
      });

      it('after an admin reset, enrols a new factor only from the reset link', async () => {
        const user = await createUser(server, { role: 'observer' });
        await enrolled(server, user);
        const admin = await signIn(server, { role: 'admin' });
        const reset = await admin.post(`/api/users/${user.id}/reset-totp`);
        expect(reset.status).toBe(200);
        const token = String(reset.body.invitation_url).split('#')[1];
        const byPassword = await signIn(server, user);
        expect((await byPassword.post('/api/auth/totp/enroll')).status).toBe(403);
        const accepted = await anonymous(server).post('/api/invitations/accept', {
          token,
          password: 'a brand new password',
        });
        expect(accepted.status).toBe(200);
        const byLink = clientFromSession(server, accepted);
        const enrol = await byLink.post('/api/auth/totp/enroll');
        expect(enrol.status).toBe(200);
        const confirm = await byLink.post('/api/auth/totp/confirm', {
          code: totpCodeAt(enrol.body.secret, server.clock()),
        });
        expect(confirm.status).toBe(200);
      });

      it('audits a login as second-factor-checked only when a code was checked', async () => {
        const user = await createUser(server, { role: 'observer' });
        await signIn(server, user);
        const row = await server.db
          .selectFrom('audit_events')
          .select('detail')
          .where('action', '=', 'login_ok')
          .where('subject', '=', user.id)
          .executeTakeFirstOrThrow();
        expect(JSON.parse(String(row.detail))).toMatchObject({
          secondFactorChecked: false,
          secondFactor: 'not_required',
        });
      });
    });

    describe('lockouts', () => {
      it('gives exactly five tries to 30 concurrent wrong passwords', async () => {
        const user = await createUser(server, { role: 'staff' });
        const anon = anonymous(server);
        const results = await Promise.all(
          Array.from({ length: 30 }, () =>
            anon.post('/api/auth/login', { email: user.email, password: 'wrong guess!' }),
          ),
        );
        const statuses = results.map((r) => r.status);
        expect(statuses.filter((s) => s === 401)).toHaveLength(5);
        expect(statuses.filter((s) => s === 429)).toHaveLength(25);
      });

      it('does not lock the real user out from another device or another address', async () => {
        const user = await createUser(server, { role: 'staff' });
        const anon = anonymous(server);
        // The real user logged in earlier from this browser and holds its device cookie.
        const earlier = await anon.raw('/api/auth/login', json({ email: user.email, password: user.password }));
        const device = deviceCookieOf(earlier.headers);
        expect(device).toBeTruthy();
        // The attacker, from the same address but without the cookie, is locked out.
        for (let i = 0; i < 5; i++) {
          expect((await anon.post('/api/auth/login', { email: user.email, password: 'wrong guess!' })).status).toBe(
            401,
          );
        }
        expect((await anon.post('/api/auth/login', { email: user.email, password: user.password })).status).toBe(429);
        const withDevice = await anon.raw(
          '/api/auth/login',
          json({ email: user.email, password: user.password }, `${DEVICE_COOKIE}=${device}`),
        );
        expect(withDevice.status).toBe(200);
        // A forged device cookie counts as no cookie: the attacker stays locked.
        const forged = await anon.raw(
          '/api/auth/login',
          json({ email: user.email, password: user.password }, `${DEVICE_COOKIE}=abc.def`),
        );
        expect(forged.status).toBe(429);
        // Another address (the service sees the address the proxy settings give it).
        const elsewhere = await login(server.db, depsOf(server), creds(user), { ip: '198.51.100.7', userAgent: null });
        expect(elsewhere.kind).toBe('ok');
      });

      it('lets an admin lift a lock', async () => {
        const user = await createUser(server, { role: 'staff' });
        const anon = anonymous(server);
        for (let i = 0; i < 5; i++) await anon.post('/api/auth/login', { email: user.email, password: 'wrong guess!' });
        expect((await anon.post('/api/auth/login', creds(user))).status).toBe(429);
        const admin = await signIn(server, { role: 'admin' });
        expect((await admin.post(`/api/users/${user.id}/unlock`)).status).toBe(204);
        expect((await anon.post('/api/auth/login', creds(user))).status).toBe(200);
      });

      it('backs off wrong current passwords on a password change', async () => {
        const user = await createUser(server, { role: 'observer' });
        const client = await signIn(server, user);
        const change = (currentPassword: string) =>
          client.post('/api/auth/password', {
            current_password: currentPassword,
            new_password: 'another long password',
          });
        for (let i = 0; i < 5; i++) expect((await change('not my password')).status).toBe(400);
        expect((await change(user.password)).status).toBe(429);
        server.clock.advance(31_000);
        expect((await change(user.password)).status).toBe(204);
      });
    });

    describe('sessions', () => {
      it('checks the caller of the auth routes before reading the body', async () => {
        const anon = anonymous(server);
        const bad = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"not json' };
        for (const path of ['/api/auth/password', '/api/auth/totp/verify', '/api/auth/totp/confirm']) {
          expect((await anon.raw(path, bad)).status, path).toBe(401);
        }
        const token = await (await signIn(server, { role: 'observer' })).post('/api/tokens', { name: 't' });
        const bearer = bearerClient(server, token.body.token);
        expect((await bearer.raw('/api/auth/password', bad)).status).toBe(403);
      });

      it('ends a busy session at its absolute lifetime', async () => {
        const user = await createUser(server, { role: 'observer' });
        const client = await signIn(server, user);
        const max = server.config.sessionMaxHours;
        for (let h = 0; h < max - 0.5; h += 0.5) {
          expect((await client.get('/api/auth/me')).status).toBe(200);
          server.clock.advance(30 * 60_000);
        }
        expect((await client.get('/api/auth/me')).status).toBe(200);
        server.clock.advance(31 * 60_000);
        expect((await client.get('/api/auth/me')).status).toBe(401);
      });

      it('ends the browser’s previous session when it logs in again', async () => {
        const user = await createUser(server, { role: 'observer' });
        const old = await signIn(server, user);
        const again = await old.raw(
          '/api/auth/login',
          json({ email: user.email, password: user.password }, `lifeboat_session=${old.cookie}`),
        );
        expect(again.status).toBe(200);
        expect((await old.get('/api/auth/me')).status).toBe(401);
        expect((await clientFromSession(server, again).get('/api/auth/me')).status).toBe(200);
      });

      it('lists the caller’s own sessions and revokes one', async () => {
        const user = await createUser(server, { role: 'observer' });
        const a = await signIn(server, user);
        const b = await signIn(server, user);
        const other = await signIn(server, { role: 'observer' });
        const list = await a.get('/api/auth/sessions');
        expect(list.status).toBe(200);
        expect(list.body.sessions).toHaveLength(2);
        const theirs = list.body.sessions.find((s: { current: boolean }) => !s.current);
        const otherId = (await other.get('/api/auth/sessions')).body.sessions[0].id;
        expect((await a.delete(`/api/auth/sessions/${otherId}`)).status).toBe(404);
        expect((await a.delete(`/api/auth/sessions/${theirs.id}`)).status).toBe(204);
        expect((await b.get('/api/auth/me')).status).toBe(401);
        expect((await a.get('/api/auth/sessions')).body.sessions).toHaveLength(1);
        expect((await anonymous(server).get('/api/auth/sessions')).status).toBe(401);
      });
    });

    describe('API tokens', () => {
      it('read-only tokens only read; expired ones are refused; the default life is 90 days', async () => {
        const user = await createUser(server, { role: 'admin' });
        const session = await signIn(server, user);
        const ro = await session.post('/api/tokens', { name: 'reader', read_only: true, expires_days: 5 });
        expect(ro.status).toBe(200);
        const rw = await session.post('/api/tokens', { name: 'writer' });
        const day = 86_400_000;
        expect(new Date(rw.body.expires_at).getTime() - server.clock().getTime()).toBe(90 * day);
        const reader = bearerClient(server, ro.body.token);
        const writer = bearerClient(server, rw.body.token);
        expect((await reader.get('/api/users')).status).toBe(200);
        const write = { email: 'x-ro@example.se', name: 'X', role: 'observer' };
        const refused = await reader.post('/api/users', write);
        expect(refused.status).toBe(403);
        expect((await reader.raw('/api/users', { method: 'PUT' })).status).toBe(403);
        expect((await writer.post('/api/users', write)).status).toBe(200);
        server.clock.advance(5 * day);
        expect((await reader.get('/api/users')).status).toBe(401);
        expect((await writer.get('/api/users')).status).toBe(200);
        server.clock.advance(85 * day);
        expect((await writer.get('/api/users')).status).toBe(401);
      });

      it('work for an account that never accepted its invitation, and die with a password change', async () => {
        const invited = await server.db
          .transaction()
          .execute((trx) =>
            createUserWithInvitation(trx, depsOf(server), { email: 'script@example.se', role: 'observer' }, null),
          );
        const { createToken } = await import('../users/users.service.js');
        const made = await server.db
          .transaction()
          .execute((trx) => createToken(trx, depsOf(server), invited.user.id, { name: 'script' }, null));
        expect((await bearerClient(server, made.token).get('/api/auth/me')).status).toBe(200);

        const user = await createUser(server, { role: 'observer' });
        const session = await signIn(server, user);
        const token = (await session.post('/api/tokens', { name: 'mine' })).body.token;
        expect((await bearerClient(server, token).get('/api/auth/me')).status).toBe(200);
        const changed = await session.post('/api/auth/password', {
          current_password: user.password,
          new_password: 'a fresh long password',
        });
        expect(changed.status).toBe(204);
        expect((await bearerClient(server, token).get('/api/auth/me')).status).toBe(401);
      });

      it('die with a TOTP reset or a disabled account', async () => {
        const admin = await signIn(server, { role: 'admin' });
        const user = await createUser(server, { role: 'observer' });
        const session = await signIn(server, user);
        const t1 = (await session.post('/api/tokens', { name: 'one' })).body.token;
        expect((await admin.post(`/api/users/${user.id}/reset-totp`)).status).toBe(200);
        expect((await bearerClient(server, t1).get('/api/auth/me')).status).toBe(401);
        const again = await signIn(server, user);
        const t2 = (await again.post('/api/tokens', { name: 'two' })).body.token;
        expect((await admin.patch(`/api/users/${user.id}`, { disabled: true })).status).toBe(200);
        expect((await admin.patch(`/api/users/${user.id}`, { disabled: false })).status).toBe(200);
        expect((await bearerClient(server, t2).get('/api/auth/me')).status).toBe(401);
      });
    });

    describe('passwords', () => {
      it('upgrades a weaker stored hash at the next successful login', async () => {
        const user = await createUser(server, { role: 'observer' });
        const weak = await hashPassword(user.password, server.config.scryptCost - 1);
        await server.db.updateTable('users').set({ password_hash: weak }).where('id', '=', user.id).execute();
        expect(
          (await anonymous(server).post('/api/auth/login', { ...creds(user), password: 'wrong guess!' })).status,
        ).toBe(401);
        expect(await storedHash(server, user.id)).toBe(weak);
        expect((await anonymous(server).post('/api/auth/login', creds(user))).status).toBe(200);
        const upgraded = await storedHash(server, user.id);
        expect(upgraded).toMatch(new RegExp(`^scrypt\\$${2 ** server.config.scryptCost}\\$8\\$1\\$`));
        expect((await anonymous(server).post('/api/auth/login', creds(user))).status).toBe(200);
      });
    });

    describe('hashing outside the transaction', () => {
      it('answers a GET while four logins are hashing', async () => {
        const slow = await startTestServer(dialect, { scryptCost: 15 });
        try {
          const users = await Promise.all(Array.from({ length: 4 }, () => createUser(slow, { role: 'observer' })));
          const reader = await signIn(slow, users[0] as TestUser);
          const order: string[] = [];
          const logins = users.map((u, i) =>
            anonymous(slow)
              .post('/api/auth/login', creds(u))
              .then((r) => order.push(`login-${i}:${r.status}`)),
          );
          const get = reader.get('/api/auth/sessions').then((r) => order.push(`get:${r.status}`));
          await Promise.all([...logins, get]);
          // The GET needs the database only briefly; the logins hash for tens of milliseconds each.
          expect(order[0]).toBe('get:200');
          expect(order.filter((o) => o.endsWith(':200'))).toHaveLength(5);
        } finally {
          await slow.close();
        }
      });
    });

    describe('the last administrator', () => {
      it('survives racing demotions and disables', async () => {
        for (let round = 0; round < 3; round++) {
          const fresh = await startTestServer(dialect);
          try {
            const a = await signIn(fresh, { role: 'admin' });
            const b = await signIn(fresh, { role: 'admin' });
            const c = await signIn(fresh, { role: 'admin' });
            const ids = await Promise.all([a, b, c].map(async (x) => (await x.get('/api/auth/me')).body.user.id));
            // Every admin removes every other one at once: demote, disable.
            const results = await Promise.all([
              a.patch(`/api/users/${ids[1]}`, { role: 'observer' }),
              b.patch(`/api/users/${ids[2]}`, { disabled: true }),
              c.patch(`/api/users/${ids[0]}`, { role: 'staff' }),
              a.patch(`/api/users/${ids[2]}`, { role: 'observer' }),
              b.patch(`/api/users/${ids[0]}`, { disabled: true }),
              c.patch(`/api/users/${ids[1]}`, { disabled: true }),
            ]);
            for (const r of results) expect([200, 401, 403, 409], JSON.stringify(r.body)).toContain(r.status);
            const left = await fresh.db
              .selectFrom('users')
              .select('id')
              .where('role', '=', 'admin')
              .where('disabled', '=', 0)
              .execute();
            expect(left).toHaveLength(1);
          } finally {
            await fresh.close();
          }
        }
      });
    });
  });
}
