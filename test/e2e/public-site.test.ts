import { expect, it } from 'vitest';
import { siteScene } from '../support/site-factory.js';
import { PublicSitePage } from './pages/public-site-page.js';
import { describeBrowser } from './support/harness.js';

// The public site works with no JavaScript at all: every context here has it turned off.
const NO_SCRIPT = { javaScriptEnabled: false } as const;

describeBrowser(
  'public site',
  (e2e) => {
    it('is accessible (WCAG 2.1 A+AA), has one h1 and the right lang, in both languages, without JavaScript', async () => {
      await siteScene(e2e().db);
      await e2e().app.publicSite.rebuild();
      // JavaScript goes off through the DevTools protocol (as `javaScriptEnabled: false` does): a context
      // created with it off stalled Playwright's first wait on this page in this harness.
      const page = await e2e().newPage();
      const site = new PublicSitePage(page, e2e());
      await site.disableScript();
      for (const [lang, q] of [
        ['sv', ''],
        ['en', '?lang=en'],
      ]) {
        for (const path of [
          '/',
          '/updates/lagesbild-klockan-8',
          '/updates/it-storning-i-kommunen',
          '/updates',
          '/accessibility',
        ]) {
          await site.goto(path + q);
          expect(await site.lang(), path + q).toBe(lang);
          expect(await site.h1Count(), path + q).toBe(1);
          await site.checkA11y(`public ${path}${q}`);
        }
      }
      await site.goto('/');
      await expect.poll(() => site.service('E-tjänster').textContent()).toContain('Fungerar inte');
      await site.languageLink(/English/).click();
      await page.waitForURL(/\?lang=en$/);
      expect(await site.lang()).toBe('en');
    }, 120_000);

    it('reaches every link from the keyboard, the skip link first', async () => {
      const page = await e2e().newPage(NO_SCRIPT);
      const site = await new PublicSitePage(page, e2e()).goto('/');
      const all = await site.linkHrefs();
      const tabbed = await site.tabThroughLinks();
      expect(tabbed[0]).toBe('#content');
      expect(new Set(tabbed)).toEqual(new Set(all));
      // The skip link moves focus into the main content.
      await site.goto('/');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash))
        .toBe('#content');
    });
  },
  { totpRequiredFor: [] },
);
