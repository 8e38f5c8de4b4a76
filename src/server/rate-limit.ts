import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LifeboatError } from '../domain/errors.js';
import { type Db, dialectOf } from '../store/database.js';
import { deleteStaleRateCounts, incrementRateCount, readRateCount } from '../store/limits/rate-limit.repository.js';
import type { Config } from './config.js';
import type { Clock } from './deps.js';

/** What a store answers for one hit: the count in the window and the milliseconds left of it. */
interface StoreResult {
  current: number;
  ttl: number;
}
type StoreCallback = (error: Error | null, result?: StoreResult) => void;

/** A counter store in the shape @fastify/rate-limit expects (`incr` with a callback, `child`), and a look without counting. */
export interface RateStore {
  incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): RateStore;
  peek(key: string, timeWindow: number): Promise<StoreResult>;
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
    peek: async (key, timeWindow) => {
      const now = clock().getTime();
      const entry = counts.get(key);
      if (!entry || entry.start + timeWindow <= now) return { current: 0, ttl: 0 };
      return { current: entry.hits, ttl: entry.start + timeWindow - now };
    },
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
    peek: async (key, timeWindow) => {
      const now = clock().getTime();
      const found = await readRateCount(db, key, new Date(now - timeWindow).toISOString());
      if (!found) return { current: 0, ttl: 0 };
      return { current: found.hits, ttl: new Date(found.windowStart).getTime() + timeWindow - now };
    },
  };
  return store;
}

/** The anonymous routes that start a session: each attempt may cost a password hash. */
export function isAuthRoute(path: string): boolean {
  return path === '/api/auth/login' || path === '/api/setup' || path.startsWith('/api/invitations/');
}

// The static UI and the health checks are cheap and must stay fast: they skip the counters.
function isExempt(path: string): boolean {
  return path === '/healthz' || path === '/readyz' || path === '/' || path === '/app' || path.startsWith('/app/');
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

/** The store the app counts in: the shared table on PostgreSQL, memory on SQLite (one process). */
export function rateStoreOf(deps: { db: Db; clock: Clock }): RateStore {
  return dialectOf(deps.db) === 'postgres' ? tableRateStore(deps.db, deps.clock) : memoryRateStore(deps.clock);
}

function tooMany(reply: FastifyReply, ttlMs: number): LifeboatError {
  const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
  reply.header('retry-after', String(retryAfter));
  return new LifeboatError('rate_limited', `Too many requests; try again in ${retryAfter} seconds.`, {
    details: { retry_after: retryAfter },
    key: 'err.http.tooManyRequests',
    params: { seconds: retryAfter },
  });
}

/**
 * A refused API token ends its request in the auth plugin, before the rate limit could count it.
 * So, registered BEFORE the auth plugin: an address whose bearer tokens were refused
 * `authPerAddress` times in the window gets 429 for any bearer token until the window ends,
 * before the token is looked up. Good tokens are not counted here (they have their own budget).
 */
export function installBearerThrottle(
  app: FastifyInstance,
  deps: { config: Pick<Config, 'rateLimit'> },
  store: RateStore,
): void {
  const limits = deps.config.rateLimit;
  const keyOf = (request: FastifyRequest) => `bearer:${normalizeIP(request.ip)}`;
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization === undefined) return;
    const { current, ttl } = await store.peek(keyOf(request), limits.windowMs);
    if (current >= limits.authPerAddress) throw tooMany(reply, ttl);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.headers.authorization === undefined || request.auth || reply.statusCode !== 401) return;
    await new Promise<void>((resolve) => {
      store.incr(
        keyOf(request),
        (error) => {
          if (error) request.log.error({ err: error }, 'counting a refused token failed');
          resolve();
        },
        limits.windowMs,
        limits.authPerAddress,
      );
    });
  });
}

/**
 * Installs the rate limit as an app-wide onRequest hook. Register it after the auth plugin (so
 * that `request.auth` is set) and before the routes; route guards and body parsing come after it.
 */
export async function installRateLimit(
  app: FastifyInstance,
  deps: { config: Pick<Config, 'rateLimit'> },
  store: RateStore,
): Promise<void> {
  const limits = deps.config.rateLimit;
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
    throw tooMany(reply, result.ttl);
  });
}
