// The account page in Chromium: a user signed in from two browsers sees both sessions, ends the other
// one (whose next request is refused), and creates a read-only API token that can read but not write.
import { beforeAll, expect, it } from 'vitest';
import { createUserWithPassword } from '../../src/server/users/users.service.js';
import { AccountPage } from './pages/account-page.js';
import { LoginPage } from './pages/login-page.js';
import { UsersPage } from './pages/users-page.js';
import { describeBrowser } from './support/harness.js';
import { WAIT_MS } from './support/page-model.js';

const PASSWORD = 'a long test password 42';
const EMAIL = 'olle@account.test';

describeBrowser('account: own sessions and API tokens', (e2e) => {
  beforeAll(async () => {
    const env = e2e();
    await env.db.transaction().execute((trx) =>
      createUserWithPassword(trx, env.deps, {
        email: EMAIL,
        name: 'Olle Observer',
        role: 'observer',
        password: PASSWORD,
      }),
    );
  });

  it('lists both sessions, ends the other one and makes a read-only token', async () => {
    const env = e2e();
    const other = await env.newPage();
    await (await new LoginPage(other, env).goto()).logIn(EMAIL, PASSWORD);
    const page = await env.newPage();
    await (await new LoginPage(page, env).goto()).logIn(EMAIL, PASSWORD);

    const account = await new AccountPage(page, env).goto();
    // The list loads after the heading and reloads after the confirmation: wait for the rows, not a moment.
    await expect.poll(() => account.sessionRows().count(), { timeout: WAIT_MS }).toBe(2);
    await account.checkA11y('the account page with two sessions');
    await account.endOtherSession();
    await expect.poll(() => account.sessionRows().count(), { timeout: WAIT_MS }).toBe(1);
    const refused = await fetch(`${env.baseUrl}/api/auth/me`, {
      headers: { cookie: (await other.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(refused.status).toBe(401);

    const token = await account.createToken({ name: 'läsare', readOnly: true, days: 30 });
    expect(await account.tokenAccess('läsare')).toBe('Läsa');
    await account.checkA11y('the account page with a new read-only token');
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    expect((await fetch(`${env.baseUrl}/api/auth/me`, { headers: auth })).status).toBe(200);
    const write = await fetch(`${env.baseUrl}/api/auth/logout`, { method: 'POST', headers: auth, body: '{}' });
    expect(write.status).toBe(403);
  });
});

describeBrowser(
  'account: an administrator lifts a lock',
  (e2e) => {
    beforeAll(async () => {
      const env = e2e();
      for (const [email, name, role] of [
        ['chief@unlock.test', 'Chefen', 'admin'],
        ['rut@unlock.test', 'Rut Låst', 'observer'],
      ] as const) {
        await env.db
          .transaction()
          .execute((trx) => createUserWithPassword(trx, env.deps, { email, name, role, password: PASSWORD }));
      }
    });

    it('unlocks a user locked out by wrong passwords', async () => {
      const env = e2e();
      const attempt = (password: string) =>
        fetch(`${env.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'rut@unlock.test', password }),
        });
      for (let i = 0; i < 5; i++) expect((await attempt('not the password')).status).toBe(401);
      expect((await attempt(PASSWORD)).status).toBe(429);

      const page = await env.newPage();
      const overview = await (await new LoginPage(page, env).goto()).logIn('chief@unlock.test', PASSWORD);
      await overview.navLink('Användare').click();
      const users = await new UsersPage(page, env).ready();
      await users.unlock('Rut Låst');
      await users.checkA11y('the users page after an unlock');
      expect((await attempt(PASSWORD)).status).toBe(200);
    });
  },
  { totpRequiredFor: [] },
);
