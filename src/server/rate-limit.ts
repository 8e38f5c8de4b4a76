import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LifeboatError } from '../domain/errors.js';
import { type Db, dialectOf } from '../store/database.js';
import { deleteStaleRateCounts, incrementRateCount } from '../store/limits/rate-limit.repository.js';
import type { Config } from './config.js';
import type { Clock } from './deps.js';

/** What a store answers for one hit: the count in the window and the milliseconds left of it. */
interface StoreResult {
  current: number;
  ttl: number;
}
type StoreCallback = (error: Error | null, result?: StoreResult) => void;

/** A counter store in the shape @fastify/rate-limit expects (`incr` with a callback, `child`). */
export interface RateStore {
  incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): RateStore;
}

// Sweeping the stale counters once every this many hits keeps the memory or the table small
// without a timer that would outlive the app.
const SWEEP_EVERY = 1000;

/** Counters in this process, by the injected clock: enough for SQLite, where one process serves. */
export function memoryRateStore(clock: Clock): RateStore {
  const counts = new Map<string, { start: number; hits: number }>();
  let sinceSweep = 0;
  const store: RateStore = {
    incr(key, callback, timeWindow) {
      const now = clock().getTime();
      if (++sinceSweep >= SWEEP_EVERY) {
        sinceSweep = 0;
        for (const [k, v] of counts) if (v.start + timeWindow <= now) counts.delete(k);
      }
      let entry = counts.get(key);
      if (!entry || entry.start + timeWindow <= now) {
        entry = { start: now, hits: 0 };
        counts.set(key, entry);
      }
      entry.hits++;
      callback(null, { current: entry.hits, ttl: entry.start + timeWindow - now });
    },
    child: () => store,
  };
  return store;
}

/** Counters in the `rate_limits` table, incremented atomically: shared by every server on one PostgreSQL. */
export function tableRateStore(db: Db, clock: Clock): RateStore {
  let sinceSweep = 0;
  const count = async (key: string, timeWindow: number): Promise<StoreResult> => {
    const now = clock();
    const cutoff = new Date(now.getTime() - timeWindow).toISOString();
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      await deleteStaleRateCounts(db, cutoff);
    }
    const { hits, windowStart } = await incrementRateCount(db, key, now.toISOString(), cutoff);
    return { current: hits, ttl: new Date(windowStart).getTime() + timeWindow - now.getTime() };
  };
  const store: RateStore = {
    incr(key, callback, timeWindow) {
      count(key, timeWindow).then(
        (result) => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
    child: () => store,
  };
  return store;
}

/** The anonymous routes that start a session: each attempt may cost a password hash. */
export function isAuthRoute(path: string): boolean {
  return path === '/api/auth/login' || path === '/api/setup' || path.startsWith('/api/invitations/');
}

// The static UI and the health check are cheap and must stay fast: they skip the counters.
function isExempt(path: string): boolean {
  return path === '/healthz' || path === '/' || path === '/app' || path.startsWith('/app/');
}

/**
 * Whom a request is counted against: its session or token when it has one (set by the auth
 * plugin, which runs first), else its address. Never a raw cookie or header value, which an
 * attacker could vary at will. API tokens count per user until the auth context names the token.
 */
export function rateKeyOf(request: FastifyRequest): string {
  if (request.auth?.via === 'session' && request.auth.sessionId) return `s:${request.auth.sessionId}`;
  if (request.auth) return `t:${request.auth.user.id}`;
  if (request.authPending) return `p:${request.authPending.sessionId}`;
  return `a:${normalizeIP(request.ip)}`;
}

/**
 * Installs the rate limit as an app-wide onRequest hook. Register it after the auth plugin (so
 * that `request.auth` is set) and before the routes; route guards and body parsing come after it.
 */
export async function installRateLimit(
  app: FastifyInstance,
  deps: { db: Db; clock: Clock; config: Pick<Config, 'rateLimit'> },
): Promise<void> {
  const limits = deps.config.rateLimit;
  const store = dialectOf(deps.db) === 'postgres' ? tableRateStore(deps.db, deps.clock) : memoryRateStore(deps.clock);
  // The plugin builds the store with `new`; a function returning an object does for that.
  const storeOfApp = function storeOfApp() {
    return store;
  } as unknown as new () => RateStore;
  await app.register(rateLimit, { global: false, store: storeOfApp, skipOnError: true, timeWindow: limits.windowMs });

  const general = app.createRateLimit({
    timeWindow: limits.windowMs,
    keyGenerator: rateKeyOf,
    max: (_request: FastifyRequest, key: string) => (key.startsWith('a:') ? limits.perAddress : limits.perCaller),
  });
  const auth = app.createRateLimit({
    timeWindow: limits.windowMs,
    keyGenerator: (request: FastifyRequest) => `auth:${rateKeyOf(request)}`,
    max: limits.authPerAddress,
  });

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (isExempt(path)) return;
    const result = await (isAuthRoute(path) ? auth : general)(request);
    if (result.isAllowed || !result.isExceeded) return;
    const retryAfter = Math.max(1, result.ttlInSeconds);
    reply.header('retry-after', String(retryAfter));
    throw new LifeboatError('rate_limited', `Too many requests; try again in ${retryAfter} seconds.`, {
      details: { retryAfter },
    });
  });
}
