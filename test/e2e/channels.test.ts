// The outgoing channels page in Chromium, on the demo municipality (no channel configured): the administrator
// sees each channel's state and the seeded queue, a bad number is refused at its field, a test e-mail is queued
// and appears waiting; "retry now" puts the failed SMS back; a new user's link is sent by SMS. axe checks each view,
// at 1440×900 and 390×844.
import { beforeAll, expect, it } from 'vitest';
import { type DemoAccount, seedDemo } from '../../src/server/demo/demo.service.js';
import { ChannelsPage } from './pages/channels-page.js';
import { logIn } from './pages/forecast-pages.js';
import { InvitationLinkPanel } from './pages/invitation-link.js';
import { UsersPage } from './pages/users-page.js';
import { describeBrowser } from './support/harness.js';

describeBrowser(
  'the outgoing channels',
  (e2e) => {
    let admin: DemoAccount;
    beforeAll(async () => {
      const accounts = await seedDemo(e2e().db, e2e().deps);
      const found = accounts.find((a) => a.role === 'admin');
      if (!found) throw new Error('no demo admin');
      admin = found;
    });

    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      it(`the administrator tests a channel and retries a failed message (${viewport.width} px)`, async () => {
        const env = e2e();
        const page = await env.newPage({ viewport });
        await logIn(page, env.baseUrl, admin.email, admin.password);
        const channels = await new ChannelsPage(page, env).goto();
        await channels.checkA11y(`the channels page at ${viewport.width}`);
        expect(
          await channels
            .card(/^E-post/)
            .getByText('Inte inställd')
            .count(),
        ).toBe(1);
        expect(
          await channels
            .card(/^Webhook/)
            .getByText('Inställd', { exact: true })
            .count(),
        ).toBe(1);
        expect(
          await channels
            .card(/^SMS/)
            .getByText(/answered 401/)
            .count(),
        ).toBe(1);

        await channels.testSend(/^Mobilnummer för test/, /^Skicka test med SMS$/, '070-123 45 67');
        await page.getByText('Ange mobilnumret med landskod, t.ex. +46701234567.').waitFor();
        await channels.checkA11y(`the channels page with a field error at ${viewport.width}`);

        const address = `prov-${viewport.width}@demo.sjovik.se`;
        await channels.testSend(/^E-postadress för test/, /^Skicka test med e-post$/, address);
        await page.getByText(`Testet ligger i kön till ${address}.`).waitFor();
        await expect.poll(() => channels.row(address).count()).toBe(1);
        expect(await channels.row(address).getByText('Väntar').count()).toBe(1);

        // The seeded failed SMS is put back once, in the first run (the second finds it waiting).
        if (viewport.width === 1440) {
          const failed = channels.row('+46701234567');
          expect(await failed.getByText('Misslyckat').count()).toBe(1);
          await failed.getByRole('button', { name: /^Försök igen nu/ }).click();
          await page.getByText('Meddelandet ligger i kön igen.').waitFor();
          await expect.poll(() => channels.row('+46701234567').getByText('Väntar').count()).toBe(1);
        }
        await channels.checkA11y(`the channels page after the actions at ${viewport.width}`);

        // A new user's link goes by SMS from the panel that shows it; the queue then holds it, link unseen.
        const name = `Sms Mottagare ${viewport.width}`;
        const users = await new UsersPage(page, env).goto();
        await users.addUser({ email: `sms-${viewport.width}@demo.sjovik.se`, name, role: 'observer' });
        const panel = new InvitationLinkPanel(page, name);
        const link = await panel.link();
        const form = page.getByRole('form', { name: 'Skicka länken med SMS' });
        await form.getByLabel(/^Mobilnummer med landskod/).fill('070 123');
        await form.getByRole('button', { name: 'Skicka med SMS' }).click();
        await form.getByText('Ange mobilnumret med landskod, t.ex. +46701234567.').waitFor();
        const phone = `+4670555${String(viewport.width).padStart(4, '0')}`;
        await form.getByLabel(/^Mobilnummer med landskod/).fill(phone);
        await form.getByRole('button', { name: 'Skicka med SMS' }).click();
        await form.getByText(`Länken ligger i kön för SMS till ${phone}.`, { exact: false }).waitFor();
        await users.checkA11y(`the invitation link sent by SMS at ${viewport.width}`);
        const after = await new ChannelsPage(page, env).goto();
        await after.row(phone).waitFor();
        expect(await after.row(phone).getByText('Inbjudan').count()).toBe(1);
        expect(await page.content()).not.toContain(link.split('#')[1]);
      });
    }
  },
  { totpRequiredFor: [] },
);
