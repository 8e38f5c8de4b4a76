// The browser harness itself: a real server, real Chromium, axe-core and the console watch all work,
// and each check can fail (a page with a known violation, an inline script refused by the CSP).
import { expect, it } from 'vitest';
import { a11yViolations } from './support/axe.js';
import { describeBrowser } from './support/harness.js';
import { PageModel } from './support/page-model.js';

class AppHome extends PageModel {
  readonly path = '/app/';
}

describeBrowser('browser harness', (e2e) => {
  it('serves the staff UI to Chromium: a heading, no axe violations, no console errors', async () => {
    const page = await e2e().newPage();
    const home = await new AppHome(page, e2e()).goto();
    expect(await home.headingText()).not.toBe('');
    expect(await page.title()).not.toBe('');
    await home.checkA11y('the staff UI start page');
    expect(e2e().visited.some((url) => url.startsWith(`${e2e().baseUrl}/app/`))).toBe(true);
  });

  it('gives a one-time set-up link that points at this server', async () => {
    const link = await e2e().setupLink();
    expect(link.startsWith(`${e2e().baseUrl}/app/setup#`)).toBe(true);
    expect(e2e().config.totpRequiredFor).toEqual(['admin', 'staff']);
  });

  it('computes TOTP codes by the server clock', () => {
    expect(e2e().totpCode('JBSWY3DPEHPK3PXP')).toMatch(/^\d{6}$/);
  });

  it('records every page visited, client-side navigations included', async () => {
    const page = await e2e().newPage();
    await new AppHome(page, e2e()).goto();
    await page.evaluate("history.pushState({}, '', '/app/smoke-visited')");
    await page.waitForURL('**/app/smoke-visited');
    expect(e2e().visited).toContain(`${e2e().baseUrl}/app/smoke-visited`);
  });

  it('serves the pages with the strict CSP', async () => {
    const page = await e2e().newPage();
    const response = await page.goto(`${e2e().baseUrl}/app/`);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('reports every axe violation with its id, impact and selectors', async () => {
    const page = await e2e().newPage();
    await page.goto(`${e2e().baseUrl}/app/`);
    await new AppHome(page, e2e()).ready();
    // Break the page on purpose: an image without text and a field without a label.
    // A string: it runs in the page, and this project's types have no DOM.
    await page.evaluate(`document.body.insertAdjacentHTML('beforeend',
      '<img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input id="no-label">')`);
    const ids = (await a11yViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'label']));
    const error = await e2e()
      .checkA11y(page, 'a broken page')
      .then(() => null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/image-alt \[critical\].*\n\s+at #no-alt/);
    expect(String(error)).toMatch(/label \[critical\].*\n\s+at #no-label/);
  });

  it('fails on console errors and CSP violations', async () => {
    const page = await e2e().newPage();
    await page.goto(`${e2e().baseUrl}/app/`);
    await new AppHome(page, e2e()).ready();
    expect(() => e2e().assertNoConsoleErrors(page)).not.toThrow();
    // An inline script is what an injection would look like: the CSP must refuse it, and we must notice.
    const csp = page.waitForEvent('console', { predicate: (m) => /Content Security Policy/i.test(m.text()) });
    await page.evaluate(`{
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.head.append(s);
    }`);
    await csp;
    expect(await page.evaluate('window.__inlineRan')).toBeUndefined();
    expect(
      e2e()
        .problems(page)
        .some((p) => p.kind === 'csp'),
    ).toBe(true);
    expect(() => e2e().assertNoConsoleErrors(page)).toThrow(/\[csp\].*Content Security Policy/);
  });
});
