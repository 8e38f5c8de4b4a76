import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../catalogue/types.js';
import { validateCatalogue } from '../catalogue/validate.js';
import { type Actuals, actualsFromChanges, statusChangesOf } from './actuals.js';
import { simulateRuns, splitRuns, summariseForecast } from './forecast.js';
import { logNormalTail, logPertMoments, normalCdf, normalQuantile } from './learning.js';
import { compileModel, modelForTransfer, modelFromTransfer, STATE_DONE, STATE_IN_PROGRESS } from './model.js';
import { applyActuals, computePlan, type PlanOptions } from './plan.js';
import { Rng, samplePert } from './random.js';
import { arbitraryCatalogue, catalogueOf } from './test-support/catalogues.js';

const OPTS: PlanOptions = { runs: 200, seed: 7, friction: 0.3 };

/** A chain of six systems on one team, the first `done` of them finished with the given hours taken. */
function chain(took: number[], running?: { elapsed: number }): { catalogue: Catalogue; actuals: Actuals } {
  const systems = Array.from({ length: 6 }, (_, i) => ({
    id: `s${i}`,
    team: 'a',
    depends_on: i === 0 ? [] : [`s${i - 1}`],
    estimate_hours: { low: 4, likely: 8, high: 20 },
    status: (i < took.length ? 'operational' : i === took.length && running ? 'restoring' : 'down') as 'down',
  }));
  const actuals: Actuals = {};
  let t = -100;
  took.forEach((h, i) => {
    actuals[`s${i}`] = { started_h: t, back_h: t + h };
    t += h;
  });
  if (running) actuals[`s${took.length}`] = { started_h: -running.elapsed, back_h: null };
  return { catalogue: catalogueOf(systems, { a: 1 }), actuals };
}

describe('numerics', () => {
  it('has a normal CDF, tail and quantile that agree with each other and known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.6448536269514722)).toBeCloseTo(0.95, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 7);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 5);
    for (const p of [1e-6, 0.01, 0.3, 0.5, 0.8, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
    // Far in the tail the log stays finite and close to the asymptote -z^2/2 - log(z sqrt(2 pi)).
    expect(logNormalTail(40)).toBeCloseTo(-800 - Math.log(40 * Math.sqrt(2 * Math.PI)), 2);
    expect(logNormalTail(-40)).toBeCloseTo(0, 12);
  });

  it('gives the log-scale mean and spread of a beta-PERT as a Monte Carlo estimate does', () => {
    const rng = new Rng(3, 0);
    const n = 40_000;
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      const y = Math.log(samplePert(rng, 6, 12, 36));
      s1 += y;
      s2 += y * y;
    }
    const m = logPertMoments(6, 12, 36);
    expect(m.m).toBeCloseTo(s1 / n, 2);
    expect(m.s).toBeCloseTo(Math.sqrt(s2 / n - (s1 / n) ** 2), 2);
    // An exact estimate still gets a little spread, so one such system cannot fix the friction.
    expect(logPertMoments(5, 5, 5)).toEqual({ m: Math.log(5), s: 0.05 });
  });
});

