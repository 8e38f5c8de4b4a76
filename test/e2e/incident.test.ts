// Incidents and the recovery board in the browser: open an exercise, see the banner on every page, the board
// with its columns, filters in the address and the chart, close it; each page checked with axe-core.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { BoardPageModel, exerciseBanner, IncidentPageModel } from './pages/incident-pages.js';
import { PlanLoginPage } from './pages/plan-page.js';
import { describeBrowser, type E2E } from './support/harness.js';
import { seedCatalogue, seedUser } from './support/seed.js';

const EXEMPELSTAD = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/exempelstad.yaml'), 'utf8');
const PASSWORD = 'a long test password 42';

describeBrowser(
  'incidents and the recovery board in the browser',
  (e2e) => {
    beforeAll(async () => {
      const env = e2e();
      const admin = await seedUser(env, { email: 'admin@inc.test', name: 'Admin', role: 'admin', password: PASSWORD });
      await seedCatalogue(env, admin.id, { name: 'exempelstad.yaml', content: EXEMPELSTAD });
      await seedUser(env, { email: 'stab@inc.test', name: 'Stina Stab', role: 'staff', password: PASSWORD });
    });

    async function signedInPage(env: E2E): Promise<Page> {
      const page = await env.newPage();
      await (await new PlanLoginPage(page, env).goto()).logIn('stab@inc.test', PASSWORD);
      return page;
    }

    it('opens an exercise, shows the banner on every page, the board with its columns and chart, and closes it', async () => {
      const page = await signedInPage(e2e());
      await page
        .getByRole('navigation', { name: 'Huvudmeny' })
        .getByRole('link', { name: 'Händelse', exact: true })
        .click();
      const incident = await new IncidentPageModel(page, e2e()).ready();
      await incident.checkA11y('incident page, none open');
      expect(await exerciseBanner(page).count()).toBe(0);

      await incident.open({
        title: 'Övning Ransomware',
        detected: '2026-11-29T08:30',
        severity: 'Hög',
        exercise: true,
      });
      expect(await incident.activeHeading().textContent()).toContain('Övning Ransomware');
      await exerciseBanner(page).waitFor({ state: 'visible' });
      expect(await exerciseBanner(page).textContent()).toContain('ÖVNING / EXERCISE');
      await incident.checkA11y('incident page, exercise open');

      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Återstartstavla' }).click();
      const board = await new BoardPageModel(page, e2e()).ready();
      await exerciseBanner(page).waitFor({ state: 'visible' });
      for (const name of [/^Ej tillgängligt eller okänt/, /^Återställs/, /^Verifieras/, /^Begränsat/, /^I drift/]) {
        await board.column(name).waitFor({ state: 'visible' });
      }
      await board.chart().waitFor({ state: 'visible' });
      const down = await board.cardNames(/^Ej tillgängligt eller okänt/);
      expect(down.length).toBeGreaterThan(3);
      await board.checkA11y('recovery board');

      await board.filterTeam(
        (await page
          .getByLabel(/^Team$/)
          .locator('option')
          .nth(1)
          .textContent()) ?? '',
      );
      await page.waitForURL(/\/app\/board\?team=/);
      const filtered = await board.cardNames(/^Ej tillgängligt eller okänt/);
      await expect
        .poll(async () => (await board.cardNames(/^Ej tillgängligt eller okänt/)).length)
        .toBeLessThan(down.length);
      expect(filtered.length).toBeLessThanOrEqual(down.length);
      // The filter survives a reload: it lives in the address.
      await page.reload();
      await board.ready();
      expect(page.url()).toContain('team=');

      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Översikt' }).click();
      await page.getByText(/^Pågående händelse: Övning Ransomware/).waitFor({ state: 'visible' });
      await exerciseBanner(page).waitFor({ state: 'visible' });

      await page
        .getByRole('navigation', { name: 'Huvudmeny' })
        .getByRole('link', { name: 'Händelse', exact: true })
        .click();
      await incident.ready();
      await incident.close();
      expect(await exerciseBanner(page).count()).toBe(0);
      expect(await incident.pastLinks().allTextContents()).toEqual(['Övning Ransomware']);
      await incident.pastLinks().first().click();
      await page.getByRole('heading', { level: 1, name: /Avslutad händelse: Övning Ransomware/ }).waitFor();
      // A past exercise's own page is marked as one too, though the shell's banner is for the open incident.
      expect(await exerciseBanner(page).textContent()).toContain('Det här var en övning: Övning Ransomware.');
      await incident.checkA11y('closed incident');
    });
  },
  { totpRequiredFor: [] },
);
