// The restart plan in the browser: the plan with its table and timeline, the dependency graph laid out by
// a Web Worker under the strict CSP, a what-if, and a system's "why not yet?", each page checked with axe-core.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createToken, createUserWithPassword } from '../../src/server/users/users.service.js';
import { expectInOrder } from '../support/order.js';
import { PlanGraphPage, PlanLoginPage, PlanOverviewPage, PlanWhatIfPage, SystemWhyPage } from './pages/plan-page.js';
import { describeBrowser, type E2E } from './support/harness.js';

const EXEMPELSTAD = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/exempelstad.yaml'), 'utf8');
const PASSWORD = 'a long test password 42';

describeBrowser(
  'restart plan in the browser',
  (e2e) => {
    let systems: { id: string; name: string }[] = [];

    beforeAll(async () => {
      const env = e2e();
      let n = 0;
      const deps = { clock: env.clock ?? (() => new Date()), ids: () => `plan-e2e-${++n}`, config: env.config };
      // The catalogue goes in through the API, as an administrator's script would send it (a token needs no TOTP).
      const admin = await env.db.transaction().execute((trx) =>
        createUserWithPassword(trx, deps, {
          email: 'admin@plan.test',
          name: 'Admin',
          role: 'admin',
          password: PASSWORD,
        }),
      );
      const { token } = await env.db
        .transaction()
        .execute((trx) => createToken(trx, deps, admin.id, 'import', admin.id));
      const res = await fetch(`${env.baseUrl}/api/catalogue/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ file_name: 'exempelstad.yaml', content: EXEMPELSTAD }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const list = await fetch(`${env.baseUrl}/api/systems`, { headers: { authorization: `Bearer ${token}` } });
      systems = ((await list.json()) as { systems: { id: string; name: string }[] }).systems;
      // The recovery team's account browses: it reads the plan and may try what-ifs.
      await env.db.transaction().execute((trx) =>
        createUserWithPassword(trx, deps, {
          email: 'recovery@plan.test',
          name: 'Rita Recovery',
          role: 'recovery',
          password: PASSWORD,
        }),
      );
    });

    async function signedInPage(env: E2E, options?: Parameters<E2E['newPage']>[0]): Promise<Page> {
      const page = await env.newPage(options);
      await (await new PlanLoginPage(page, env).goto()).logIn('recovery@plan.test', PASSWORD);
      return page;
    }

    it('shows the plan: forecast, table in restart order and a timeline of links', async () => {
      const page = await signedInPage(e2e());
      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Återstartsplan' }).click();
      const plan = await new PlanOverviewPage(page, e2e()).ready();
      expect(await plan.headingText()).toBe('Återstartsplan');
      expect(await plan.rows().count()).toBe(systems.length);
      const order = await plan.systemsInOrder();
      // Foundations before what needs them: the core network before DNS, DNS before Active Directory, ...
      expectInOrder(order, 'Kärnnät och brandväggar', 'DNS och DHCP', 'Active Directory (katalogtjänst)', 'E-post');
      for (const which of ['makespan', 'p50', 'p90'] as const) {
        expect(await plan.summary(which).textContent()).toMatch(/^\d[\d\s,]* h – \d/);
      }
      expect(await page.getByRole('heading', { name: 'Kritisk kedja' }).isVisible()).toBe(true);
      const bars = plan.timelineBars();
      expect(await bars.count()).toBe(systems.length);
      const core = page.locator('.timeline-svg').getByRole('link', { name: /^Kärnnät och brandväggar, / });
      expect(await core.getAttribute('href')).toBe('/app/systems/core-network');
      expect(await core.getAttribute('aria-label')).toMatch(/Infrastrukturteamet: start 0 h, klart 12 h/);
      await core.focus();
      expect(await page.getByTestId('timeline-callout').textContent()).toMatch(/^Kärnnät och brandväggar \(/);
      await plan.checkA11y('the restart plan');
    });

    it('lays out the dependency graph in a Web Worker under the CSP; each node links to its system', async () => {
      const page = await signedInPage(e2e());
      await new PlanOverviewPage(page, e2e()).goto();
      await new PlanOverviewPage(page, e2e()).view(/Beroendegraf/).click();
      const graph = await new PlanGraphPage(page, e2e()).ready();
      expect(new URL(page.url()).pathname).toBe('/app/plan/graph');
      expect(await graph.nodes().count()).toBe(systems.length);
      // The status is in words, not colour alone.
      const ad = graph.node('Active Directory (katalogtjänst), Ej tillgängligt');
      expect(await ad.count()).toBe(1);
      const adBox = await ad.locator('rect').boundingBox();
      const dnsBox = await graph
        .node(/^DNS och DHCP,/)
        .locator('rect')
        .boundingBox();
      // Layers run left to right: what is needed stands left of what needs it.
      expect(dnsBox && adBox && dnsBox.x < adBox.x).toBe(true);
      await graph.checkA11y('the dependency graph');
      await ad.click();
      await graph.waitForPath('/app/systems/ad');
    });

    it('scrolls the graph sideways on a phone', async () => {
      const page = await signedInPage(e2e(), { viewport: { width: 390, height: 844 } });
      const graph = await new PlanGraphPage(page, e2e()).goto();
      const region = page.locator('.graph-scroll');
      const [scrollWidth, clientWidth] = await region.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect(scrollWidth).toBeGreaterThan(clientWidth);
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1')).toBe(true);
      await graph.checkA11y('the dependency graph on a phone');
    });

    it('explains on a system page why it is not back yet and why it comes before', async () => {
      const page = await signedInPage(e2e());
      const system = await new SystemWhyPage(page, e2e()).open('ad');
      const notYet = system.whyNotYet();
      expect(await notYet.getByRole('heading', { name: 'Varför inte ännu?' }).isVisible()).toBe(true);
      expect(await notYet.getByRole('link', { name: 'DNS och DHCP' }).first().getAttribute('href')).toBe(
        '/app/systems/dns-dhcp',
      );
      expect(await notYet.getByRole('link', { name: 'Kärnnät och brandväggar' }).count()).toBeGreaterThan(0);
      const before = system.whyBefore();
      expect(await before.getByRole('heading', { name: 'Varför före?' }).isVisible()).toBe(true);
      // Active Directory carries the priority of the care documentation that needs it.
      expect(await before.textContent()).toMatch(/ärver prioriteten från Dokumentation vård och omsorg/);
      expect(await before.getByRole('link', { name: 'Dokumentation vård och omsorg' }).getAttribute('href')).toBe(
        '/app/systems/care-docs',
      );
      await system.checkA11y('a system page with its explanations');
      await notYet.getByRole('link', { name: 'DNS och DHCP' }).first().click();
      await system.waitForPath('/app/systems/dns-dhcp');
      await system.whyNotYet().waitFor();
      expect(await system.whyNotYet().textContent()).toMatch(/Kärnnät och brandväggar/);
    });

    it('tries a what-if side by side without changing the plan', async () => {
      const page = await signedInPage(e2e());
      const before = await (await new PlanOverviewPage(page, e2e()).goto()).summary('makespan').textContent();
      const whatIf = await new PlanWhatIfPage(page, e2e()).goto();
      await page.getByRole('spinbutton', { name: 'Infrastrukturteamet' }).fill('4');
      await page.getByRole('checkbox', { name: /^Kärnnät och brandväggar/ }).check();
      // Move Active Directory's estimate: the fields start from the catalogue's 24–48–120 h.
      await page.getByRole('combobox', { name: 'System' }).selectOption('ad');
      expect(await page.getByRole('spinbutton', { name: 'Troligast (h)' }).inputValue()).toBe('48');
      await page.getByRole('spinbutton', { name: 'Lägst (h)' }).fill('50');
      await page.getByRole('button', { name: 'Lägg till uppskattningen' }).click();
      expect(await page.locator('#estimate-low-error').textContent()).toMatch(
        /Lägst får inte vara större än troligast/,
      );
      await page.getByRole('spinbutton', { name: 'Lägst (h)' }).fill('12');
      await page.getByRole('spinbutton', { name: 'Troligast (h)' }).fill('24');
      await page.getByRole('button', { name: 'Lägg till uppskattningen' }).click();
      expect(await page.getByText('Active Directory (katalogtjänst): 12–24–120 h').isVisible()).toBe(true);
      await whatIf.compareButton().click();
      await whatIf.wholeTable().waitFor();
      const cells = await whatIf.wholeTable().locator('tbody tr').first().locator('td').allTextContents();
      expect(cells).toHaveLength(3);
      expect(cells[2]).toMatch(/^−/);
      const ad = page.getByTestId('what-if-systems').getByRole('row', { name: /^Active Directory/ });
      // Its likely finish moves 36 hours earlier: 12 h without the core network to rebuild, 24 h shorter itself.
      expect(await ad.locator('td').nth(2).textContent()).toBe('−36 h');
      await whatIf.checkA11y('the what-if with a comparison');
      const after = await (await new PlanOverviewPage(page, e2e()).goto()).summary('makespan').textContent();
      expect(after).toBe(before);
    });

    it('speaks English too', async () => {
      const page = await signedInPage(e2e());
      await page.getByRole('button', { name: 'English' }).click();
      const plan = await new PlanOverviewPage(page, e2e()).goto();
      expect(await plan.headingText()).toBe('Restart plan');
      expect(await page.getByRole('heading', { name: 'Timeline by team' }).isVisible()).toBe(true);
      await plan.checkA11y('the restart plan in English');
    });
    // The makespan's date is now + hours: a clock held still keeps a minute from turning between the
    // what-if test's two reads (it did, once, in CI).
  },
  { clockStart: new Date().toISOString() },
);
