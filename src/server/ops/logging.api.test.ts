/**
 * The server's log holds no secret and no personal data beyond an audit's needs (issue 12, part 4): the log
 * of a sign-in, an invitation link's use and a subscription's confirmation, at the most talkative level and
 * with a line per request, has no password, token, cookie, Idempotency-Key or e-mail address in it.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, clientFromSession, signIn } from '../../../test/support/auth.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { loggerOptions } from './logging.js';

const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams: []
units:
  - { id: it, name: IT, kind: office }
systems: []
`;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

for (const dialect of DIALECTS) {
  describe(`${dialect}: what the log keeps`, () => {
    let server: TestServer;
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    beforeAll(async () => {
      server = await startTestServer(dialect, {}, { logger: loggerOptions('trace', stream), logRequests: true });
    });
    afterAll(async () => server.close());

    it('logs a sign-in, an invitation link and a subscription confirmation without a secret or an address', async () => {
      const secrets: string[] = [];
      const admin = await signIn(server, { role: 'admin' });
      secrets.push(admin.cookie ?? '');
      expect(
        (await admin.post('/api/catalogue/import?replace=true', { file_name: 'c.yaml', content: CATALOGUE })).status,
      ).toBe(200);

      // An invitation, used through its link.
      const invited = await admin.post('/api/users', {
        email: 'Greta.Invited@example.org',
        name: 'Greta',
        role: 'staff',
      });
      expect(invited.status, JSON.stringify(invited.body)).toBe(200);
      const token = String(invited.body.invitation_url).split('#')[1] ?? '';
      expect(token.length).toBeGreaterThan(10);
      secrets.push(token);
      const password = 'a brand new password for greta';
      secrets.push(password);
      const seen = await anonymous(server).post('/api/invitations/inspect', { token });
      expect(seen.status).toBe(200);
      const accepted = await anonymous(server).post('/api/invitations/accept', { token, password });
      expect(accepted.status).toBe(200);
      secrets.push(clientFromSession(server, accepted).cookie ?? '');

      // A sign-in with the new password, and a failed one.
      const login = await anonymous(server).post('/api/auth/login', { email: 'greta.invited@example.org', password });
      expect(login.status).toBe(200);
      const wrong = await anonymous(server).post('/api/auth/login', {
        email: 'greta.invited@example.org',
        password: 'not-the-password-at-all',
      });
      expect(wrong.status).toBe(401);
      secrets.push('not-the-password-at-all');

      // A subscription, confirmed by the token in its link (in the query string, as a mail client opens it).
      const key = 'idem-key-5b3e0c6c-7f1e';
      secrets.push(key);
      const subscribe = await fetch(`${server.url}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
        body: new URLSearchParams({ email: 'resident.person@example.net', lang: 'sv' }).toString(),
      });
      expect(subscribe.status).toBe(200);
      const mail = await server.db
        .selectFrom('outgoing')
        .select('body')
        .where('recipient', '=', 'resident.person@example.net')
        .executeTakeFirstOrThrow();
      const confirm = /\/subscribe\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] ?? '';
      expect(confirm.length).toBeGreaterThan(10);
      secrets.push(confirm);
      expect((await fetch(`${server.url}/subscribe/confirm?token=${confirm}`)).status).toBe(200);
      const confirmed = await fetch(`${server.url}/subscribe/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: confirm }).toString(),
      });
      expect(confirmed.status).toBe(200);
      // An address in a URL, as a scanner or a mistyped link sends it.
      await fetch(`${server.url}/api/users?email=someone.else@example.com`);

      const log = lines.join('\n');
      // The requests are there, as patterns with their status and time.
      const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
      expect(requests.length).toBeGreaterThan(8);
      expect(requests).toContainEqual(
        expect.objectContaining({ method: 'GET', route: '/subscribe/confirm', status: 200, reqId: expect.any(String) }),
      );
      expect(requests).toContainEqual(
        expect.objectContaining({ method: 'POST', route: '/api/users', status: 200, user_id: expect.any(String) }),
      );
      for (const r of requests) expect(Object.keys(r).sort()).not.toContain('url');
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThan(5);
        expect(log.includes(secret), `a secret (${secret.slice(0, 4)}…) is in the log`).toBe(false);
      }
      expect(log).not.toMatch(EMAIL);
      expect(log.toLowerCase()).not.toContain('password');
      expect(log.toLowerCase()).not.toContain('cookie');
    });
  });
}