describe('learning the friction', () => {
  it('learns a factor near the truth from many systems that ran twice their draws', () => {
    const rng = new Rng(5, 0);
    const took = Array.from({ length: 5 }, () => 2 * samplePert(rng, 4, 8, 20));
    const many = Array.from({ length: 40 }, (_, i) => ({
      id: `x${i}`,
      estimate_hours: { low: 4, likely: 8, high: 20 },
      status: 'operational' as const,
    }));
    const actuals: Actuals = {};
    many.forEach((s, i) => {
      actuals[s.id] = { started_h: -200, back_h: -200 + 2 * samplePert(rng, 4, 8, 20) };
      if (i < took.length) actuals[s.id].back_h = -200 + took[i];
    });
    const plan = computePlan(catalogueOf(many), { ...OPTS, actuals });
    expect(plan.learning?.finished).toBe(40);
    expect(plan.learning?.factor_p50).toBeGreaterThan(1.8);
    expect(plan.learning?.factor_p50).toBeLessThan(2.2);
    expect(plan.learning?.factor_p05).toBeLessThan(plan.learning?.factor_p50 ?? 0);
    expect(plan.learning?.factor_p95).toBeGreaterThan(plan.learning?.factor_p50 ?? 0);
  });

  it('learns more from a system in progress than from leaving it out (it has taken at least so long)', () => {
    const quick = chain([8, 9], { elapsed: 60 });
    const learned = computePlan(quick.catalogue, { ...OPTS, actuals: quick.actuals });
    const without = { ...quick.actuals };
    delete without.s2;
    const blind = computePlan(quick.catalogue, { ...OPTS, actuals: without });
    expect(learned.learning?.in_progress).toBe(1);
    expect(blind.learning?.in_progress).toBe(0);
    expect(learned.learning?.factor_p50).toBeGreaterThan((blind.learning?.factor_p50 ?? 0) + 0.3);
  });

  it('reports the prior when nothing was observed, and leaves the runs as DESIGN.md draws them', () => {
    const { catalogue } = chain([]);
    const plan = computePlan(catalogue, { ...OPTS, actuals: {} });
    expect(plan.learning).toEqual({ finished: 0, in_progress: 0, factor_p50: 1, factor_p05: 0.61, factor_p95: 1.64 });
    const { learning: _l, ...rest } = plan;
    expect(rest).toEqual(computePlan(catalogue, OPTS));
  });

  it('shows the hours taken and so far, and does not learn with learning: false', () => {
    const { catalogue, actuals } = chain([30, 40], { elapsed: 12 });
    const plan = computePlan(catalogue, { ...OPTS, actuals, learning: false });
    expect(plan.learning).toBeUndefined();
    expect(plan.systems[0].actual_h).toBe(30);
    expect(plan.systems[2].elapsed_h).toBe(12);
    expect(plan.systems[3].actual_h).toBeUndefined();
    const today = computePlan(catalogue, OPTS);
    expect(plan.forecast).toEqual(today.forecast);
    expect(plan.systems.map((s) => [s.p50_h, s.p90_h])).toEqual(today.systems.map((s) => [s.p50_h, s.p90_h]));
  });
});

