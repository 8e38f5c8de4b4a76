import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogue, System } from '../catalogue/types.js';
import { validateCatalogue } from '../catalogue/validate.js';
import { type Actuals, actualsFromChanges, type Learning, statusChangesOf } from './actuals.js';
import { simulateRuns, splitRuns, summariseForecast } from './forecast.js';
import {
  actualHours,
  conditionedRemaining,
  type LearnedForecast,
  learnedFactor,
  learnForecast,
  logNormalTail,
  logPertMoments,
  normalCdf,
  normalQuantile,
} from './learning.js';
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

/*
 * Pinned values: the same history and seed must give the same forecast, so these small scenarios
 * hold learning.ts's numbers (computed once with it) to ten significant digits.
 */
describe('learning: pinned scenarios', () => {
  const E = { low: 4, likely: 8, high: 20 };
  const Z = [-2, -0.5, 0, 0.7, 2.5];

  function expectPinned(actual: ArrayLike<number>, pinned: number[]): void {
    expect(actual.length).toBe(pinned.length);
    Array.from(actual).forEach((a, k) => {
      // Relative, so that a tail pinned near zero is held as tightly as the bulk.
      if (pinned[k] === 0 || !Number.isFinite(pinned[k])) expect(a, `[${k}]`).toBe(pinned[k]);
      else expect(Math.abs(a / pinned[k] - 1), `[${k}] ${a} vs ${pinned[k]}`).toBeLessThan(1e-10);
    });
  }

  function learnOf(systems: Array<Partial<System> & { id: string }>, actuals: Actuals, sigma = 0.3) {
    const model = compileModel(catalogueOf(systems));
    const { took, elapsed } = actualHours(model, actuals);
    return { took, elapsed, ...learnForecast(model, took, elapsed, sigma) };
  }

  function finishedOnly(took: number[]) {
    const systems = took.map((_, i) => ({ id: `f${i}`, estimate_hours: E, status: 'operational' as const }));
    const actuals: Actuals = {};
    took.forEach((h, i) => {
      actuals[`f${i}`] = { started_h: -100, back_h: -100 + h };
    });
    return learnOf(systems, actuals);
  }

  function summary(l: Learning): number[] {
    return [l.finished, l.in_progress, l.factor_p50, l.factor_p05, l.factor_p95];
  }

  const cdfAt = (learned: LearnedForecast) => [100, 300, 512, 700, 900].map((g) => learned.muCdf[g]);
  // A posterior pinned by its CDF at those five grid points and the factor it gives the five draws Z.
  function expectPosterior(learned: LearnedForecast, cdf: number[], factors: number[]): void {
    expectPinned(cdfAt(learned), cdf);
    expectPinned(
      Z.map((z) => learnedFactor(learned, z)),
      factors,
    );
  }

  /**
   * Every case the model distinguishes: finished with and without a usable estimate, in progress
   * conditioned, exact, with remaining_hours, without an estimate, and histories it cannot use.
   */
  const mixSystems: Array<Partial<System> & { id: string }> = [
    { id: 'f1', estimate_hours: E, status: 'operational' },
    { id: 'f2', estimate_hours: E, status: 'operational' },
    { id: 'd1', status: 'operational' },
    { id: 'z1', estimate_hours: { low: 0, likely: 0, high: 0 }, status: 'operational' },
    { id: 'p1', estimate_hours: E, status: 'restoring' },
    { id: 'p2', estimate_hours: { low: 2, likely: 2, high: 10 }, status: 'restoring' },
    { id: 'p3', estimate_hours: { low: 6, likely: 6, high: 6 }, status: 'verifying' },
    { id: 'p4', estimate_hours: E, status: 'restoring', remaining_hours: 3 },
    { id: 'p5', status: 'restoring' },
    { id: 'p6', estimate_hours: { low: 0, likely: 0, high: 0 }, status: 'restoring' },
    { id: 'n1', estimate_hours: E, status: 'down' },
    { id: 'n2', estimate_hours: E, status: 'operational' },
    { id: 'n3', estimate_hours: E, status: 'down' },
  ];
  const mixActuals: Actuals = {
    f1: { started_h: -40, back_h: -34 },
    f2: { started_h: -70, back_h: -40 },
    d1: { started_h: -60, back_h: -10 },
    z1: { started_h: -5, back_h: -2 },
    p1: { started_h: -12, back_h: null },
    p2: { started_h: -5, back_h: null },
    p3: { started_h: -9, back_h: null },
    p4: { started_h: -10, back_h: null },
    p5: { started_h: -7, back_h: null },
    p6: { started_h: -2, back_h: null },
    // Down yet started, and back without a start: neither says how long it took.
    n1: { started_h: -3, back_h: null },
    n2: { started_h: null, back_h: -1 },
  };

  it('pins the numerics the posterior is built from', () => {
    expectPinned(
      [logPertMoments(4, 8, 20), logPertMoments(2, 2, 10)].flatMap(({ m, s }) => [m, s]),
      [2.1862841894562397, 0.3106559713502571, 1.1534783886305824, 0.31008384200376893],
    );
    // A zero estimate is read as a minute, with the least spread.
    expect(logPertMoments(0, 0, 0)).toEqual({ m: Math.log(1 / 60), s: 0.05 });
    expectPinned(
      [0, -1, 1, 3, -3].map(logNormalTail),
      [-0.6931471505599452, -0.17275378789522058, -1.841021597962492, -6.6077261906743106, -0.001350810006429969],
    );
    // Far below the mean the CDF keeps its relative precision rather than rounding to 0.
    expectPinned(
      [-10, -1, 0.5, 3].map(normalCdf),
      [7.61985326353274e-24, 0.1586552613956747, 0.6914624830813982, 0.9986501019267444],
    );
    expectPinned(
      [0.02425, 1 - 0.02425, 0.01, 0.3, 0.9].map(normalQuantile),
      [-1.9729610490848712, 1.9729610490848712, -2.326347874388028, -0.5244005132792953, 1.2815515641401563],
    );
    expect([normalQuantile(0), normalQuantile(1), normalQuantile(-1), normalQuantile(2)]).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('reads hours taken and so far only where the history says them, never negative', () => {
    const { took, elapsed } = learnOf(mixSystems, mixActuals);
    expect(Array.from(took)).toEqual([6, 30, 50, 3, ...Array(9).fill(Number.NaN)]);
    expect(Array.from(elapsed)).toEqual([
      Number.NaN,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      12,
      5,
      9,
      10,
      7,
      2,
      ...Array(3).fill(Number.NaN),
    ]);
    const zero = learnOf(
      [
        { id: 'a', estimate_hours: E, status: 'operational' },
        { id: 'b', estimate_hours: E, status: 'operational' },
        { id: 'c', estimate_hours: E, status: 'restoring' },
      ],
      { a: { started_h: -3, back_h: -3 }, b: { started_h: -3, back_h: -5 }, c: { started_h: 2, back_h: null } },
    );
    expect(Array.from(zero.took)).toEqual([0, 0, Number.NaN]);
    expect(Array.from(zero.elapsed)).toEqual([Number.NaN, Number.NaN, 0]);
    // Durations of zero count as a minute each: a finite logarithm, the friction at its floor e^-6.
    expectPinned(summary(zero.learning), [2, 1, 0.0027124780620999883, 0.0024972258797925813, 0.0033664493648016933]);
    expectPinned([zero.learned.muGrid[0], zero.learned.muGrid[1023]], [-6, -4.2533001585257715]);
    expectPinned(
      [-2, 0, 2.5].map((z) => learnedFactor(zero.learned, z)),
      [0.002487068443639393, 0.0027124780526154137, 0.0038983886312977715],
    );
  });

  it('with no history reports the normal prior and draws exp(sigma z)', () => {
    const { learned, learning } = learnOf(mixSystems, {});
    expect(learning).toEqual({
      finished: 0,
      in_progress: 0,
      factor_p50: 1,
      factor_p05: Math.exp(-1.6448536269514722 * 0.3),
      factor_p95: Math.exp(1.6448536269514722 * 0.3),
    });
    expect([learned.gaussMean, learned.gaussSd, learned.muGrid.length, learned.condElapsed.length]).toEqual([
      0, 0.3, 0, 0,
    ]);
    expect(Array.from(learned.condRow)).toEqual(Array(13).fill(-1));
    expectPinned(
      Z.map((z) => learnedFactor(learned, z)),
      Z.map((z) => Math.exp(0.3 * z)),
    );
    // A prior shifted by hand moves every draw by the same factor.
    expectPinned([learnedFactor({ ...learned, gaussMean: 0.2 }, -1)], [Math.exp(0.2 - 0.3)]);
  });

  it('with the friction off learns nothing: every factor is 1', () => {
    const { learned, learning } = learnOf(mixSystems, mixActuals, 0);
    expect(learning).toEqual({ finished: 2, in_progress: 4, factor_p50: 1, factor_p05: 1, factor_p95: 1 });
    expect([learned.gaussSd, learned.muGrid.length]).toEqual([0, 0]);
    expect(Z.map((z) => learnedFactor(learned, z))).toEqual([1, 1, 1, 1, 1]);
  });

  it('one system back faster than estimated pulls the friction below 1', () => {
    const { learned, learning } = finishedOnly([5]);
    expectPinned(summary(learning), [1, 0, 0.734261798624839, 0.46190398408322103, 1.0682047467208924]);
    expectPinned(
      [learned.gaussMean, learned.gaussSd, learned.muGrid[0], learned.muGrid[1023]],
      [-0.30888964008482506, 0, -3.133246674759649, 2.0420820183027377],
    );
    expectPosterior(
      learned,
      [8.951280356060325e-14, 0.000010136189784031114, 0.19149621918002055, 0.9992782157892628, 0.9999999999973244],
      [0.413621117964991, 0.6443500839317621, 0.7342617916861947, 0.8680754267172411, 1.2860306108921655],
    );
    // Between the prior (1) and what it saw (5 hours against a log-mean of about 8.9).
    expect(learning.factor_p50).toBeGreaterThan(5 / Math.exp(logPertMoments(4, 8, 20).m));
  });

  it('several systems back slower push it above 1, monotone in the run’s draw', () => {
    const { learned, learning } = finishedOnly([20, 25, 30]);
    expectPinned(summary(learning), [3, 0, 2.490885094055885, 1.8400288069314028, 3.374428645630181]);
    expectPinned(
      [learned.gaussMean, learned.muGrid[0], learned.muGrid[1023]],
      [0.9126381067760639, -0.6136128014517914, 2.5568730480479713],
    );
    expectPosterior(
      learned,
      [8.20081646553618e-13, 0.0005258001046369118, 0.6284917289140401, 0.9997591795657615, 0.99999999999697],
      [1.7245106722005827, 2.2712838179509545, 2.4908850767627113, 2.834583917334136, 3.9500626279189928],
    );
    const zs = Array.from({ length: 81 }, (_, k) => -8 + k / 5);
    const factors = zs.map((z) => learnedFactor(learned, z));
    for (let k = 1; k < factors.length; k++) expect(factors[k]).toBeGreaterThanOrEqual(factors[k - 1]);
    // Far below the posterior's grid the draw is its lowest point; far above, never beyond its highest.
    expect(learnedFactor(learned, -40)).toBeCloseTo(Math.exp(learned.muGrid[0]), 12);
    expect(learnedFactor(learned, 40)).toBeLessThanOrEqual(Math.exp(learned.muGrid[1023]));
  });

  it('one system in progress long past its estimate learns a large friction, capped at e^6', () => {
    const { learned, learning } = learnOf([{ id: 'p', estimate_hours: E, status: 'restoring' }], {
      p: { started_h: -60, back_h: null },
    });
    expectPinned(summary(learning), [0, 1, 9.611819927965083, 4.264380424693529, 76.24022969644717]);
    expectPinned(
      [learned.gaussMean, learned.muGrid[0], learned.muGrid[1023]],
      [2.2629935836127077, -0.8797653958944278, 6],
    );
    expectPosterior(
      learned,
      [3.914420352892267e-11, 0.007578810453190491, 0.6536904195808315, 0.9141592544867903, 0.9829732874950761],
      [3.692621685238279, 7.177932807216353, 9.61181968818832, 17.58068109998797, 281.4109847897854],
    );
    expect(Array.from(learned.condRow)).toEqual([0]);
    expectPinned(
      [
        [4, 1],
        [12, 1],
        [20, 1],
        [8, 2],
        [8, 3.7],
      ].map(([drawn, factor]) => conditionedRemaining(learned, 0, drawn, factor)),
      [0, 5.183715056828618, 118.02565596804544, 2.069060268492521, 1.5953333984903395],
    );
  });

  it('one finished and one in progress both count', () => {
    const { learned, learning } = learnOf(
      [
        { id: 'f', estimate_hours: E, status: 'operational' },
        { id: 'p', estimate_hours: E, status: 'restoring' },
      ],
      { f: { started_h: -30, back_h: -20 }, p: { started_h: -15, back_h: null } },
    );
    expectPinned(summary(learning), [1, 1, 1.319907692633198, 0.9685038015545959, 1.8924723149554015]);
    expectPinned(
      [learned.gaussMean, learned.muGrid[0], learned.muGrid[1023]],
      [0.2775618043297406, -1.5048046825823473, 2.737906903389571],
    );
    expectPosterior(
      learned,
      [1.0069079917674642e-12, 0.0017898045467116064, 0.9410080497410205, 0.9999968701974696, 0.9999999999998207],
      [0.9087262423956486, 1.1964115194649703, 1.319907682647809, 1.5275762271988298, 2.3347133087360463],
    );
  });

  it('a mix: only usable estimates teach, and only systems without remaining_hours are conditioned', () => {
    const { learned, learning } = learnOf(mixSystems, mixActuals);
    expectPinned(summary(learning), [2, 4, 1.7302559185269708, 1.488189168388582, 2.218439429219466]);
    expect(learning.factor_p05).toBeLessThan(learning.factor_p50);
    expect(learning.factor_p50).toBeLessThan(learning.factor_p95);
    expectPinned(
      [learned.gaussMean, learned.gaussSd, learned.muGrid[0], learned.muGrid[1023]],
      [0.5482693273535322, 0, -0.0015942057949618338, 2.289322580788663],
    );
    expectPinned(
      cdfAt(learned),
      [0.0000015176525172975382, 0.8080034344065359, 0.9997786397199383, 0.9999999860010998, 0.999999999999989],
    );
    expect([learned.muCdf[0], learned.muCdf[1023]]).toEqual([0, 1]);
    expectPinned(
      Z.map((z) => learnedFactor(learned, z)),
      [1.4532205552076256, 1.6357546044434257, 1.7302559104917485, 1.904743545257731, 2.585709167352216],
    );
    expect(Array.from(learned.condRow)).toEqual([-1, -1, -1, -1, 0, 1, 2, -1, 3, -1, -1, -1, -1]);
    expect(Array.from(learned.condElapsed)).toEqual([12, 5, 9, 7]);
    expect(Array.from(learned.condLow)).toEqual([4, 2, 6, 4]);
    expect(Array.from(learned.condRange)).toEqual([16, 8, 0, 20]);
    expectPinned(learned.condM, [2.1862841894562397, 1.1534783886305824, 1.791759469228055, 2.242174748945081]);
    expectPinned(learned.condS, [0.3106559713502571, 0.31008384200376893, 0.05, 0.35089699193954976]);
    // The PERT's CDF per row; an exact estimate has no table.
    expect(learned.condCdf.length).toBe(4 * 257);
    const row = (k: number) => [0, 1, 5, 64, 100, 128, 200, 255, 256].map((j) => learned.condCdf[k * 257 + j]);
    expectPinned(
      row(0),
      [
        0, 0.00015081056239362527, 0.003665056603299466, 0.36717140631843975, 0.6466378896180264, 0.8124888734681749,
        0.9905518640776644, 0.9999999976807296, 1,
      ],
    );
    expectPinned(
      row(1),
      [
        0, 0.019379061018758748, 0.09391440662453951, 0.7626906187734865, 0.9159685490449985, 0.9687476158930297,
        0.99949885891774, 0.9999999999977264, 1,
      ],
    );
    expect(Array.from(learned.condCdf.subarray(2 * 257, 3 * 257))).toEqual(Array(257).fill(0));
    expectPinned(
      row(3),
      [
        0, 0.00037941596475317977, 0.007367486620412984, 0.44267793816103024, 0.7135336506007446, 0.8579103339730862,
        0.9942788793048839, 0.9999999993640556, 1,
      ],
    );
    for (let k = 0; k < 4; k++) {
      if (k === 2) continue;
      for (let j = 1; j <= 256; j++)
        expect(learned.condCdf[k * 257 + j]).toBeGreaterThan(learned.condCdf[k * 257 + j - 1]);
    }
  });

  it('conditions a system in progress on the hours it has taken, in and beyond its range', () => {
    const { learned } = learnOf(mixSystems, mixActuals);
    // [row, drawn, factor]: below, inside and beyond the estimate's range; the last row at its high end.
    const calls = [
      [0, 4, 1],
      [0, 6.5, 1],
      [0, 9.3, 1],
      [0, 15, 1],
      [0, 20, 1],
      [0, 9.3, 2.5],
      [0, 4, 3],
      [0, 7, 3],
      [0, 7, 0.5],
      [0, 20, 0.5],
      [1, 2, 1],
      [1, 3.7, 1],
      [1, 8, 1],
      [1, 3.7, 0.2],
      [1, 10, 0.2],
      [2, 6, 1],
      [2, 6, 2],
      [3, 4, 1.3],
      [3, 10, 1.3],
      [3, 24, 1.3],
      [3, 10, 0.25],
    ];
    expectPinned(
      calls.map(([r, drawn, factor]) => conditionedRemaining(learned, r, drawn, factor)),
      [
        0, 0.44855752763142576, 1.5969823743981983, 4.802172458985545, 8, 11.463044347944848, 0, 9, 0.2921581156742725,
        41.17472376536607, 0, 1.0624731076493834, 3.7501562815756255, 0.28203822785280064, 9.00067124182016,
        0.038344852952644004, 3, 0, 6.384071563140338, 24.200000000000003, 0.5823282851607257,
      ],
    );
    // Not yet past its low end: the draw scaled by the factor, less the hours taken, never below 0.
    expect(conditionedRemaining(learned, 0, 4.5, 3)).toBeCloseTo(4.5 * 3 - 12, 12);
    expect(conditionedRemaining(learned, 2, 5, 1.6)).toBe(0);
    // A draw below the range counts as its lowest quantile.
    expect(conditionedRemaining(learned, 0, 3, 1)).toBe(conditionedRemaining(learned, 0, 4, 1));
    expect(conditionedRemaining(learned, 1, 1, 1)).toBe(conditionedRemaining(learned, 1, 2, 1));
    // Later quantiles leave more to do.
    for (const [r, factor] of [
      [0, 1],
      [0, 0.5],
      [1, 0.2],
      [3, 1.3],
    ]) {
      const low = learned.condLow[r];
      const rem = Array.from({ length: 11 }, (_, k) =>
        conditionedRemaining(learned, r, low + (learned.condRange[r] * k) / 10, factor),
      );
      for (let k = 1; k < rem.length; k++) expect(rem[k]).toBeGreaterThanOrEqual(rem[k - 1]);
      expect(rem[10]).toBeGreaterThan(rem[0]);
    }
  });

  it('switches to the far-tail form of the truncated normal only beyond five spreads', () => {
    const exactAt = (elapsed: number): LearnedForecast => ({
      gaussMean: 0,
      gaussSd: 0,
      muGrid: new Float64Array(0),
      muCdf: new Float64Array(0),
      condRow: new Int32Array([0]),
      condElapsed: new Float64Array([elapsed]),
      condLow: new Float64Array([0.5]),
      condRange: new Float64Array([0]),
      condM: new Float64Array([-5]),
      condS: new Float64Array([1]),
      condCdf: new Float64Array(257),
    });
    // log(1) - (-5) = five spreads exactly: still the normal quantile.
    expectPinned([conditionedRemaining(exactAt(1), 0, 0.5, 1)], [0.14112924711430463]);
  });
});
