// The decision log in Chromium, on the demo municipality: the crisis staff reads the seeded decisions (one
// corrected), records a decision for the finance system, corrects it, and sees the head hash the store keeps;
// an observer reads but gets no form. At 1440×900 and 390×844, nothing sticks out sideways. axe checks each view.
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoAccount, seedDemo } from '../../src/server/demo/demo.service.js';
import { decisionsHead, listDecisionRecords } from '../../src/store/decisions/decisions.repository.js';
import { DecisionsPage } from './pages/decisions-page.js';
import { logIn } from './pages/forecast-pages.js';
import { describeBrowser } from './support/harness.js';

describeBrowser(
  'the decision log',
  (e2e) => {
    let accounts: DemoAccount[];
    beforeAll(async () => {
      accounts = await seedDemo(e2e().db, e2e().deps);
    });
    const account = (role: string) => {
      const found = accounts.find((a) => a.role === role);
      if (!found) throw new Error(`no demo ${role}`);
      return found;
    };

    it('the crisis staff records a decision and corrects it; the corrected entry is marked and linked', async () => {
      const env = e2e();
      const page = await env.newPage();
      const staff = account('staff');
      await logIn(page, env.baseUrl, staff.email, staff.password);
      const log = await new DecisionsPage(page, env).goto();
      await log.checkA11y('the decision log');
      expect(await log.entryTitles()).toHaveLength(4);
      expect(await log.entry(2).getByText('Rättat', { exact: true }).count()).toBe(1);
      expect(await log.entry(3).getByRole('link', { name: 'Rättelse av beslut 2' }).count()).toBe(1);

      const form = await log.openForm();
      // The decision-maker defaults to the user's name.
      expect(await form.getByLabel('Beslutat av').inputValue()).toBe('Stina Stabschef');
      await log.checkA11y('the decision log with its form open');
      await log.record({
        decision: 'Lönekörningen görs manuellt hos banken',
        basis: 'Lönesystemet är inte åter före den 25:e',
        decidedBy: 'Kommundirektör Eva Lind',
        mandate: 'Delegation från kommunstyrelsen §12',
        systems: ['Ekonomisystem'],
      });
      await log.entry(5).waitFor({ state: 'visible' });
      expect(await log.entry(5).getByRole('link', { name: 'Ekonomisystem' }).count()).toBe(1);

      const correction = await log.startCorrection(5);
      expect(await correction.getByLabel('Beslut', { exact: true }).inputValue()).toBe(
        'Lönekörningen görs manuellt hos banken',
      );
      await log.checkA11y('the decision log correcting an entry');
      await log.record({ decision: 'Lönekörningen görs manuellt hos banken den 22:e' });
      await log.entry(6).waitFor({ state: 'visible' });
      expect(await log.entry(5).getByText('Rättat', { exact: true }).count()).toBe(1);
      expect(await log.entry(6).getByRole('link', { name: 'Rättelse av beslut 5' }).count()).toBe(1);

      const stored = await listDecisionRecords(env.db);
      expect(stored.at(-1)?.corrects).toBe(stored.at(-2)?.id);
      expect(await log.headHash()).toBe((await decisionsHead(env.db)).hash);
    });

    it('an observer reads the log without a form', async () => {
      const env = e2e();
      const page = await env.newPage();
      const observer = account('observer');
      await logIn(page, env.baseUrl, observer.email, observer.password);
      const log = await new DecisionsPage(page, env).goto();
      await log.checkA11y('the decision log, read only');
      expect(await page.getByText('Din roll får läsa men inte registrera beslut.').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Registrera ett beslut' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Rätta beslut/ }).count()).toBe(0);
    });

    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      describe(`at ${viewport.width}×${viewport.height}`, () => {
        it('has nothing wider than the screen, and prints without the form or the menu', async () => {
          const env = e2e();
          const page = await env.newPage({ viewport });
          const staff = account('staff');
          await logIn(page, env.baseUrl, staff.email, staff.password);
          const log = await new DecisionsPage(page, env).goto();
          await log.checkA11y(`the decision log at ${viewport.width}`);
          expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
          await page.emulateMedia({ media: 'print' });
          expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).toBe(false);
          expect(await page.getByRole('button', { name: 'Registrera ett beslut' }).isVisible()).toBe(false);
          // The whole head hash is on the paper.
          const head = (await decisionsHead(env.db)).hash;
          expect(await page.getByText(head, { exact: true }).isVisible()).toBe(true);
          await page.emulateMedia({ media: 'screen' });
        });
      });
    }
  },
  { totpRequiredFor: [] },
);
