import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import type { App } from '../../../src/server/app.js';
import { buildApp } from '../../../src/server/app.js';
import { ensureSetupLink } from '../../../src/server/auth/setup.service.js';
import { totpCodeAt } from '../../../src/server/auth/totp.js';
import { type Config, loadConfig } from '../../../src/server/config.js';
import type { AppDeps, Clock } from '../../../src/server/deps.js';
import { type Db, migrateToLatest, openDatabase } from '../../../src/store/database.js';
import { type A11yOptions, checkA11y } from './axe.js';

/** Debian's Chromium (we never download a browser); LIFEBOAT_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.LIFEBOAT_CHROMIUM || '/usr/bin/chromium';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The built staff UI that the server serves; `npm test` builds it before any suite runs. */
export const WEB_ROOT = path.join(ROOT, 'dist/web');

// Without the networking flags Chromium tries to reach hosts that this network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const requireAll = () => process.env.LIFEBOAT_REQUIRE_ALL === '1';

/** A clock that a browser test can move; the server and `totpCode` both read it. */
export interface MovableClock {
  (): Date;
  advance(ms: number): void;
  set(iso: string): void;
}

// Not test/support/server.ts's: that module loads the dialect set-up, which browser suites do not need.
function movableClock(start: string): MovableClock {
  let now = new Date(start).getTime();
  return Object.assign(() => new Date(now), {
    advance: (ms: number) => {
      now += ms;
    },
    set: (iso: string) => {
      now = new Date(iso).getTime();
    },
  });
}

/** Options of one browser-test environment. */
export interface E2EOptions {
  /** Roles that must use TOTP; default as in production (`admin`, `staff`). */
  totpRequiredFor?: Config['totpRequiredFor'];
  /** Start a movable test clock at this instant instead of using the real time. */
  clockStart?: string;
  /** Defaults for every context `newPage` opens (locale, viewport, ...). */
  context?: BrowserContextOptions;
}

/** A console error, uncaught page error or CSP violation seen on a page. */
export interface PageProblem {
  kind: 'console' | 'pageerror' | 'csp';
  text: string;
  url: string;
}

/** A running server on a fresh SQLite file, and a headless Chromium pointed at it. */
export interface E2E {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  baseUrl: string;
  app: App;
  db: Db;
  config: Config;
  /** The server's clock, ids and configuration, for calling services directly (seeding users, say). */
  deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>;
  /** The movable clock when `clockStart` was given; undefined means real time. */
  clock?: MovableClock;
  browser: Browser;
  /** Every URL a page of this environment has shown, in order (history navigations included). */
  visited: string[];
  /** A page in a fresh browser context (own cookies), watched for console errors and CSP violations. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** The one-time set-up link for the first administrator; throws if there is none. */
  setupLink(): Promise<string>;
  /** The code an authenticator app would show now (by the server's clock) for a TOTP secret. */
  totpCode(secret: string): string;
  /** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page; throws listing every violation. */
  checkA11y(page: Page, label: string, options?: A11yOptions): Promise<void>;
  /** The problems seen so far on a page. */
  problems(page: Page): PageProblem[];
  /** Throws listing every console error, page error and CSP violation seen on the page. */
  assertNoConsoleErrors(page: Page): void;
  /** Closes the browser, the server and the database, and removes the temp dir. */
  close(): Promise<void>;
}

/** Why browser suites cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  return fs.existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium)`;
}

function skipOrThrow(reason: string): null {
  if (requireAll())
    throw new Error(`Browser suites cannot run: ${reason}, and LIFEBOAT_REQUIRE_ALL=1 forbids skipping.`);
  console.warn(`\n!!! Browser suites SKIPPED: ${reason} !!!\n`);
  return null;
}

/**
 * Starts a server and Chromium for browser tests. Returns null (after a loud warning) when Chromium is
 * missing, unless LIFEBOAT_REQUIRE_ALL=1, where it throws instead.
 */
