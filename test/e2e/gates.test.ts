// A system's security gates and status on its page, as the crisis staff's account (no TOTP in this suite):
// a skip to "I drift" is refused naming the gates left; the gates are passed and waived with evidence and a
// reason; then the system goes to "I drift". axe checks the page at each step.
import { beforeAll, expect, it } from 'vitest';
import { SystemGatesPage } from './pages/gates-page.js';
import { PlanLoginPage } from './pages/plan-page.js';
import { describeBrowser } from './support/harness.js';
import { seedCatalogue, seedUser } from './support/seed.js';

const PASSWORD = 'a long test password 42';
const CATALOGUE = `version: 1
organisation: { name: Provstad kommun, locale: sv, timezone: Europe/Stockholm }
teams:
  - { id: infra, name: Infra, capacity: 1 }
units:
  - { id: it, name: IT, kind: office }
systems:
  - { id: net, name: Nät, kind: infrastructure, owner: it, team: infra, gates: [], status: operational }
  - { id: ad, name: AD, kind: infrastructure, owner: it, team: infra, depends_on: [net], gates: [patched, owner-signoff], status: verifying }
`;

describeBrowser(
  'security gates and status on the system page',
  (e2e) => {
    beforeAll(async () => {
      const env = e2e();
      const admin = await seedUser(env, {
        email: 'admin@gates.test',
        name: 'Admin',
        role: 'admin',
        password: PASSWORD,
      });
      await seedCatalogue(env, admin.id, { name: 'gates.yaml', content: CATALOGUE }, '?statuses=true');
      await seedUser(env, { email: 'staff@gates.test', name: 'Stina Stab', role: 'staff', password: PASSWORD });
    });

    it('refuses a skip naming the gates left, then moves the system through its gates to working', async () => {
      const env = e2e();
      const page = await env.newPage();
      await (await new PlanLoginPage(page, env).goto()).logIn('staff@gates.test', PASSWORD);
      const system = await new SystemGatesPage(page, env, 'AD').open('ad');
      await expect.poll(() => system.currentStatus(), { timeout: 15_000 }).toBe('Verifieras');
      expect(await system.gateState('Uppdaterat')).toBe('Väntar');
      await system.checkA11y('a system page with its gates pending');

      // The skip: refused, and the refusal lists both gates left (nothing about the dependency, which is back).
      await system.changeStatus('I drift');
      expect(await system.blocking(/^Kontroller som återstår$/)).toEqual(['Uppdaterat', 'Ägaren har godkänt']);
      await expect
        .poll(() =>
          system
            .statusRegion()
            .getByRole('heading', { name: /^Beroenden/ })
            .count(),
        )
        .toBe(0);
      // Chromium logs the 409 as a console error: axe alone here.
      await env.checkA11y(page, 'the refusal with the gates left and the override form');
      expect(
        await system
          .statusRegion()
          .getByLabel(/^Skäl att gå förbi/)
          .count(),
      ).toBe(1);

      await system.pass('Uppdaterat', 'Alla domänkontrollanter patchade, ärende 4711');
      // The message comes before the list has reloaded: wait for the gate to follow.
      await expect.poll(() => system.gateState('Uppdaterat')).toBe('Godkänd');
      await system.waive('Ägaren har godkänt', 'Ägaren är på semester; IT-chefen tar ansvar');
      await expect.poll(() => system.gateState('Ägaren har godkänt')).toBe('Undantagen');
      await expect
        .poll(() => system.gatesRegion().getByText('Alla kontroller är godkända eller undantagna.').count())
        .toBe(1);

      await system.changeStatus('I drift');
      await system.statusRegion().getByRole('status').getByText('Status ändrad till I drift.').waitFor();
      await expect.poll(() => system.currentStatus(), { timeout: 15_000 }).toBe('I drift');
      await env.checkA11y(page, 'a system page with its gates passed and waived, in service');

      const again = await env.newPage();
      await (await new PlanLoginPage(again, env).goto()).logIn('staff@gates.test', PASSWORD);
      const fresh = await new SystemGatesPage(again, env, 'AD').open('ad');
      await expect.poll(() => fresh.currentStatus(), { timeout: 15_000 }).toBe('I drift');
      expect(await fresh.gate('Uppdaterat').getByText('Alla domänkontrollanter patchade, ärende 4711').count()).toBe(1);
      await fresh.checkA11y('a system page in service, reloaded');
    });
  },
  { totpRequiredFor: [] },
);
