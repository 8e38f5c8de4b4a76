// User administration in Chromium: the first administrator (with TOTP, as in production) adds an
// observer, changes it to staff and finds that change at the top of the audit log in Swedish time; then
// the role form's errors: demoting the last administrator, a reporter without an office. axe checks each page.
import { expect, it } from 'vitest';
import { auditChainHead, listAuditEvents } from '../../src/store/audit/audit.repository.js';
import { SetupPage } from './pages/setup-page.js';
import { UsersPage } from './pages/users-page.js';
import { describeBrowser } from './support/harness.js';

const PASSWORD = 'a long test password 42';
const ADMIN = { email: 'admin@exempelstad.test', name: 'Ada Admin' };
const OLLE = { email: 'olle@exempelstad.test', name: 'Olle Observatör' };

describeBrowser('users: roles and the audit log', (e2e) => {
  it('an administrator adds a user, changes its role from observer to staff and sees it in the audit log', async () => {
    const env = e2e();
    const page = await env.newPage();
    const enrol = await (await new SetupPage(page, env).open(await env.setupLink())).createAdmin({
      ...ADMIN,
      password: PASSWORD,
    });
    const recovery = await enrol.confirm(env.totpCode(await enrol.secret()));
    const overview = await recovery.done();
    expect(await overview.navLinkNames()).toEqual(expect.arrayContaining(['Användare', 'Granskningslogg']));

    await overview.navLink('Användare').click();
    const users = await new UsersPage(page, env).ready();
    await users.checkA11y('the users page');

    await users.addUser({ ...OLLE, role: 'observer' });
    expect(await users.roleOf(OLLE.name)).toBe('Observatör');
    await users.checkA11y('the users page with a new one-time link');

    await users.changeRole(OLLE.name, 'staff');
    expect(await users.roleOf(OLLE.name)).toBe('Krisstab');
    expect(await users.roleForm(OLLE.name).count()).toBe(0);
    await users.checkA11y('the users page after a role change');

    const audit = await users.toAuditLog();
    await audit.checkA11y('the audit log');
    const rows = await audit.rows();
    const [newest] = rows;
    expect(newest).toMatchObject({
      who: ADMIN.email,
      action: 'Roll ändrad',
      subject: OLLE.email,
      detail: 'från Observatör till Krisstab',
    });
    // One role change, and the new user's creation is there with its actor.
    expect(rows.filter((r) => r.action === 'Roll ändrad')).toHaveLength(1);
    expect(rows).toContainEqual(
      expect.objectContaining({ who: ADMIN.email, action: 'Användare tillagd', subject: OLLE.email }),
    );

    // The time is the event's, in Europe/Stockholm (an hour or two ahead of UTC, never equal to it).
    const [stored] = (await listAuditEvents(env.db, { limit: 1 })).events;
    expect(stored?.action).toBe('user_role_changed');
    const format = (timeZone: string) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(stored?.at ?? ''),
      );
    expect(newest?.when).toBe(format('Europe/Stockholm'));
    expect(newest?.when).not.toBe(format('UTC'));

    // The client address is shown, and the chain's head is the one stored.
    expect(newest?.ip).toBe('127.0.0.1');
    expect(await audit.headHash()).toBe((await auditChainHead(env.db)).hash);

    // Filters: by event, by who (the e-mail of the actor) and by time in Swedish time; then cleared.
    const roleChanges = await audit.filter({ action: 'Roll ändrad' });
    expect(roleChanges.map((r) => r.action)).toEqual(['Roll ändrad']);
    await audit.checkA11y('the audit log filtered by event');
    const nobody = await audit.filter({ action: 'Alla händelser', actor: 'nobody@exempelstad.test' });
    expect(nobody).toEqual([]);
    const all = await audit.clearFilters();
    expect(all.length).toBe(rows.length);
    const wallClock = (ms: number) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' })
        .format(new Date(Date.parse(stored?.at ?? '') + ms))
        .replace(' ', 'T');
    expect(await audit.filter({ actor: ADMIN.email, from: wallClock(60_000) })).toEqual([]);
    const around = await audit.filter({ from: wallClock(-60_000), to: wallClock(60_000) });
    expect(around.map((r) => r.action)).toContain('Roll ändrad');
    await audit.clearFilters();

    // In English too: the same page, its filters and columns named in English, and still accessible.
    await audit.switchLanguage('sv', true);
    await audit.filters().getByLabel('Who or address').waitFor();
    expect(await audit.table().getByRole('columnheader', { name: 'Address' }).count()).toBe(1);
    await audit.checkA11y('the audit log in English');
    await audit.switchLanguage('en', true);

    // Errors come last: Chromium logs every 4xx as a console error, and a page's log cannot be cleared.
    await audit.navLink('Användare').click();
    await users.ready();
    // The only administrator cannot demote itself: the API's 409 shows beside the role, nothing changes.
    await users.saveRole(ADMIN.name, 'staff');
    expect(await users.fieldError(ADMIN.name, 'Roll')).toContain('sista administratören');
    expect(await users.roleOf(ADMIN.name)).toBe('Administratör');
    await env.checkA11y(page, 'the role form with an error from the API');
    expect(env.problems(page).map((p) => p.text)).toEqual([
      expect.stringMatching(/status of 409 \(Conflict\).*\/api\/users\//),
    ]);
    const after = (await listAuditEvents(env.db, { limit: 1000 })).events;
    expect(after.filter((e) => e.action === 'user_role_changed')).toHaveLength(1);

    // A reporter needs an office or company: said beside that field, before anything is sent.
    await users.saveRole(OLLE.name, 'reporter');
    expect(await users.fieldError(OLLE.name, 'Kontor eller bolag')).toContain(
      'Välj kontor eller bolag för en rapportör.',
    );
    expect(await users.roleOf(OLLE.name)).toBe('Krisstab');
    await env.checkA11y(page, 'the role form with an error found in the browser');
    expect(env.problems(page)).toHaveLength(1);
  });
});
