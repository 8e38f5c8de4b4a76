import type { Locator, Page } from 'playwright-core';
import { type DemoAccount, seedDemo } from '../../../src/server/demo/demo.service.js';
import type { E2E } from '../support/harness.js';
import { PageModel, WAIT_MS } from '../support/page-model.js';

/** Logs in on /app/login with e-mail and password (the demo asks for no second factor). */
export async function logIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/app/login`);
  await page.getByLabel(/^(E-postadress|E-mail address|Email)/i).fill(email);
  await page.getByLabel(/^(Lösenord|Password)/i).fill(password);
  await page.getByRole('button', { name: /^(Logga in|Log in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: WAIT_MS });
}

/** Seeds the demo municipality into the suite's app and gives its administrator's account. */
export async function seedDemoAdmin(env: E2E): Promise<DemoAccount> {
  const accounts = await seedDemo(env.db, env.deps);
  const admin = accounts.find((a) => a.role === 'admin');
  if (!admin) throw new Error('the demo has no admin account');
  return admin;
}

/**
 * A new page at this viewport, logged in with a demo account. The demo's accounts have no second factor:
 * the suite runs with `{ totpRequiredFor: [] }`.
 */
export async function signedInPage(
  env: E2E,
  account: DemoAccount,
  viewport: { width: number; height: number },
): Promise<Page> {
  const page = await env.newPage({ viewport });
  await logIn(page, env.baseUrl, account.email, account.password);
  return page;
}

/** Where a box lies against the viewport: is it wholly inside it sideways? */
export async function insideViewportSideways(page: Page, locator: Locator): Promise<boolean> {
  await locator.waitFor({ state: 'visible', timeout: WAIT_MS });
  const box = await locator.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  const scrollX = Number(await page.evaluate('window.scrollX'));
  return box !== null && scrollX === 0 && box.x >= 0 && box.x + box.width <= width + 0.5;
}

/** A system's page, led by its "expected back". */
export class ForecastSystemPage extends PageModel {
  readonly path = '/app/systems';

  override async ready(): Promise<this> {
    await super.ready();
    await this.expectedBack().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The "expected back" section. */
  expectedBack(): Locator {
    return this.page.getByRole('region', { name: /^(Väntas åter|Expected back)$/ });
  }

  /** P50 and P90 as shown. */
  p50(): Locator {
    return this.page.getByTestId('expected-p50');
  }
  p90(): Locator {
    return this.page.getByTestId('expected-p90');
  }
  rto(): Locator {
    return this.page.getByTestId('expected-rto');
  }
}

/** The overview, /app, with its headline. */
export class ForecastOverviewPage extends PageModel {
  readonly path = '/app/';

  override async ready(): Promise<this> {
    await super.ready();
    await this.headline().waitFor({ state: 'visible', timeout: WAIT_MS });
    return this;
  }

  /** The headline section. */
  headline(): Locator {
    return this.page.getByRole('region', { name: /^(Läget just nu|Where we stand)$/ });
  }

  /** "Everything back by" with P50 and P90. */
  allBack(): Locator {
    return this.page.getByTestId('headline-all-back');
  }

  /** The most important services not yet back. */
  important(): Locator {
    return this.headline().getByRole('list', {
      name: /^(Viktigaste tjänsterna som inte är åter|Most important services not yet back)$/,
    });
  }
}

/** Any staff page: ready when its h1 shows. */
export class AnyStaffPage extends PageModel {
  readonly path = '/app/';
}
