import type { AddressInfo } from 'node:net';
import { type App, buildApp } from '../../src/server/app.js';
import { type Config, loadConfig } from '../../src/server/config.js';
import type { LiveOptions } from '../../src/server/live/hub.js';
import type { OutgoingOptions } from '../../src/server/outgoing/worker.js';
import type { PlanCache } from '../../src/server/plan/plan.service.js';
import { type Db, openDatabase } from '../../src/store/database.js';
import { type Dialect, freshDatabase } from './dialects.js';

/** A clock that tests can move: starts at a fixed instant. */
export function testClock(start = '2026-11-29T08:00:00.000Z') {
  let now = new Date(start).getTime();
  const clock = () => new Date(now);
  return Object.assign(clock, {
    advance(ms: number) {
      now += ms;
    },
    set(iso: string) {
      now = new Date(iso).getTime();
    },
  });
}

/** Sequential ids: deterministic across runs. */
export function testIds(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${(++n).toString().padStart(6, '0')}`;
}

/** A real server on a real database, listening on a free port of 127.0.0.1. */
export interface TestServer {
  url: string;
  app: App;
  db: Db;
  config: Config;
  clock: ReturnType<typeof testClock>;
  /** The PostgreSQL database's URL (for a second server on it). */
  databaseUrl?: string;
  close: () => Promise<void>;
}

/** How to start a test server beyond its configuration. */
export interface TestServerOptions {
  /** Live-event timings (short heartbeats and polls in tests). */
  live?: Partial<LiveOptions>;
  /** Run on this server's PostgreSQL database (with its own pool), as a second Lifeboat server would. */
  shareWith?: TestServer;
  /** The outgoing worker's options; its timer is off unless `{ enabled: true }` (tests drive `runOnce`). */
  outgoing?: Partial<OutgoingOptions>;
  /** pino options for the app's log (default: no log), and whether each request gets a line. */
  logger?: Record<string, unknown>;
  logRequests?: boolean;
  /** The app's plan cache (and so its planner); the test closes its planner. Default: the app makes one from config. */
  plans?: PlanCache;
}

/** Starts a test server on the given dialect; configuration overrides are merged in. */
export async function startTestServer(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const shared = options.shareWith?.databaseUrl;
  const { db, drop, url } = shared
    ? await openDatabase({ kind: 'postgres', url: shared }).then((d) => ({
        db: d,
        drop: () => d.destroy(),
        url: shared,
      }))
    : await freshDatabase(dialect);
  // The test clock stands still, so a rate-limit window never ends: limits are out of reach unless
  // a test sets its own.
  const config = {
    ...loadConfig(
      { port: 0, data: '/nonexistent' },
      // A fixed key (no key file in /nonexistent) and a low scrypt cost: tests log in often.
      {
        LIFEBOAT_TOTP_REQUIRED: 'none',
        LIFEBOAT_SECRET_KEY: 'test-secret-key-0123456789abcdef!',
        LIFEBOAT_SCRYPT_COST: '10',
      },
    ),
    rateLimit: { windowMs: 60_000, perCaller: 1e9, perAddress: 1e9, authPerAddress: 1e9 },
    ...overrides,
  };
  const clock = testClock();
  // A second server on the same database counts its own ids, so that the two never hand out the same one.
  const app = await buildApp({
    db,
    config,
    clock,
    ids: testIds(shared ? 'b' : 'id'),
    logger: options.logger ?? false,
    logRequests: options.logRequests ?? false,
    liveOptions: options.live,
    // Off unless a test asks: a timer sending behind a test's back would make what it reads depend on timing.
    outgoing: { enabled: false, ...options.outgoing },
    ...(options.plans ? { plans: options.plans } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db,
    config,
    clock,
    databaseUrl: url,
    close: async () => {
      await app.close();
      await drop();
    },
  };
}
