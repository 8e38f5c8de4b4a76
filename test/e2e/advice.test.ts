// What the forecast learned and where one more person helps most (issue 11), on the demo municipality six days
// into its recovery: the plan's learned line and ranked teams at 1440×900 and 390×844, the same line on the
// overview, and a finished system's actual hours beside its estimate. axe-core checks every page.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../src/server/demo/demo.service.js';
import {
  ForecastOverviewPage,
  ForecastSystemPage,
  insideViewportSideways,
  seedDemoAdmin,
  signedInPage,
} from './pages/forecast-pages.js';
import { PlanOverviewPage } from './pages/plan-page.js';
import { describeBrowser, type E2E } from './support/harness.js';

const SIZES = [
  { name: 'laptop', viewport: { width: 1440, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

// "Lärt av 13 återställda system (5 pågående): arbetet tar 1,3 × uppskattningen (90 % intervall 1,2–1,5)"
const LEARNED =
  /^Lärt av (\d+) återställda system(?: \((\d+) pågående\))?: arbetet tar (\d+,\d) × uppskattningen \(90 % intervall (\d+,\d)–(\d+,\d)\)$/;
const TEAMS = ['Infrastrukturteamet', 'Plattformsteamet', 'Verksamhetssystemteamet', 'Leverantörsstöd'];

describeBrowser(
  'what the forecast learned, and where one more person helps most',
  (e2e) => {
    let admin: DemoAccount;

    beforeAll(async () => {
      admin = await seedDemoAdmin(e2e());
    });
    const signedIn = (env: E2E, viewport: { width: number; height: number }) => signedInPage(env, admin, viewport);

    for (const size of SIZES) {
      describe(`at ${size.viewport.width}×${size.viewport.height}`, () => {
        it('says on the plan what it learned and ranks the teams that one more person would help', async () => {
          const page = await signedIn(e2e(), size.viewport);
          const plan = await new PlanOverviewPage(page, e2e()).goto();
          const learned = (await plan.learned().textContent()) ?? '';
          const m = LEARNED.exec(learned);
          expect(m, learned).not.toBeNull();
          const [, finished, , factor, low, high] = m ?? [];
          expect(Number(finished)).toBeGreaterThanOrEqual(8);
          const num = (x: string) => Number(x.replace(',', '.'));
          // The demo's history ran slower than its estimates, and the interval holds the median.
          expect(num(factor)).toBeGreaterThan(1.1);
          expect(num(low)).toBeLessThanOrEqual(num(factor));
          expect(num(high)).toBeGreaterThanOrEqual(num(factor));
          expect(await insideViewportSideways(page, plan.learned())).toBe(true);

          const teams = await plan.adviceTeams();
          expect(await teams.count()).toBeGreaterThan(0);
          const first = (await teams.first().textContent()) ?? '';
          expect(
            TEAMS.some((name) => first.startsWith(name)),
            first,
          ).toBe(true);
          expect(first).toMatch(/\d+ → \d+ personer/);
          expect(first).toMatch(/Allt åter \(P50\): [\d,]+ (h|dygn) tidigare/);
          expect(await insideViewportSideways(page, teams.first())).toBe(true);
          await plan.checkA11y(`the plan with what it learned and the advice (${size.name})`);
        });
      });
    }

    it('says the same on the overview, and shows a finished system’s hours beside its estimate', async () => {
      const page = await signedIn(e2e(), { width: 1440, height: 900 });
      const overview = await new ForecastOverviewPage(page, e2e()).goto();
      const line = overview.headline().getByTestId('learned');
      expect(await line.textContent()).toMatch(LEARNED);
      await overview.checkA11y('the overview with what the forecast learned');

      // The directory was restored in the demo's history: 48 h likely, half again as long in fact.
      const system = await new ForecastSystemPage(page, e2e()).goto('/app/systems/ad');
      const actual = page.getByTestId('expected-actual');
      expect(await actual.textContent()).toMatch(
        /^Tog [\d,]+ h från återställning till åter, uppskattat 48 h \([\d,]+–[\d,]+ h\)$/,
      );
      await system.checkA11y('a finished system with its actual hours');
    });
  },
  { totpRequiredFor: [] },
);
