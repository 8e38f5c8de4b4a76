// Invitations that reach people, in Chromium at 1440×900 and at 390×844: with a long list of users the
// add form is far below the top of the page, yet after "add and create link" the one-time link is in
// view with its field focused, it names PUBLIC_URL, and its copy button puts it on the clipboard and
// says so (under the app's strict CSP). The same for a new link made from a user's row. axe checks each.
import { expect, it } from 'vitest';
import { createUserWithInvitation } from '../../src/server/users/users.service.js';
import { InvitationLinkPanel, inView } from './pages/invitation-link.js';
import { SetupPage } from './pages/setup-page.js';
import { UsersPage } from './pages/users-page.js';
import { describeBrowser } from './support/harness.js';

const PASSWORD = 'a long test password 42';
const PUBLIC_URL = 'http://192.168.1.20:8080';

describeBrowser('invitations: the one-time link where the administrator is', (e2e) => {
  it('shows each new link in view, focused and copyable, on a laptop and on a phone', async () => {
    const env = e2e();
    const page = await env.newPage({
      viewport: { width: 1440, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const enrol = await (await new SetupPage(page, env).open(await env.setupLink())).createAdmin({
      email: 'admin@exempelstad.test',
      name: 'Ada Admin',
      password: PASSWORD,
    });
    await (await enrol.confirm(env.totpCode(await enrol.secret()))).done();

    // A staff of thirty: the add form and most rows are well below the first screen.
    for (let i = 1; i <= 30; i++) {
      await env.db
        .transaction()
        .execute((trx) =>
          createUserWithInvitation(
            trx,
            env.deps,
            { email: `person${i}@exempelstad.test`, name: `Person ${String(i).padStart(2, '0')}`, role: 'observer' },
            null,
          ),
        );
    }
    // Links name the public address, not the one the browser happens to use.
    const localUrl = env.config.publicUrl;
    env.config.publicUrl = PUBLIC_URL;
    try {
      const users = await new UsersPage(page, env).goto();
      await users.checkA11y('the users page with thirty users');
      const addButton = users.addForm().getByRole('button', { name: 'Lägg till och skapa länk' });
      await addButton.scrollIntoViewIfNeeded();

      await users.addUser({ email: 'anna@exempelstad.test', name: 'Anna Andersson', role: 'staff' });
      const anna = new InvitationLinkPanel(page, 'Anna Andersson');
      await anna.waitUntilFocused();
      const annaInView = await anna.fieldInView();
      expect(annaInView, 'the link field at 1440×900').toMatchObject({ fully: true });
      expect(await inView(anna.region().getByRole('heading')), 'its heading').toMatchObject({ fully: true });
      // The button the administrator pressed is now out of view: the page did move to the link.
      expect((await inView(addButton)).fully).toBe(false);
      const link = await anna.link();
      expect(link).toMatch(new RegExp(`^${PUBLIC_URL.replace(/\./g, '\\.')}/app/invite#[A-Z2-9-]+$`));
      expect(await anna.copy()).toBe(link);
      await users.checkA11y('the users page with a new one-time link, copied');

      // On a phone: a new link from a user's row far down the list.
      await page.setViewportSize({ width: 390, height: 844 });
      const row = users.row('Person 29');
      const newLink = row.getByRole('button', { name: 'Ny länk till Person 29', exact: true });
      await newLink.scrollIntoViewIfNeeded();
      await newLink.click();
      const person = new InvitationLinkPanel(page, 'Person 29');
      await person.region().waitFor({ state: 'visible' });
      await person.waitUntilFocused();
      expect(await person.fieldInView(), 'the link field at 390×844').toMatchObject({ fully: true });
      expect(await person.link()).toMatch(new RegExp(`^${PUBLIC_URL.replace(/\./g, '\\.')}/app/invite#`));
      expect(await person.copy()).toBe(await person.link());
      await users.checkA11y('the users page on a phone with a new link');

      // And adding a user on the phone, from the form at the foot of the page.
      await addButton.scrollIntoViewIfNeeded();
      await users.addUser({ email: 'bo@exempelstad.test', name: 'Bo Berg', role: 'recovery' });
      const bo = new InvitationLinkPanel(page, 'Bo Berg');
      await bo.waitUntilFocused();
      expect(await bo.fieldInView(), 'the link field after adding at 390×844').toMatchObject({ fully: true });
      await users.checkA11y('the users page on a phone after adding a user');
    } finally {
      env.config.publicUrl = localUrl;
    }
  });
});
