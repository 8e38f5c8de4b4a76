/**
 * GET /metrics for Prometheus (README, "Running in production"): request latency by route pattern and
 * status class, open live streams, the database pool, the outgoing queue, the plan cache and planner,
 * and the process. Labels never carry a raw URL, an id or anything personal: only route patterns as
 * registered (`/api/systems/:id`), methods and status classes. One registry per app.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { dialectOf, pgPoolOf } from '../../store/database.js';
import { queueGauges } from '../../store/outgoing/outgoing.repository.js';
import type { App } from '../app.js';
import type { AppDeps } from '../deps.js';
import type { PlanCache } from '../plan/plan.service.js';

/** What the metrics read besides the request hooks. */
export interface MetricSources {
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>;
  plans: PlanCache;
  streams: { open: number };
}

// The label of a request that matched no route: its URL may be anything a scanner sends.
const UNMATCHED = '(unmatched)';

/** The route label of a request: its registered pattern, never its URL. */
export function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED;
}

/** Builds the app's registry and records every answered request in it. */
export function installMetrics(app: App, sources: MetricSources): Registry {
  const registry = new Registry();
  const duration = new Histogram({
    name: 'lifeboat_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: routeLabel(request), status_class: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });

  new Gauge({
    name: 'lifeboat_live_streams_open',
    help: 'Live event streams (GET /api/events) open now',
    registers: [registry],
    collect() {
      this.set(sources.streams.open);
    },
  });

  const { db } = sources.deps;
  new Gauge({
    name: 'lifeboat_db_connections',
    help: 'Database connections by state (PostgreSQL pool: total, idle, waiting clients; SQLite: one connection)',
    labelNames: ['dialect', 'state'] as const,
    registers: [registry],
    collect() {
      const pool = pgPoolOf(db);
      if (pool) {
        this.set({ dialect: 'postgres', state: 'total' }, pool.totalCount);
        this.set({ dialect: 'postgres', state: 'idle' }, pool.idleCount);
        this.set({ dialect: 'postgres', state: 'waiting' }, pool.waitingCount);
      } else this.set({ dialect: dialectOf(db), state: 'total' }, 1);
    },
  });

  const queue = new Gauge({
    name: 'lifeboat_outgoing_messages',
    help: 'Messages in the outgoing queue by state',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const oldest = new Gauge({
    name: 'lifeboat_outgoing_oldest_pending_age_seconds',
    help: 'Age of the oldest message still waiting to be sent (0 when none waits)',
    registers: [registry],
  });
  // One query for both gauges, at each scrape.
  new Gauge({
    name: 'lifeboat_metrics_database_up',
    help: 'Whether the last scrape could read the database (1) or not (0)',
    registers: [registry],
    async collect() {
      try {
        const { byState, oldestPendingAt } = await queueGauges(db);
        for (const state of ['pending', 'sent', 'failed']) queue.set({ state }, byState[state] ?? 0);
        const age = oldestPendingAt ? (sources.deps.clock().getTime() - Date.parse(oldestPendingAt)) / 1000 : 0;
        oldest.set(Math.max(0, age));
        this.set(1);
      } catch {
        this.set(0);
      }
    },
  });

  const { plans } = sources;
  // Counters that follow the cache's own tallies: each scrape adds what happened since the last.
  const tally = (name: string, help: string, read: () => number) => {
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const now = read();
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
  };
  tally(
    'lifeboat_plan_cache_hits_total',
    'Plans answered from the cache (or shared while computing)',
    () => plans.hits,
  );
  tally('lifeboat_plan_cache_misses_total', 'Plans computed', () => plans.misses);
  new Gauge({
    name: 'lifeboat_planner_jobs',
    help: 'Planner jobs by state (queued: waiting for a thread; running: being computed)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = plans.planner.stats();
      this.set({ state: 'queued' }, stats.queued);
      this.set({ state: 'running' }, stats.running);
    },
  });
  new Gauge({
    name: 'lifeboat_planner_threads',
    help: 'Planner worker threads running (0: inline, or none started yet)',
    registers: [registry],
    collect() {
      this.set(plans.planner.stats().threads);
    },
  });
  return registry;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const FORWARDED = ['x-forwarded-for', 'x-real-ip', 'forwarded'];

/**
 * Whether a request may read the metrics: it carries the configured bearer token, or it comes from this
 * machine directly. The peer address is the socket's, never X-Forwarded-For; and a request a proxy forwarded
 * (it says so in a header) is not "from this machine" even when the proxy runs on it.
 */
export function mayReadMetrics(request: FastifyRequest, token: string | undefined): boolean {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (token && bearer) {
    // Hashes first: equal lengths for timingSafeEqual, and the time taken says nothing about the token.
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(bearer), digest(token));
  }
  if (bearer) return false;
  const forwarded = FORWARDED.some((h) => request.headers[h] !== undefined);
  return !forwarded && LOOPBACK.test(request.raw.socket.remoteAddress ?? '');
}

/** Registers GET /metrics: the registry's text, or the same 404 as an unknown path for anyone else. */
export function metricsRoute(app: App, registry: Registry, token: string | undefined): void {
  let defaults = false;
  app.get('/metrics', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    if (!mayReadMetrics(request, token)) return reply.callNotFound();
    // The process metrics start with the first scrape: tests build many apps that are never scraped.
    if (!defaults) {
      collectDefaultMetrics({ register: registry, prefix: 'lifeboat_' });
      defaults = true;
    }
    const text = await registry.metrics();
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
  });
}
