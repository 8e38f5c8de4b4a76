import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anonymous,
  bearerClient,
  clientFromSession,
  createUser,
  sessionCookieOf,
  signIn,
} from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { operationsOf } from '../../../test/support/raw-api.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { ensureSetupLink } from './setup.service.js';
import { totpCodeAt } from './totp.js';

let setupIds = 0;
const depsOf = (server: TestServer) => ({
  clock: server.clock,
  config: server.config,
  ids: () => `setup-${++setupIds}`,
});

async function auditActions(server: TestServer): Promise<string[]> {
  const rows = await server.db.selectFrom('audit_events').select('action').orderBy('at').orderBy('id').execute();
  return rows.map((r) => r.action);
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    describe('first-run set-up', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect);
      });
      afterAll(async () => server?.close());

      it('creates the first admin through the one-time link, once', async () => {
        const anon = anonymous(server);
        expect((await anon.get('/api/setup')).body).toEqual({ needed: true });
        const first = await ensureSetupLink(server.db, depsOf(server));
        const link = await ensureSetupLink(server.db, depsOf(server));
        expect(link).toMatch(/^http:\/\/127\.0\.0\.1:0\/app\/setup#[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
        const oldToken = String(first).split('#')[1];
        const token = String(link).split('#')[1];
        const body = { token, email: 'Chief@Example.se', name: 'Chief', password: 'a long enough password' };

        // An older link died when the newer one was made.
        expect((await anon.post('/api/setup', { ...body, token: oldToken })).status).toBe(404);
        const short = await anon.post('/api/setup', { ...body, password: 'short' });
        expect(short.status).toBe(400);
        expect(short.body.error.field).toBe('password');
        expect((await anon.get('/api/setup')).body.needed).toBe(true);

        const done = await anon.post('/api/setup', body);
        expect(done.status).toBe(200);
        expect(done.body.user).toMatchObject({ email: 'chief@example.se', role: 'admin', unit_id: null });
        expect(done.body.totp).toBe('ok');
        const admin = clientFromSession(server, done);
        expect((await admin.get('/api/users')).status).toBe(200);

        expect((await anon.get('/api/setup')).body.needed).toBe(false);
        const again = await anon.post('/api/setup', { ...body, email: 'other@example.se' });
        expect(again.status).toBe(409);
        expect(await ensureSetupLink(server.db, depsOf(server))).toBeNull();
        expect(await server.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'chief@example.se' }]);
        expect(await auditActions(server)).toEqual(expect.arrayContaining(['user_created', 'invitation_used']));
      });
    });

    describe('sessions', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect);
      });
      afterAll(async () => server?.close());

      it('sets a HttpOnly, SameSite=Lax cookie whose token is stored only hashed', async () => {
        const user = await createUser(server, { role: 'staff' });
        const res = await anonymous(server).post('/api/auth/login', { email: user.email, password: user.password });
        expect(res.status).toBe(200);
        expect(res.body.totp).toBe('ok');
        expect(typeof res.body.csrf_token).toBe('string');
        const line = res.headers.getSetCookie().find((l) => l.startsWith('lifeboat_session=')) ?? '';
        expect(line).toMatch(/HttpOnly/i);
        expect(line).toMatch(/SameSite=Lax/i);
        expect(line).toMatch(/Path=\//);
        expect(line).not.toMatch(/Secure/i);
        const cookie = sessionCookieOf(res.headers) ?? '';
        expect(Buffer.from(cookie, 'base64url')).toHaveLength(32);
        const rows = await server.db.selectFrom('sessions').select('token_hash').execute();
        expect(rows.some((r) => r.token_hash.includes(cookie))).toBe(false);
        expect(rows).toHaveLength(1);
      });

      it('gives the same answer for an unknown e-mail and a wrong password', async () => {
        const user = await createUser(server, { role: 'observer' });
        const anon = anonymous(server);
        const a = await anon.post('/api/auth/login', { email: user.email, password: 'wrong password!' });
        const b = await anon.post('/api/auth/login', { email: 'nobody@example.se', password: 'wrong password!' });
        expect(a.status).toBe(401);
        expect(b.status).toBe(401);
        expect(a.body).toEqual(b.body);
        expect(sessionCookieOf(a.headers)).toBeNull();
      });

      it('logs out one session, and every session with logout-all', async () => {
        const user = await createUser(server, { role: 'recovery' });
        const one = await signIn(server, user);
        const two = await signIn(server, user);
        const three = await signIn(server, user);
        expect((await one.post('/api/auth/logout')).status).toBe(204);
        expect((await one.get('/api/auth/me')).status).toBe(401);
        expect((await two.get('/api/auth/me')).status).toBe(200);
        expect((await two.post('/api/auth/logout-all')).status).toBe(204);
        expect((await two.get('/api/auth/me')).status).toBe(401);
        expect((await three.get('/api/tokens')).status).toBe(401);
        expect(await auditActions(server)).toEqual(expect.arrayContaining(['logout', 'logout_all', 'login_ok']));
      });

      it('ends a session after sessionHours without use, and slides it while used', async () => {
        const client = await signIn(server, { role: 'observer' });
        server.clock.advance((server.config.sessionHours - 1) * 3_600_000);
        expect((await client.get('/api/auth/me')).status).toBe(200);
        server.clock.advance((server.config.sessionHours - 1) * 3_600_000);
        expect((await client.get('/api/auth/me')).status).toBe(200);
        server.clock.advance((server.config.sessionHours + 1) * 3_600_000);
        expect((await client.get('/api/auth/me')).status).toBe(401);
      });

      it('rejects a session an admin revoked, and a disabled user', async () => {
        const admin = await signIn(server, { role: 'admin' });
        const user = await createUser(server, { role: 'communicator' });
        const victim = await signIn(server, user);
        expect((await admin.post(`/api/users/${user.id}/revoke-sessions`)).status).toBe(204);
        expect((await victim.get('/api/auth/me')).status).toBe(401);

        const again = await signIn(server, user);
        const patched = await admin.patch(`/api/users/${user.id}`, { disabled: true });
        expect(patched.status).toBe(200);
        expect(patched.body.user.disabled).toBe(true);
        expect((await again.get('/api/auth/me')).status).toBe(401);
        const login = await anonymous(server).post('/api/auth/login', { email: user.email, password: user.password });
        expect(login.status).toBe(401);
        expect(await auditActions(server)).toEqual(expect.arrayContaining(['sessions_revoked', 'user_disabled']));
      });

      it('refuses unsafe requests without the CSRF token, changing nothing', async () => {
        const client = await signIn(server, { role: 'staff' });
        const before = (await client.get('/api/auth/me')).body.user.name;
        const noHeader = await client.raw('/api/auth/me', {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Changed' }),
        });
        expect(noHeader.status).toBe(403);
        expect(noHeader.body.error.code).toBe('csrf_failed');
        const wrong = await client.raw('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': 'nope' } });
        expect(wrong.status).toBe(403);
        const me = await client.get('/api/auth/me');
        expect(me.status).toBe(200);
        expect(me.body.user.name).toBe(before);
        const ok = await client.patch('/api/auth/me', { name: 'Changed', locale: 'en' });
        expect(ok.status).toBe(200);
        expect(ok.body.user).toMatchObject({ name: 'Changed', locale: 'en' });
      });

      it('changes the password after checking the current one', async () => {
        const user = await createUser(server, { role: 'staff' });
        const client = await signIn(server, user);
        const other = await signIn(server, user);
        const wrong = await client.post('/api/auth/password', {
          current_password: 'not it at all',
          new_password: 'a brand new password',
        });
        expect(wrong.status).toBe(400);
        expect(wrong.body.error.field).toBe('current_password');
        const short = await client.post('/api/auth/password', {
          current_password: user.password,
          new_password: 'short',
        });
        expect(short.body.error.field).toBe('new_password');
        const ok = await client.post('/api/auth/password', {
          current_password: user.password,
          new_password: 'a brand new password',
        });
        expect(ok.status).toBe(204);
        expect((await client.get('/api/auth/me')).status).toBe(200);
        expect((await other.get('/api/auth/me')).status).toBe(401);
        await expect(signIn(server, { email: user.email, password: 'a brand new password' })).resolves.toBeDefined();
      });
    });

    describe('invitations', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect);
        await server.db
          .insertInto('units')
          .values({ id: 'skola', name: 'Skolförvaltningen', kind: 'office', contacts: '[]', position: 0 })
          .execute();
      });
      afterAll(async () => server?.close());

      it('invites a user with a one-time, expiring link', async () => {
        const admin = await signIn(server, { role: 'admin' });
        const made = await admin.post('/api/users', {
          email: 'new@example.se',
          name: 'New',
          role: 'reporter',
          unit_id: 'skola',
        });
        expect(made.status).toBe(200);
        expect(made.body.user).toMatchObject({ email: 'new@example.se', role: 'reporter', unit_id: 'skola' });
        expect(made.body.invitation_url).toMatch(/^http:\/\/127\.0\.0\.1:0\/app\/invite#[A-Z2-9-]{24}$/);
        const token = String(made.body.invitation_url).split('#')[1];
        const anon = anonymous(server);
        const seen = await anon.post('/api/invitations/inspect', { token: token?.toLowerCase() });
        expect(seen.body).toEqual({ email: 'new@example.se', name: 'New', role: 'reporter', purpose: 'invite' });

        const short = await anon.post('/api/invitations/accept', { token, password: 'short' });
        expect(short.status).toBe(400);
        expect(short.body.error.field).toBe('password');
        const accepted = await anon.post('/api/invitations/accept', { token, password: 'reporter password 1' });
        expect(accepted.status).toBe(200);
        expect(accepted.body.user.email).toBe('new@example.se');
        expect((await clientFromSession(server, accepted).get('/api/auth/me')).status).toBe(200);
        expect((await anon.post('/api/invitations/accept', { token, password: 'reporter password 2' })).status).toBe(
          404,
        );
        expect((await anon.post('/api/invitations/inspect', { token })).status).toBe(404);
        await expect(
          signIn(server, { email: 'new@example.se', password: 'reporter password 1' }),
        ).resolves.toBeDefined();

        // A reset link sets a new password; it expires after invitationHours.
        const id = made.body.user.id;
        const reset = await admin.post(`/api/users/${id}/invitation`);
        expect(reset.status).toBe(200);
        const resetToken = String(reset.body.invitation_url).split('#')[1];
        expect((await anon.post('/api/invitations/inspect', { token: resetToken })).body.purpose).toBe('reset');
        server.clock.advance(server.config.invitationHours * 3_600_000 + 1000);
        expect(
          (await anon.post('/api/invitations/accept', { token: resetToken, password: 'reporter password 3' })).status,
        ).toBe(404);
        const admin2 = await signIn(server, { role: 'admin' });
        const reset2 = await admin2.post(`/api/users/${id}/invitation`);
        expect(reset2.status).toBe(200);
        const token2 = String(reset2.body.invitation_url).split('#')[1];
        const ok = await anon.post('/api/invitations/accept', { token: token2, password: 'reporter password 3' });
        expect(ok.status).toBe(200);
        expect(await auditActions(server)).toEqual(
          expect.arrayContaining(['invitation_made', 'invitation_used', 'password_set']),
        );
      });

      it('binds a reporter to an existing unit and nobody else to any', async () => {
        const admin = await signIn(server, { role: 'admin' });
        const noUnit = await admin.post('/api/users', { email: 'r1@example.se', name: 'R', role: 'reporter' });
        expect(noUnit.status).toBe(400);
        expect(noUnit.body.error.field).toBe('unit_id');
        const unknown = await admin.post('/api/users', {
          email: 'r1@example.se',
          name: 'R',
          role: 'reporter',
          unit_id: 'nope',
        });
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.field).toBe('unit_id');
        const staff = await admin.post('/api/users', {
          email: 'r1@example.se',
          name: 'R',
          role: 'staff',
          unit_id: 'skola',
        });
        expect(staff.body.error.field).toBe('unit_id');
        expect(await server.db.selectFrom('users').select('id').where('email', '=', 'r1@example.se').execute()).toEqual(
          [],
        );

        const dup = await admin.post('/api/users', { email: 'NEW@example.se', name: 'Dup', role: 'staff' });
        expect(dup.status).toBe(409);
        expect(dup.body.error.field).toBe('email');

        const made = await admin.post('/api/users', { email: 'r2@example.se', name: 'R2', role: 'staff' });
        const id = made.body.user.id;
        const toReporter = await admin.patch(`/api/users/${id}`, { role: 'reporter' });
        expect(toReporter.status).toBe(400);
        expect(toReporter.body.error.field).toBe('unit_id');
        const ok = await admin.patch(`/api/users/${id}`, { role: 'reporter', unit_id: 'skola' });
        expect(ok.body.user).toMatchObject({ role: 'reporter', unit_id: 'skola' });
        const back = await admin.patch(`/api/users/${id}`, { role: 'observer' });
        expect(back.body.user).toMatchObject({ role: 'observer', unit_id: null });
        const events = await admin.get('/api/audit?limit=500');
        const changes = events.body.events.filter((e: { subject: string }) => e.subject === id);
        expect(changes.map((e: { action: string }) => e.action)).toEqual(
          expect.arrayContaining(['user_role_changed', 'user_unit_changed']),
        );
      });

      it('keeps at least one administrator', async () => {
        const server2 = await startTestServer(dialect);
        try {
          const me = await createUser(server2, { role: 'admin' });
          const admin = await signIn(server2, me);
          const res = await admin.patch(`/api/users/${me.id}`, { role: 'staff' });
          expect(res.status).toBe(409);
          expect(res.body.error.field).toBe('role');
          expect((await admin.get('/api/auth/me')).body.user.role).toBe('admin');
        } finally {
          await server2.close();
        }
      });
    });

    describe('TOTP', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect, { totpRequiredFor: ['staff'] });
      });
      afterAll(async () => server?.close());

      it('enrols, verifies with a code or a recovery code once, and is reset by an admin', async () => {
        const user = await createUser(server, { role: 'staff' });
        const anon = anonymous(server);
        const login = async () => {
          const res = await anon.post('/api/auth/login', { email: user.email, password: user.password });
          expect(res.status).toBe(200);
          return { res, client: clientFromSession(server, res) };
        };
        const first = await login();
        expect(first.res.body.totp).toBe('enroll');
        const pending = first.client;
        const blocked = await pending.get('/api/tokens');
        expect(blocked.status).toBe(401);
        expect(blocked.body.error.code).toBe('totp_required');
        expect((await pending.get('/api/auth/me')).body.totp).toBe('enroll');

        const enrol = await pending.post('/api/auth/totp/enroll');
        expect(enrol.status).toBe(200);
        const secret = String(enrol.body.secret);
        expect(enrol.body.otpauth_url).toMatch(/^otpauth:\/\/totp\/Lifeboat:.*secret=/);
        expect(enrol.body.qr_data_url).toMatch(/^data:image\/svg\+xml;base64,/);
        const wrong = await pending.post('/api/auth/totp/confirm', {
          code: '000000' === totpCodeAt(secret, server.clock()) ? '111111' : '000000',
        });
        expect(wrong.status).toBe(400);
        expect(wrong.body.error.field).toBe('code');
        const confirm = await pending.post('/api/auth/totp/confirm', { code: totpCodeAt(secret, server.clock()) });
        expect(confirm.status).toBe(200);
        const recovery: string[] = confirm.body.recovery_codes;
        expect(recovery).toHaveLength(10);
        expect((await pending.get('/api/tokens')).status).toBe(200);
        // Recovery codes are kept only hashed.
        const stored = await server.db.selectFrom('recovery_codes').select('code_hash').execute();
        expect(stored.some((r) => recovery.some((c) => r.code_hash.includes(c.replace('-', ''))))).toBe(false);

        // A code from a minute ago is refused; the current one admits.
        server.clock.advance(5 * 60_000);
        const second = await login();
        expect(second.res.body.totp).toBe('verify');
        expect((await second.client.post('/api/auth/totp/enroll')).status).toBe(409);
        const stale = totpCodeAt(secret, new Date(server.clock().getTime() - 90_000));
        const staleRes = await second.client.post('/api/auth/totp/verify', { code: stale });
        expect(staleRes.status).toBe(400);
        expect((await second.client.get('/api/tokens')).status).toBe(401);
        const ok = await second.client.post('/api/auth/totp/verify', { code: totpCodeAt(secret, server.clock()) });
        expect(ok.status).toBe(200);
        expect(ok.body.totp).toBe('ok');
        expect((await second.client.get('/api/tokens')).status).toBe(200);

        const third = await login();
        const rc = recovery[0]?.toLowerCase();
        expect((await third.client.post('/api/auth/totp/verify', { code: rc })).status).toBe(200);
        const fourth = await login();
        expect((await fourth.client.post('/api/auth/totp/verify', { code: rc })).status).toBe(400);

        const admin = await signIn(server, { role: 'admin' });
        const staff = await signIn(server, { role: 'observer' });
        expect((await staff.post(`/api/users/${user.id}/reset-totp`)).status).toBe(403);
        expect((await admin.post(`/api/users/${user.id}/reset-totp`)).status).toBe(200);
        expect((await second.client.get('/api/tokens')).status).toBe(401);
        const fifth = await login();
        expect(fifth.res.body.totp).toBe('enroll');
        const actions = await auditActions(server);
        expect(actions).toEqual(
          expect.arrayContaining(['totp_enrolled', 'totp_verified', 'totp_failed', 'totp_reset']),
        );
      });

      it('asks anyone who enrolled for the code, even when the role does not require it', async () => {
        const user = await createUser(server, { role: 'observer' });
        const client = await signIn(server, user);
        const enrol = await client.post('/api/auth/totp/enroll');
        await client.post('/api/auth/totp/confirm', { code: totpCodeAt(enrol.body.secret, server.clock()) });
        const res = await anonymous(server).post('/api/auth/login', { email: user.email, password: user.password });
        expect(res.body.totp).toBe('verify');
        expect((await clientFromSession(server, res).get('/api/tokens')).body.error.code).toBe('totp_required');
      });
    });

    describe('back-off', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect);
      });
      afterAll(async () => server?.close());

      it('locks an e-mail for 30 s after five failures, then 60 s, and a success clears it', async () => {
        const user = await createUser(server, { role: 'staff' });
        const anon = anonymous(server);
        const attempt = (password: string) => anon.post('/api/auth/login', { email: user.email, password });
        for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).status).toBe(401);
        const locked = await attempt(user.password);
        expect(locked.status).toBe(429);
        expect(locked.body.error.code).toBe('rate_limited');
        expect(locked.headers.get('retry-after')).toBe('30');
        expect(sessionCookieOf(locked.headers)).toBeNull();
        server.clock.advance(31_000);
        expect((await attempt('wrong password')).status).toBe(401);
        expect((await attempt(user.password)).headers.get('retry-after')).toBe('60');
        server.clock.advance(61_000);
        expect((await attempt(user.password)).status).toBe(200);
        // Cleared: four more failures do not lock.
        for (let i = 0; i < 4; i++) expect((await attempt('wrong password')).status).toBe(401);
        expect((await attempt(user.password)).status).toBe(200);
        expect(await auditActions(server)).toEqual(expect.arrayContaining(['login_failed', 'login_locked']));
      });
      // An address is no longer locked across e-mails (offices share one NAT address): the rate limit in
      // front of everything bounds it, and accounts.api.test.ts shows the lock is per account and client.
    });

    describe('API tokens', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect, { totpRequiredFor: ['admin', 'staff'] });
      });
      afterAll(async () => server?.close());

      it('have exactly the rights of their user and die when revoked', async () => {
        const admin = await createUser(server, { role: 'admin' });
        const observer = await createUser(server, { role: 'observer' });
        const observerSession = await signIn(server, observer);
        const made = await observerSession.post('/api/tokens', { name: 'monitoring' });
        expect(made.status).toBe(200);
        expect(String(made.body.token)).toMatch(/^lb_/);
        const bearer = bearerClient(server, made.body.token);
        expect((await bearer.get('/api/auth/me')).body.user.email).toBe(observer.email);
        expect((await bearer.get('/api/users')).status).toBe(403);
        expect((await bearer.post('/api/tokens', { name: 'more' })).status).toBe(403);
        const list = await observerSession.get('/api/tokens');
        expect(list.body.tokens).toEqual([
          expect.objectContaining({ id: made.body.id, name: 'monitoring', user_email: observer.email }),
        ]);
        expect(list.body.tokens[0].last_used_at).not.toBeNull();
        const stored = await server.db.selectFrom('api_tokens').select('token_hash').execute();
        expect(stored.some((r) => r.token_hash === made.body.token)).toBe(false);

        // An admin's token needs no TOTP and no CSRF, and works like the admin.
        const adminToken = await server.db
          .transaction()
          .execute(async (trx) =>
            (await import('../users/users.service.js')).createToken(
              trx,
              { clock: server.clock, config: server.config, ids: () => `tok-${Date.now()}` },
              admin.id,
              'ops',
              admin.id,
            ),
          );
        const adminBearer = bearerClient(server, adminToken.token);
        expect((await adminBearer.get('/api/users')).status).toBe(200);
        expect((await adminBearer.get('/api/tokens')).body.tokens).toHaveLength(2);

        // Another user cannot revoke it; the owner can.
        const other = await signIn(server, { role: 'recovery' });
        expect((await other.delete(`/api/tokens/${made.body.id}`)).status).toBe(404);
        expect((await observerSession.delete(`/api/tokens/${made.body.id}`)).status).toBe(204);
        const revoked = await bearer.get('/api/auth/me');
        expect(revoked.status).toBe(401);
        expect((await bearerClient(server, 'lb_nonsense').get('/api/auth/me')).status).toBe(401);
        const malformed = await anonymous(server).raw('/api/auth/me', { headers: { authorization: 'Basic abc' } });
        expect(malformed.status).toBe(401);

        // A disabled user's token stops working.
        expect((await adminBearer.patch(`/api/users/${observer.id}`, { disabled: true })).status).toBe(200);
        const t2 = await server.db.selectFrom('api_tokens').select('id').where('user_id', '=', observer.id).execute();
        expect(t2).toHaveLength(1);
        expect(await auditActions(server)).toEqual(expect.arrayContaining(['token_created', 'token_revoked']));
      });
    });

    describe('roles', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect);
        await server.db
          .insertInto('units')
          .values({ id: 'vard', name: 'Vård och omsorg', kind: 'office', contacts: '[]', position: 0 })
          .execute();
      });
      afterAll(async () => server?.close());

      it('lets only an admin manage users, others’ tokens and the audit trail', async () => {
        const target = await createUser(server, { role: 'observer' });
        for (const role of ['admin', 'staff', 'recovery', 'communicator', 'reporter', 'observer'] as const) {
          const client = await signIn(server, { role, ...(role === 'reporter' ? { unitId: 'vard' } : {}) });
          const want = role === 'admin' ? 200 : 403;
          expect((await client.get('/api/users')).status, role).toBe(want);
          expect((await client.get('/api/audit')).status, role).toBe(want);
          expect(
            (await client.post('/api/users', { email: `made-by-${role}@example.se`, name: 'X', role: 'observer' }))
              .status,
            role,
          ).toBe(want);
          expect((await client.patch(`/api/users/${target.id}`, { name: `by ${role}` })).status, role).toBe(want);
          expect((await client.post(`/api/users/${target.id}/invitation`)).status, role).toBe(want);
          expect((await client.post(`/api/users/${target.id}/reset-totp`)).status, role).toBe(want);
          expect((await client.get('/api/tokens')).status, role).toBe(200);
          expect((await client.get('/api/auth/me')).body.user.role).toBe(role);
        }
        const names = await server.db.selectFrom('users').select('name').where('id', '=', target.id).execute();
        expect(names).toEqual([{ name: 'by admin' }]);
      });

      it('answers 401 to anonymous callers on every account route', async () => {
        // Paths as /api/docs names them; a {param} is sent as `x`. Every route of the account areas
        // must be listed (checked below), so a new one cannot be left out; every route of the server is
        // covered by access-matrix.api.test.ts, from the server's own route table.
        const calls: [string, string, unknown?][] = [
          ['GET', '/api/auth/me'],
          ['PATCH', '/api/auth/me', { name: 'x' }],
          ['POST', '/api/auth/password', { current_password: 'x', new_password: 'y' }],
          ['POST', '/api/auth/logout'],
          ['POST', '/api/auth/logout-all'],
          ['POST', '/api/auth/totp/enroll'],
          ['POST', '/api/auth/totp/confirm', { code: '123456' }],
          ['POST', '/api/auth/totp/verify', { code: '123456' }],
          ['GET', '/api/auth/sessions'],
          ['DELETE', '/api/auth/sessions/{id}'],
          ['GET', '/api/users'],
          ['POST', '/api/users', { email: 'a@b.se', name: 'A', role: 'staff' }],
          ['PATCH', '/api/users/{id}', { name: 'x' }],
          ['POST', '/api/users/{id}/invitation'],
          ['POST', '/api/users/{id}/invitation/sms'],
          ['POST', '/api/users/{id}/unlock'],
          ['POST', '/api/users/{id}/revoke-sessions'],
          ['POST', '/api/users/{id}/reset-totp'],
          ['GET', '/api/tokens'],
          ['POST', '/api/tokens', { name: 'x' }],
          ['DELETE', '/api/tokens/{id}'],
          ['GET', '/api/audit'],
        ];
        const ANONYMOUS = new Set(['POST /api/auth/login']);
        const admin = await signIn(server, { role: 'admin' });
        const docs = await admin.get('/api/docs/json');
        expect(docs.status).toBe(200);
        const documented = operationsOf(docs.body)
          .map((op) => `${op.method} ${op.path}`)
          .filter((op) => /^\S+ \/api\/(auth|users|tokens|audit)(\/|$)/.test(op) && !ANONYMOUS.has(op));
        expect(documented.length).toBeGreaterThanOrEqual(calls.length);
        expect(calls.map(([m, p]) => `${m} ${p}`).sort()).toEqual(documented.sort());

        const anon = anonymous(server);
        for (const [method, route, body] of calls) {
          const url = route.replace(/\{[^}]+\}/g, 'x');
          const init: RequestInit =
            body === undefined
              ? { method }
              : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
          const res = await anon.raw(url, init);
          expect(res.status, `${method} ${route}`).toBe(401);
          expect(res.body.error.code, `${method} ${route}`).toBe('unauthenticated');
        }
      });

      it('names the field of a malformed body', async () => {
        const admin = await signIn(server, { role: 'admin' });
        const anon = anonymous(server);
        const cases: [Promise<{ status: number; body: Record<string, { field?: string }> }>, string][] = [
          [anon.post('/api/auth/login', { email: 'not-an-email', password: 'x' }), 'email'],
          [anon.post('/api/auth/login', { email: 'a@b.se' }), 'password'],
          [admin.post('/api/users', { email: 'a@b.se', name: 'A', role: 'king' }), 'role'],
          [admin.post('/api/users', { email: 'a@b.se', name: 'A', role: 'staff', colour: 'red' }), 'colour'],
          [admin.patch('/api/users/whatever', { disabled: 'perhaps' }), 'disabled'],
          [admin.patch('/api/auth/me', { locale: 'de' }), 'locale'],
          [admin.post('/api/tokens', { name: '' }), 'name'],
          [admin.get('/api/audit?limit=0'), 'querystring.limit'],
        ];
        for (const [call, field] of cases) {
          const res = await call;
          expect(res.status, field).toBe(400);
          expect(res.body.error?.field, field).toBe(field);
        }
        const bad = await anon.raw('/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"email":',
        });
        expect(bad.status).toBe(400);
        expect((await admin.patch('/api/users/nobody', { name: 'x' })).status).toBe(404);

        // A cross-site form cannot log anyone in: only JSON bodies are read.
        const user = await createUser(server, { role: 'staff' });
        for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
          const res = await anon.raw('/api/auth/login', {
            method: 'POST',
            headers: { 'content-type': type },
            body:
              type === 'text/plain'
                ? JSON.stringify({ email: user.email, password: user.password })
                : `email=${user.email}&password=${user.password}`,
          });
          expect(res.status, type).toBeGreaterThanOrEqual(400);
          expect(res.status, type).toBeLessThan(500);
          expect(sessionCookieOf(res.headers), type).toBeNull();
        }
      });

      it('lists the audit trail newest first with a limit, and stores no secrets', async () => {
        const admin = await signIn(server, { role: 'admin' });
        const made = await admin.post('/api/users', { email: 'secret-test@example.se', name: 'S', role: 'staff' });
        const token = String(made.body.invitation_url).split('#')[1] ?? '';
        server.clock.advance(1000);
        const tok = await admin.post('/api/tokens', { name: 'x' });
        const res = await admin.get('/api/audit?limit=3');
        expect(res.status).toBe(200);
        expect(res.body.events).toHaveLength(3);
        expect(res.body.events[0].action).toBe('token_created');
        const all = await server.db.selectFrom('audit_events').selectAll().execute();
        const text = JSON.stringify(all);
        expect(text).not.toContain(token);
        expect(text).not.toContain(String(tok.body.token));
        expect(text).not.toContain('password-');
      });
    });

    describe('secure cookies', () => {
      let server: TestServer;
      beforeAll(async () => {
        server = await startTestServer(dialect, { publicUrl: 'https://lifeboat.example.se' });
      });
      afterAll(async () => server?.close());

      it('marks the cookie Secure when PUBLIC_URL is https', async () => {
        const user = await createUser(server, { role: 'staff' });
        const res = await anonymous(server).post('/api/auth/login', { email: user.email, password: user.password });
        const line = res.headers.getSetCookie().find((l) => l.startsWith('lifeboat_session=')) ?? '';
        expect(line).toMatch(/; Secure/i);
      });
    });
  });
}