describe('learning: properties', () => {
  it('with no actuals the plan is exactly today’s: no new keys, the same numbers', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(16), fc.integer({ min: 1, max: 1000 }), (c, seed) => {
        const opts = { runs: 40, seed, friction: 0.3 };
        const plan = computePlan(c, opts);
        const text = JSON.stringify(plan);
        expect(text).not.toMatch(/"learning"|"actual_h"|"elapsed_h"/);
        // learning: false with actuals changes only the added hours, never a number of the forecast.
        const actuals: Actuals = {};
        for (const s of c.systems) actuals[s.id] = { started_h: -5, back_h: s.status === 'operational' ? -1 : null };
        const off = computePlan(c, { ...opts, actuals, learning: false });
        const strip = (p: typeof off) =>
          JSON.stringify({ ...p, systems: p.systems.map(({ actual_h: _a, elapsed_h: _e, ...s }) => s) });
        expect(strip(off)).toBe(text);
      }),
      { numRuns: 40 },
    );
  });

  it('more finished systems that ran slower than it believed never make the forecast earlier', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(14), fc.integer({ min: 1, max: 1000 }), (c, seed) => {
        const opts = { runs: 60, seed, friction: 0.3 };
        const model = compileModel(c);
        // Systems that are back and have a real estimate; none conditioned in progress, so a larger
        // friction in a run scales that run's whole schedule.
        const done = c.systems.filter(
          (s, i) => model.state[i] === STATE_DONE && s.estimate_hours !== undefined && s.estimate_hours.high > 0,
        );
        const unlearned = computePlan(c, opts);
        let previous = { p50: unlearned.forecast.p50_h, p90: unlearned.forecast.p90_h, factor95: 1.64 };
        const actuals: Actuals = {};
        for (const s of done.slice(0, 4)) {
          const e = s.estimate_hours ?? { low: 0, likely: 0, high: 0 };
          // Slower than the forecast held plausible: above its 95th percentile by three spreads.
          const { m, s: sd } = logPertMoments(e.low, e.likely, e.high);
          actuals[s.id] = { started_h: -500, back_h: -500 + Math.exp(m + 3 * sd) * previous.factor95 };
          const plan = computePlan(c, { ...opts, actuals });
          expect(plan.forecast.p50_h).toBeGreaterThanOrEqual(previous.p50);
          expect(plan.forecast.p90_h).toBeGreaterThanOrEqual(previous.p90);
          previous = { p50: plan.forecast.p50_h, p90: plan.forecast.p90_h, factor95: plan.learning?.factor_p95 ?? 1 };
        }
      }),
      { numRuns: 40 },
    );
  });

  it('never gives a system in progress a P50 before now, however long it has taken', () => {
    fc.assert(
      fc.property(
        arbitraryCatalogue(14),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (c, seed, elapsed) => {
          const model = compileModel(c);
          const actuals: Actuals = {};
          c.systems.forEach((s, i) => {
            if (model.state[i] === STATE_IN_PROGRESS) actuals[s.id] = { started_h: -elapsed, back_h: null };
            if (model.state[i] === STATE_DONE) actuals[s.id] = { started_h: -elapsed - 3, back_h: -elapsed };
          });
          const plan = computePlan(c, { runs: 40, seed, friction: 0.3, actuals });
          c.systems.forEach((s, i) => {
            if (model.state[i] !== STATE_IN_PROGRESS) return;
            expect(plan.systems[i].p50_h).toBeGreaterThanOrEqual(0);
            expect(plan.systems[i].p90_h).toBeGreaterThanOrEqual(plan.systems[i].p50_h);
            expect(plan.systems[i].elapsed_h).toBe(Math.round(elapsed * 10) / 10 + 0);
            expect(s.id).toBe(plan.systems[i].id);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives the same learned forecast on one thread or split over two (through a worker’s copy)', () => {
    fc.assert(
      fc.property(
        arbitraryCatalogue(14),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 2, max: 40 }),
        (c, seed, runs) => {
          const model = compileModel(c);
          const actuals: Actuals = {};
          c.systems.forEach((s, i) => {
            if (model.state[i] === STATE_IN_PROGRESS) actuals[s.id] = { started_h: -7, back_h: null };
            if (model.state[i] === STATE_DONE) actuals[s.id] = { started_h: -30, back_h: -10 };
          });
          const opts = { runs, seed, friction: 0.3, actuals };
          applyActuals(model, opts);
          const one = summariseForecast(model, runs, [simulateRuns(model, opts, 0, runs)]);
          // The second half runs on a copy as a worker receives it (structured clone of the transfer).
          const copy = modelFromTransfer(structuredClone(modelForTransfer(model)));
          const [[a0, a1], [b0, b1]] = splitRuns(runs, 2);
          const two = summariseForecast(model, runs, [
            simulateRuns(copy, opts, b0, b1),
            simulateRuns(model, opts, a0, a1),
          ]);
          expect(Array.from(two.p50)).toEqual(Array.from(one.p50));
          expect(Array.from(two.p90)).toEqual(Array.from(one.p90));
          expect([two.makespanP50, two.makespanP90]).toEqual([one.makespanP50, one.makespanP90]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('status_history in a catalogue file', () => {
  const file = (history: unknown, status?: string) => ({
    version: 1,
    organisation: { name: 'T', locale: 'en', timezone: 'Europe/Stockholm' },
    teams: [],
    units: [],
    systems: [
      { id: 'a', name: 'A', kind: 'application', ...(status ? { status } : {}), status_history: history },
      { id: 'b', name: 'B', kind: 'application' },
    ],
  });

  it('reads the changes, the latest instant, and the status from the last entry when none is given', () => {
    const r = validateCatalogue(
      file([
        { status: 'restoring', at: '2026-11-30T08:00:00+01:00' },
        { status: 'operational', at: '2026-11-30T20:30:00+01:00' },
      ]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.systems[0].status).toBe('operational');
    const { changes, latest } = statusChangesOf(r.catalogue);
    expect(latest).toBe(Date.UTC(2026, 10, 30, 19, 30));
    expect(actualsFromChanges(changes, latest ?? 0)).toEqual({ a: { started_h: -12.5, back_h: 0 } });
  });

  it('refuses an instant that does not exist, one without an offset, and a history out of order, naming the field', () => {
    const issues = (history: unknown) => {
      const r = validateCatalogue(file(history));
      return r.ok ? [] : r.issues.map((i) => i.field);
    };
    expect(issues([{ status: 'restoring', at: '2026-02-30T08:00:00+01:00' }])).toEqual([
      'systems[0] (a).status_history[0].at',
    ]);
    expect(issues([{ status: 'restoring', at: '2026-11-30T08:00:00' }])[0]).toMatch(/status_history\[0\]\.at/);
    expect(
      issues([
        { status: 'restoring', at: '2026-11-30T08:00:00Z' },
        { status: 'limited', at: '2026-11-30T07:00:00Z' },
      ]),
    ).toEqual(['systems[0] (a).status_history[1].at']);
    expect(issues([{ status: 'fixed', at: '2026-11-30T08:00:00Z' }])[0]).toMatch(/status_history\[0\]\.status/);
  });
});
