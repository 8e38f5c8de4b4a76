// The common situation picture in Chromium, on the demo municipality with reports written in: the crisis staff
// sees the draft with a unit whose need of a system comes before the system's P90 (a warning naming the unit),
// sees a unit's report arrive live, approves the picture, finds it in the list, opens it and prints it: no menu,
// no buttons, the head hash in the footer, at most two A4 pages. At 1440×900 and 390×844; axe on every view.
import fs from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { isBack } from '../../src/domain/incident/board.js';
import { computePlan } from '../../src/domain/plan/plan.js';
import { getCatalogue } from '../../src/server/catalogue/catalogue.service.js';
import { type DemoAccount, seedDemo } from '../../src/server/demo/demo.service.js';
import { planOptions } from '../../src/server/plan/plan.service.js';
import { emit, unitOfWork } from '../../src/server/tx.js';
import { activeIncidentId } from '../../src/store/incident/incident.repository.js';
import { insertReport } from '../support/situation-factory.js';
import { logIn } from './pages/forecast-pages.js';
import { ApprovedPicturePage, PicturePage } from './pages/picture-page.js';
import { describeBrowser } from './support/harness.js';

const HOUR = 3_600_000;

function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describeBrowser(
  'the situation picture',
  (e2e) => {
    let accounts: DemoAccount[];
    let late: { id: string; name: string };
    beforeAll(async () => {
      const env = e2e();
      accounts = await seedDemo(env.db, env.deps);
      const incident = (await activeIncidentId(env.db)) ?? '';
      const catalogue = await getCatalogue(env.db);
      const plan = computePlan(catalogue, planOptions({}));
      const statuses = new Map(catalogue.systems.map((s) => [s.id, s.status]));
      const last = plan.systems.filter((s) => !isBack(statuses.get(s.id))).sort((a, b) => b.p90_h - a.p90_h)[0];
      if (!last) throw new Error('the demo has no system left to restore');
      late = { id: last.id, name: last.name };
      const now = env.deps.clock().getTime();
      const iso = (h: number) => new Date(now + h * HOUR).toISOString();
      await insertReport(env.db, {
        incident_id: incident,
        unit_id: 'vof',
        cycle_at: iso(-2),
        submitted_at: iso(-2.5),
        overall: 'severely_affected',
        life_health_risk: true,
        situation: 'Hemtjänsten arbetar med papperslistor.',
        consequences: 'Läkemedelslistor saknas för nattpatrullen.',
        missing_systems: [{ system_id: last.id, need_by: iso(1) }],
      });
    });
    const staff = () => {
      const found = accounts.find((a) => a.role === 'staff');
      if (!found) throw new Error('no demo staff');
      return found;
    };

    it('shows the draft with a demand warning, takes a report live, approves, lists and prints on at most two A4 pages', async () => {
      const env = e2e();
      const page = await env.newPage({ viewport: { width: 1440, height: 900 } });
      await logIn(page, env.baseUrl, staff().email, staff().password);
      await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Lägesbild' }).click();
      const picture = await new PicturePage(page, env).ready();
      expect(await picture.unitState('Vård- och omsorgsförvaltningen')).toBe('Allvarligt påverkad');
      await picture.demand(late.name).waitFor();
      expect(await picture.warnings()).toContain(
        'Varning: P90 är senare än behovet hos Vård- och omsorgsförvaltningen.',
      );
      // Yesterday's approved picture from the demo is there.
      expect(await picture.approvedLinks()).toHaveLength(1);
      await picture.checkA11y('the draft picture with a warning');

      // A report arrives while the page is open: the page follows without a reload.
      const units = (await getCatalogue(env.db)).units.filter((u) => u.id !== 'vof');
      const other = units[0];
      if (!other) throw new Error('the demo has one unit only');
      const incident = (await activeIncidentId(env.db)) ?? '';
      await unitOfWork({ db: env.db }, async (trx) => {
        const id = await insertReport(trx, {
          incident_id: incident,
          unit_id: other.id,
          cycle_at: new Date(env.deps.clock().getTime() - HOUR).toISOString(),
          submitted_at: new Date(env.deps.clock().getTime() - 60_000).toISOString(),
          overall: 'affected',
        });
        await emit(trx, env.deps.clock(), {
          type: 'report.changed',
          audience: { kind: 'unit', unit_id: other.id },
          data: { report_id: id, unit_id: other.id, state: 'submitted' },
        });
      });
      await expect.poll(() => picture.unitState(other.name), { timeout: 15_000 }).toBe('Påverkad');

      await picture.approve('Omsorgen behöver journalen före natten. Nästa lägesbild 08:00.');
      await expect.poll(() => picture.approvedLinks(), { timeout: 15_000 }).toHaveLength(2);
      const links = await picture.approvedLinks();
      expect(links[0]).toMatch(/^Version 2, /);
      await picture.checkA11y('the picture just approved');

      await picture.open(links[0] ?? '');
      const approved = await new ApprovedPicturePage(page, env).ready();
      expect(await approved.headingText()).toBe('Fastställd lägesbild, version 2');
      expect(await page.getByText('Omsorgen behöver journalen före natten. Nästa lägesbild 08:00.').isVisible()).toBe(
        true,
      );
      expect(
        await page.getByText('Varning: P90 är senare än behovet hos Vård- och omsorgsförvaltningen.').isVisible(),
      ).toBe(true);
      const href = await approved.exportLink().getAttribute('href');
      expect(href).toMatch(/^\/api\/pictures\/[^/]+\/export$/);
      const exported = await page.evaluate(`fetch(${JSON.stringify(href)}).then((r) => r.json())`);
      expect(exported).toMatchObject({ kind: 'lifeboat.situation_picture', picture: { version: 2 } });
      const head = (exported as { decision_log_head: { hash: string } }).decision_log_head.hash;
      expect(head).toMatch(/^[0-9a-f]{64}$/);
      await approved.checkA11y('an approved picture');

      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('navigation', { name: 'Huvudmeny' }).isVisible()).toBe(false);
      expect(await page.getByRole('button').filter({ visible: true }).count()).toBe(0);
      expect(await page.getByText(`Beslutsloggens huvud: ${head}`, { exact: false }).isVisible()).toBe(true);
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      if (process.env.PICTURE_SHOTS) {
        fs.writeFileSync(`${process.env.PICTURE_SHOTS}/approved.pdf`, pdf);
        await page.setViewportSize({ width: 794, height: 1123 });
        await page.screenshot({ path: `${process.env.PICTURE_SHOTS}/approved_print.png`, fullPage: true });
        await page.setViewportSize({ width: 1440, height: 900 });
      }
      const pages = pdfPages(pdf);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(2);
      await page.emulateMedia({ media: 'screen' });
      if (process.env.PICTURE_SHOTS) {
        await page.screenshot({ path: `${process.env.PICTURE_SHOTS}/approved_1440.png`, fullPage: true });
        await page.goto(`${env.baseUrl}/app/picture`);
        await new PicturePage(page, env).ready();
        await page.screenshot({ path: `${process.env.PICTURE_SHOTS}/draft_1440.png`, fullPage: true });
      }
    });

    it('reads on a phone: nothing wider than the screen, the form and the warning in reach', async () => {
      const env = e2e();
      const page = await env.newPage({ viewport: { width: 390, height: 844 } });
      await logIn(page, env.baseUrl, staff().email, staff().password);
      const picture = await new PicturePage(page, env).goto();
      expect(await picture.warnings()).toContain(
        'Varning: P90 är senare än behovet hos Vård- och omsorgsförvaltningen.',
      );
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await picture.checkA11y('the draft picture on a phone');
      if (process.env.PICTURE_SHOTS)
        await page.screenshot({ path: `${process.env.PICTURE_SHOTS}/draft_390.png`, fullPage: true });
      const [first] = await picture.approvedLinks();
      await picture.open(first ?? '');
      const approved = await new ApprovedPicturePage(page, env).ready();
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      await approved.checkA11y('an approved picture on a phone');
      if (process.env.PICTURE_SHOTS)
        await page.screenshot({ path: `${process.env.PICTURE_SHOTS}/approved_390.png`, fullPage: true });
    });
  },
  { totpRequiredFor: [] },
);