export async function startE2E(options: E2EOptions = {}): Promise<E2E | null> {
  const unavailable = browserUnavailable();
  if (unavailable) return skipOrThrow(unavailable);
  if (!fs.existsSync(path.join(WEB_ROOT, 'index.html')))
    throw new Error(`${WEB_ROOT}/index.html is missing: run \`npm run build\` first (npm test does).`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-e2e-'));
  const cleanups: Array<() => Promise<void> | void> = [() => fs.rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'closing the browser-test environment failed');
  };

  try {
    // Built like production (TOTP for admin and staff by default), only on a throwaway directory.
    // scrypt at a lower cost than production's 2^17: the browser suites log in many times on a shared machine.
    const env: NodeJS.ProcessEnv = {
      LIFEBOAT_SCRYPT_COST: '14',
      ...(options.totpRequiredFor ? { LIFEBOAT_TOTP_REQUIRED: options.totpRequiredFor.join(',') || 'none' } : {}),
    };
    const config = loadConfig({ port: 0, host: '127.0.0.1', data: dir }, env);
    // Every page of a suite comes from one address, and a movable clock may never end a
    // rate-limit window: the limits are out of reach here (src/server/limits.api.test.ts tests them).
    config.rateLimit = { windowMs: 60_000, perCaller: 1e9, perAddress: 1e9, authPerAddress: 1e9 };
    const db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'lifeboat.db') });
    cleanups.push(() => db.destroy());
    await migrateToLatest(db);

    const movable = options.clockStart ? movableClock(options.clockStart) : undefined;
    const clock: Clock = movable ?? (() => new Date());
    let lastId = 0;
    const ids = () => `e2e-${(++lastId).toString().padStart(6, '0')}`;
    const app = await buildApp({ db, config, clock, ids, webRoot: WEB_ROOT, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => app.close());
    const { port } = app.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    // The port is known only now; links (set-up, invitations) must point at it.
    config.port = port;
    config.publicUrl = baseUrl;

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());

    const visited: string[] = [];
    const problemsOf = new WeakMap<Page, PageProblem[]>();

    const newPage = async (contextOptions: BrowserContextOptions = {}) => {
      const context = await browser.newContext({ locale: 'sv-SE', ...options.context, ...contextOptions });
      const page = await context.newPage();
      const problems: PageProblem[] = [];
      problemsOf.set(page, problems);
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const where = message.location().url;
        // Chromium asks for /favicon.ico on its own; a 404 there is not something the page did.
        if (where === `${baseUrl}/favicon.ico`) return;
        // "Failed to load resource" does not say which: the location does.
        const text = where && !message.text().includes(where) ? `${message.text()} [${where}]` : message.text();
        // Chromium reports CSP refusals as console errors; keep them apart so the report says which.
        const kind = /Content Security Policy/i.test(text) ? 'csp' : 'console';
        problems.push({ kind, text, url: page.url() });
      });
      page.on('pageerror', (error) => problems.push({ kind: 'pageerror', text: String(error), url: page.url() }));
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) visited.push(frame.url());
      });
      return page;
    };

    return {
      baseUrl,
      app,
      db,
      config,
      deps: { clock, ids, config },
      ...(movable ? { clock: movable } : {}),
      browser,
      visited,
      newPage,
      setupLink: async () => {
        const link = await ensureSetupLink(db, { clock, ids, config });
        if (!link) throw new Error('ensureSetupLink returned no link: is there already an administrator?');
        return link;
      },
      totpCode: (secret) => totpCodeAt(secret.replace(/\s+/g, ''), clock()),
      checkA11y: (page, label, a11yOptions) => checkA11y(page, label, a11yOptions),
      problems: (page) => [...(problemsOf.get(page) ?? [])],
      assertNoConsoleErrors: (page) => {
        const problems = problemsOf.get(page);
        if (!problems) throw new Error('assertNoConsoleErrors: this page was not opened with newPage()');
        if (problems.length === 0) return;
        const lines = problems.map((p) => `  [${p.kind}] ${p.text} (at ${p.url})`);
        throw new Error(`${problems.length} console error(s) or CSP violation(s) on the page:\n${lines.join('\n')}`);
      },
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/**
 * A `describe` for browser suites: starts the environment before the suite and closes it after. When
 * Chromium is missing it becomes a loud `describe.skip` (or throws under LIFEBOAT_REQUIRE_ALL=1).
 * Inside, call `e2e()` in hooks and tests to get the running environment.
 */
export function describeBrowser(name: string, fn: (e2e: () => E2E) => void, options: E2EOptions = {}): void {
  const unavailable = browserUnavailable();
  if (unavailable) {
    skipOrThrow(`${unavailable} (suite "${name}")`);
    describe.skip(name, () => fn(() => undefined as unknown as E2E));
    return;
  }
  describe(name, () => {
    let env: E2E | null = null;
    beforeAll(async () => {
      env = await startE2E(options);
    });
    afterAll(async () => {
      await env?.close();
    });
    fn(() => {
      if (!env) throw new Error('the browser-test environment is not running (did beforeAll fail?)');
      return env;
    });
  });
}
