import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../store/database.js';
import type { Config } from './config.js';
import type { LiveHub, LiveOptions } from './live/hub.js';
import type { OutgoingOptions } from './outgoing/worker.js';
import type { PlanCache } from './plan/plan.service.js';

/** A source of the current time; tests pass a fixed or stepping clock. */
export type Clock = () => Date;

/** A source of new record ids; tests pass a counter. */
export type IdSource = () => string;

/** Everything the app needs from outside; `buildApp` gets it, nothing reads globals. */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  ids: IdSource;
  /** Where the built staff UI lives (dist/web); absent in API-only tests. */
  webRoot?: string;
  /** `false` in tests; pino options in `serve`. */
  logger?: FastifyBaseLogger | boolean | Record<string, unknown>;
  /** Log every request (LOG_REQUESTS=1); off by default so the console stays readable. */
  logRequests?: boolean;
  /** When `serve` ends TLS itself. */
  https?: { cert: Buffer; key: Buffer };
  /** Publishes committed live events; `buildApp` makes one (started when the app is ready) if absent. */
  live?: LiveHub;
  /** Heartbeat, poll and limits of live events (tests shorten them). */
  liveOptions?: Partial<LiveOptions>;
  /** How often reminders of reporting deadlines are queued (`serve`: every 60 s); absent or 0: never by a timer. */
  reminderEveryMs?: number;
  /**
   * The app's one cache of plans (the plan API, the situation picture and the public site read the same
   * forecast); `buildApp` makes one if absent.
   */
  plans?: PlanCache;
  /** The outgoing worker's timings and channels (tests switch its timer off and drive `runOnce`). */
  outgoing?: Partial<OutgoingOptions>;
}
