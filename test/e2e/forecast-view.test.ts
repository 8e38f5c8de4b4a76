// The forecast where people look and every staff page at phone width (issue 7, points 1, 5 and 6), on the
// demo municipality as its administrator: P50–P90 in view on the plan and a system's page at 1440×900 and
// 390×844, the overview's headline, timeline detail next to the focused bar, the graph's names whole, the
// what-if's focus, and no element of any staff page wider than a phone. axe-core checks every page.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../src/server/demo/demo.service.js';
import {
  AnyStaffPage,
  ForecastOverviewPage,
  ForecastSystemPage,
  insideViewportSideways,
  seedDemoAdmin,
  signedInPage,
} from './pages/forecast-pages.js';
import { PlanGraphPage, PlanOverviewPage, PlanWhatIfPage } from './pages/plan-page.js';
import { describeBrowser, type E2E } from './support/harness.js';

const SIZES = [
  { name: 'laptop', viewport: { width: 1440, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

// Elements that stick out of the viewport sideways, except inside a scrolling region that has a name
// (a wide table that says so) or inside a box that clips them (visually hidden text).
const OVERFLOWING = `(() => {
  const width = window.innerWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.left >= -0.5 && r.right <= width + 0.5) continue;
    let p = el.parentElement, excused = false;
    while (p && p !== document.body) {
      const s = getComputedStyle(p);
      if (/(auto|scroll)/.test(s.overflowX) && (p.getAttribute('aria-label') || p.getAttribute('aria-labelledby'))) { excused = true; break; }
      if (/(hidden|clip)/.test(s.overflowX)) { excused = true; break; }
      p = p.parentElement;
    }
    if (!excused) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right) + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
  }
  return out.slice(0, 10);
})()`;

describeBrowser(
  'the forecast in view, and staff pages at phone width',
  (e2e) => {
    let admin: DemoAccount;

    beforeAll(async () => {
      admin = await seedDemoAdmin(e2e());
    });
    const signedIn = (env: E2E, viewport: { width: number; height: number }) => signedInPage(env, admin, viewport);

    for (const size of SIZES) {
      describe(`at ${size.viewport.width}×${size.viewport.height}`, () => {
        it('shows P50–P90 of a system on the plan without sideways scrolling', async () => {
          const page = await signedIn(e2e(), size.viewport);
          const plan = await new PlanOverviewPage(page, e2e()).goto();
          const cell = plan.expected('Verksamhetssystem socialtjänst');
          await cell.scrollIntoViewIfNeeded();
          expect(await cell.textContent()).toMatch(/\d+ \w+\.? \d\d:\d\d – \d+ \w+\.? \d\d:\d\d/);
          expect(await insideViewportSideways(page, cell)).toBe(true);
          // Nothing scrolled sideways to get there: the table's own region is at its start.
          const region = page.getByRole('region', { name: /System i återstartsordning/ });
          expect(await region.evaluate((el) => el.scrollLeft)).toBe(0);
          await plan.checkA11y(`the plan (${size.name})`);
        });

        it("leads a system's page with when it is expected back and its chance within the RTO", async () => {
          const page = await signedIn(e2e(), size.viewport);
          const system = await new ForecastSystemPage(page, e2e()).goto('/app/systems/socialtjanst');
          for (const value of [system.p50(), system.p90()]) {
            expect(await value.textContent()).toMatch(/^\d+ \w+\.? \d\d:\d\d, om [\d,]+ h$/);
            expect(await insideViewportSideways(page, value)).toBe(true);
          }
          expect(await system.rto().textContent()).toMatch(/^\d+ % inom 24 h$/);
          // It comes first: its heading is the page's first h2.
          expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Väntas åter');
          await system.checkA11y(`a system's page (${size.name})`);
        });
      });
    }

    it('opens the overview with everything back by (P50/P90) and the most important services not yet back', async () => {
      const page = await signedIn(e2e(), { width: 1440, height: 900 });
      const overview = await new ForecastOverviewPage(page, e2e()).goto();
      expect(await overview.allBack().textContent()).toMatch(
        /^\d+ \w+\.? \d\d:\d\d \(P50\) – \d+ \w+\.? \d\d:\d\d \(P90\)$/,
      );
      const items = overview.important().getByRole('listitem');
      const count = await items.count();
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(5);
      // The demo incident is days in: the alarm service is back, so rescue command support (society 5,
      // RTO 4 h) leads, with when it is back.
      expect(await items.first().getByRole('link').textContent()).toBe('Ledningsstöd räddningstjänst');
      expect(await items.first().textContent()).toMatch(/åter \d+ \w+\.? \d\d:\d\d – /);
      // The headline is above the fold.
      const box = await overview.headline().boundingBox();
      expect(box && box.y < 900).toBe(true);
      await overview.checkA11y('the overview with its headline');
    });

    it('draws the detail of a focused timeline bar next to it', async () => {
      const page = await signedIn(e2e(), { width: 1440, height: 900 });
      const plan = await new PlanOverviewPage(page, e2e()).goto();
      const bar = plan.bar('Verksamhetssystem socialtjänst');
      await bar.focus();
      const callout = plan.callout();
      await callout.waitFor({ state: 'visible' });
      expect(await callout.textContent()).toMatch(/^Verksamhetssystem socialtjänst \(.+\)start [\d,]+ h, klart/);
      const [barBox, calloutBox] = [await bar.locator('rect').boundingBox(), await callout.boundingBox()];
      expect(barBox && calloutBox && Math.abs(calloutBox.y - (barBox.y + barBox.height)) < 40).toBe(true);
      await plan.checkA11y('the plan with a focused bar');
    });

    it("draws every system's name whole inside its box in the graph", async () => {
      const page = await signedIn(e2e(), { width: 1440, height: 900 });
      const graph = await new PlanGraphPage(page, e2e()).goto();
      // A string: it runs in the page, and this project's types have no DOM.
      const problems = await page.evaluate(`(() => {
        const svg = document.querySelector('[data-testid="dependency-graph"]');
        const boxes = [...svg.querySelectorAll('a rect')];
        const out = [];
        [...svg.querySelectorAll('.graph-name')].forEach((text, k) => {
          const r = boxes[k].getBBox();
          const b = text.getBBox();
          if (b.x + b.width > r.x + r.width || b.y + b.height > r.y + r.height) out.push('outside: ' + text.textContent);
          if (text.textContent.includes('…')) out.push('cut: ' + text.textContent);
        });
        return out;
      })()`);
      expect(problems).toEqual([]);
      expect(Number(await graph.graph().getAttribute('data-layout-ms'))).toBeGreaterThanOrEqual(0);
      await graph.checkA11y('the dependency graph');
    });

    it("moves focus to the what-if's result", async () => {
      const page = await signedIn(e2e(), { width: 1440, height: 900 });
      const whatIf = await new PlanWhatIfPage(page, e2e()).goto();
      await page.getByRole('spinbutton', { name: 'Infrastrukturteamet' }).fill('4');
      await whatIf.compareButton().click();
      const heading = whatIf.resultHeading();
      await heading.waitFor({ state: 'visible' });
      await page.waitForFunction(`document.activeElement?.id === 'what-if-result'`);
      const box = await heading.boundingBox();
      expect(box && box.y >= 0 && box.y < 900).toBe(true);
      await whatIf.checkA11y('the what-if with its result');
    });

    describe('every staff page at 390×844, as the administrator', () => {
      let phone: Page | null = null;
      const signedInPhone = async () => {
        phone ??= await signedIn(e2e(), { width: 390, height: 844 });
        return phone;
      };
      const PATHS = [
        '/app/',
        '/app/systems',
        '/app/systems/ad',
        '/app/systems/new',
        '/app/units',
        '/app/units/:first',
        '/app/teams',
        '/app/plan',
        '/app/plan/graph',
        '/app/plan/what-if',
        '/app/import',
        '/app/users',
        '/app/audit',
        '/app/account',
      ];
      for (const path of PATHS) {
        it(`${path}: nothing sticks out except inside a named scrolling table`, async () => {
          const page = await signedInPhone();
          let target = path;
          if (path.endsWith(':first')) {
            const res = await page.request.get(`${e2e().baseUrl}/api/units`);
            const { units } = (await res.json()) as { units: { id: string }[] };
            target = `/app/units/${encodeURIComponent(units[0].id)}`;
          }
          const staff = await new AnyStaffPage(page, e2e()).goto(target);
          await page.waitForLoadState('networkidle');
          expect(await page.evaluate(OVERFLOWING)).toEqual([]);
          await staff.checkA11y(`${path} at 390 px`);
        });
      }

      it("fits the Teams page's capacity field and its Save button", async () => {
        const page = await signedInPhone();
        await new AnyStaffPage(page, e2e()).goto('/app/teams');
        expect(
          await insideViewportSideways(page, page.getByLabel('Kapacitet för Infrastrukturteamet', { exact: true })),
        ).toBe(true);
        expect(await insideViewportSideways(page, page.getByRole('button', { name: 'Spara' }).first())).toBe(true);
      });
    });
  },
  { totpRequiredFor: [] },
);
