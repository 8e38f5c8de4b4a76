// Subscriptions in Chromium. A resident, with JavaScript off, subscribes (a wrong address first), opens the
// confirmation link from the queued e-mail and confirms with the button, then unsubscribes with the link
// every e-mail carries; each page has one h1 and its language, and axe finds nothing. A communicator adds a
// partner's webhook, sees its secret once, sends a test, gives it a new key and removes it.
import { expect, it } from 'vitest';
import { unsubscribeUrl } from '../../src/server/subscriptions/subscriptions.service.js';
import { createUserWithPassword } from '../../src/server/users/users.service.js';
import { LoginPage } from './pages/login-page.js';
import { SubscribePage, TokenPage, WebhooksPage } from './pages/subscribe-pages.js';
import { describeBrowser } from './support/harness.js';

const PASSWORD = 'a long test password 42';

describeBrowser('subscriptions', (e2e) => {
  // The same walk twice: with JavaScript off, to show that plain forms do it all; then with it on, only so
  // that axe can run (axe needs timers, which a page without script never fires; the pages have no script
  // either way, and their CSP allows none).
  for (const javaScriptEnabled of [false, true]) {
    it(`lets a resident subscribe, confirm and unsubscribe (JavaScript ${javaScriptEnabled ? 'on, axe' : 'off'})`, async () => {
      const env = e2e();
      const email = javaScriptEnabled ? 'elsa@example.se' : 'erik@example.se';
      const page = await env.newPage({ javaScriptEnabled });
      const a11y = async (model: { checkA11y(label: string): Promise<unknown> }, label: string) => {
        if (javaScriptEnabled) await model.checkA11y(label);
      };
      const form = await new SubscribePage(page, env).goto();
      expect(await form.lang()).toBe('sv');
      expect(await form.h1Count()).toBe(1);
      await a11y(form, 'the subscribe form');

      // The browser takes `namn@exempel` as an address (no dot needed); the server does not.
      await form.subscribe('namn@exempel', 'English');
      expect(await form.error().textContent()).toContain('Skriv en e-postadress');
      await a11y(form, 'the subscribe form with an error');

      expect(await form.subscribe(email, 'English')).toBe('Titta i din e-post');
      expect(await form.h1Count()).toBe(1);
      await a11y(form, 'the answer: check your e-mail');

      const mail = await env.db
        .selectFrom('outgoing')
        .select('body')
        .where('recipient', '=', email)
        .executeTakeFirstOrThrow();
      const link = /https?:\/\/\S+(\/subscribe\/confirm\?\S+)/.exec(mail.body)?.[1];
      expect(link).toMatch(/lang=en$/);
      const confirm = await new TokenPage(page, env).goto(link);
      expect(await confirm.headingText()).toBe('Confirm your subscription');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await a11y(confirm, 'the confirm page');
      expect(await confirm.press(/^Yes, send me updates$/)).toBe('You are now subscribed');
      await a11y(confirm, 'confirmed');
      const row = await env.db
        .selectFrom('subscriptions')
        .select(['id', 'state'])
        .where('address', '=', email)
        .executeTakeFirstOrThrow();
      expect(row.state).toBe('active');

      const unsubscribe = new URL(unsubscribeUrl(env.config, row.id, 'en'));
      const leave = await new TokenPage(page, env).goto(`${unsubscribe.pathname}${unsubscribe.search}`);
      expect(await leave.headingText()).toBe('Unsubscribe');
      await a11y(leave, 'the unsubscribe page');
      expect(await leave.press(/^Unsubscribe$/)).toBe('You are no longer subscribed');
      await a11y(leave, 'unsubscribed');
      const left = await env.db
        .selectFrom('subscriptions')
        .select('id')
        .where('address', '=', email)
        .executeTakeFirst();
      expect(left).toBeUndefined();

      const english = await new SubscribePage(page, env).goto('/subscribe?lang=en');
      expect(await english.lang()).toBe('en');
      expect(await english.headingText()).toBe('Get updates by e-mail');
      await a11y(english, 'the subscribe form in English');
      if (!javaScriptEnabled) env.assertNoConsoleErrors(page);
    });
  }

  it("lets a communicator manage partners' webhooks, showing each secret once", async () => {
    const env = e2e();
    let n = 0;
    const deps = { clock: env.deps.clock, ids: () => `subs-e2e-${++n}`, config: env.config };
    await env.db.transaction().execute((trx) =>
      createUserWithPassword(trx, deps, {
        email: 'cleo@subs.test',
        name: 'Cleo Communicator',
        role: 'communicator',
        password: PASSWORD,
      }),
    );
    const page = await env.newPage();
    await (await new LoginPage(page, env).goto()).logIn('cleo@subs.test', PASSWORD);
    const hooks = await new WebhooksPage(page, env).goto();
    await hooks.checkA11y('the webhooks page, empty');
    // The error says what to do, not only the field's name.
    expect(await hooks.addWithoutName('https://granne.example/hook')).toBe('Fyll i Namn.');

    const secret = await hooks.add('Grannkommunen', 'https://granne.example/hook');
    expect(secret).toMatch(/^whsec_/);
    await hooks.checkA11y('the webhooks page with a secret shown');
    await hooks.secretCopied();
    expect(await page.getByText(secret).count()).toBe(0);
    await hooks.row('Grannkommunen').waitFor();

    await hooks.test('Grannkommunen');
    const queued = await env.db
      .selectFrom('outgoing')
      .select(['channel', 'purpose', 'recipient'])
      .where('purpose', '=', 'test')
      .execute();
    expect(queued).toEqual([{ channel: 'webhook', purpose: 'test', recipient: 'https://granne.example/hook' }]);

    const second = await hooks.rotate('Grannkommunen');
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(secret);
    await hooks.secretCopied();
    await hooks.remove('Grannkommunen');
    await hooks.checkA11y('the webhooks page after removing');
  });
});
