import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkForecastSize,
  forecast,
  MAX_FORECAST_CELLS,
  maxRunsFor,
  nearestRankIndex,
  select,
  simulateRuns,
  splitRuns,
  summariseForecast,
} from './forecast.js';
import { compileModel } from './model.js';
import { computePlan } from './plan.js';
import { Rng, samplePert } from './random.js';
import { arbitraryCatalogue, catalogueOf } from './test-support/catalogues.js';

function bytes(a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }): number[] {
  return [...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)];
}

describe('random streams', () => {
  it('gives the same stream for the same (seed, run) and different ones otherwise', () => {
    const a = new Rng(1, 7);
    const b = new Rng(1, 7);
    const c = new Rng(1, 8);
    const d = new Rng(2 ** 32 + 1, 7);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
    expect(Array.from({ length: 5 }, () => d.nextUint32())).not.toEqual(xs);
  });

  it('draws beta-PERT values within [low, high] with the PERT mean', () => {
    const rng = new Rng(42, 0);
    const n = 40_000;
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const x = samplePert(rng, 2, 4, 12);
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    expect(min).toBeGreaterThanOrEqual(2);
    expect(max).toBeLessThanOrEqual(12);
    // PERT mean (low + 4 likely + high) / 6 = 5.
    expect(sum / n).toBeCloseTo(5, 1);
    expect(samplePert(rng, 3, 3, 3)).toBe(3);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const rng = new Rng(3, 1);
    let s = 0;
    let s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(s2 / n).toBeCloseTo(1, 1);
  });
});

describe('percentiles', () => {
  it('selects the nearest-rank value like a full sort would', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 200 }), (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        for (const q of [0.5, 0.9]) {
          const k = nearestRankIndex(q, xs.length);
          expect(k).toBe(Math.ceil(q * xs.length) - 1);
          expect(select(Float64Array.from(xs), 0, xs.length - 1, k)).toBe(sorted[k]);
        }
      }),
    );
  });
});

const cat = catalogueOf(
  [
    { id: 'net', team: 'infra', rto_hours: 8, estimate_hours: { low: 2, likely: 4, high: 12 } },
    { id: 'db', team: 'infra', depends_on: ['net'], rto_hours: 24, estimate_hours: { low: 4, likely: 8, high: 30 } },
    { id: 'app', team: 'apps', depends_on: ['db'], rto_hours: 48, estimate_hours: { low: 4, likely: 6, high: 20 } },
    { id: 'web', team: 'apps', depends_on: ['net'], estimate_hours: { low: 1, likely: 1, high: 1 } },
  ],
  { infra: 1, apps: 1 },
);

describe('the forecast', () => {
  it('gives the same result for the same seed, and another for another seed', () => {
    const a = computePlan(cat, { runs: 300, seed: 5, friction: 0.3 });
    const b = computePlan(cat, { runs: 300, seed: 5, friction: 0.3 });
    const c = computePlan(cat, { runs: 300, seed: 6, friction: 0.3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.forecast.p50_h).not.toBe(a.forecast.p50_h);
  });

  it('with no spread and no friction, every run is the likely plan', () => {
    const fixed = catalogueOf(
      [
        { id: 'a', team: 't', estimate_hours: { low: 3, likely: 3, high: 3 } },
        { id: 'b', team: 't', depends_on: ['a'], estimate_hours: { low: 5, likely: 5, high: 5 } },
      ],
      { t: 1 },
    );
    const plan = computePlan(fixed, { runs: 50, seed: 1, friction: 0 });
    expect(plan.systems.map((s) => [s.p50_h, s.p90_h, s.finish_h])).toEqual([
      [3, 3, 3],
      [8, 8, 8],
    ]);
    expect(plan.forecast).toMatchObject({ p50_h: 8, p90_h: 8 });
  });

  it('widens the band with friction', () => {
    const calm = computePlan(cat, { runs: 2000, seed: 1, friction: 0 });
    const rough = computePlan(cat, { runs: 2000, seed: 1, friction: 0.6 });
    expect(rough.forecast.p90_h - rough.forecast.p50_h).toBeGreaterThan(calm.forecast.p90_h - calm.forecast.p50_h);
  });

  it('gives the chance of meeting each RTO, null without one', () => {
    const plan = computePlan(cat, { runs: 500, seed: 1, friction: 0.3 });
    const [net, , app, web] = plan.systems;
    expect(net.p_within_rto).toBeGreaterThan(0.5);
    expect(app.p_within_rto).toBeGreaterThan(0.5);
    expect(web.p_within_rto).toBeNull();
  });

  it('keeps P90 >= P50 and does not depend on how runs are split (random catalogues)', () => {
    fc.assert(
      fc.property(
        arbitraryCatalogue(16),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        (c, runs, parts, seed) => {
          const model = compileModel(c);
          const options = { runs, seed, friction: 0.3 };
          const whole = forecast(model, options);
          for (let i = 0; i < model.n; i++) expect(whole.p90[i]).toBeGreaterThanOrEqual(whole.p50[i]);
          expect(whole.makespanP90).toBeGreaterThanOrEqual(whole.makespanP50);
          const chunks = splitRuns(runs, parts).map(([from, to]) => simulateRuns(model, options, from, to));
          // Workers hand chunks back in any order.
          const split = summariseForecast(model, runs, chunks.reverse());
          expect(bytes(split.p50)).toEqual(bytes(whole.p50));
          expect(bytes(split.p90)).toEqual(bytes(whole.p90));
          expect(bytes(split.pWithin)).toEqual(bytes(whole.pWithin));
          expect([split.makespanP50, split.makespanP90]).toEqual([whole.makespanP50, whole.makespanP90]);
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);

  it('gives the same output for the same seed (random catalogues)', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(12), fc.nat(), (c, seed) => {
        const options = { runs: 20, seed, friction: 0.3 };
        expect(JSON.stringify(computePlan(c, options))).toBe(JSON.stringify(computePlan(c, options)));
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('splits run indices into contiguous, covering ranges', () => {
    expect(splitRuns(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(splitRuns(2, 5)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe('checkForecastSize', () => {
  it('refuses, naming runs, a forecast whose finish times would pass MAX_FORECAST_CELLS, and allows the largest that fits', () => {
    expect(() => checkForecastSize(maxRunsFor(60_000), 60_000)).not.toThrow();
    expect(() => checkForecastSize(5000, 60_000)).toThrow(
      expect.objectContaining({ code: 'bad_request', field: 'runs', key: 'err.plan.tooManyRuns' }),
    );
    expect(maxRunsFor(60_000) * 60_000).toBeLessThanOrEqual(MAX_FORECAST_CELLS);
    expect((maxRunsFor(60_000) + 1) * 60_000).toBeGreaterThan(MAX_FORECAST_CELLS);
  });
});

describe('what each run draws', () => {
  const fixed = (h: number) => ({ low: h, likely: h, high: h });

  it('draws a system in progress as its remaining hours times the run’s friction, and one that is back as nothing', () => {
    const c = catalogueOf(
      [
        { id: 'mail', team: 'x', status: 'restoring', remaining_hours: 5, estimate_hours: fixed(100) },
        { id: 'web', team: 'y', estimate_hours: fixed(10) },
        { id: 'ad', team: 'z', status: 'operational', estimate_hours: fixed(7) },
      ],
      { x: 1, y: 1, z: 1 },
    );
    const runs = 40;
    const chunk = simulateRuns(compileModel(c), { runs, seed: 3, friction: 0.4 }, 0, runs);
    const factors = new Set<number>();
    for (let r = 0; r < runs; r++) {
      const [mail, web, ad] = chunk.finish.subarray(r * 3, r * 3 + 3);
      // Both share the run's friction factor: mail's 5 h are half of web's 10 h in every run.
      expect(mail / web).toBeCloseTo(0.5, 5);
      expect(ad).toBe(0);
      factors.add(Math.round(web * 1000));
    }
    // And the factor does vary from run to run.
    expect(factors.size).toBeGreaterThan(30);
  });

  it('counts a run within the RTO when the system is back exactly at it, and not a minute after', () => {
    const c = catalogueOf([
      { id: 'on-time', rto_hours: 4, estimate_hours: fixed(4) },
      { id: 'late', rto_hours: 3, estimate_hours: fixed(4) },
    ]);
    const summary = forecast(compileModel(c), { runs: 20, seed: 1, friction: 0 });
    expect([...summary.pWithin]).toEqual([1, 0]);
  });

  it('summarises chunks in the order of their runs, whatever order they come in', () => {
    const model = compileModel(cat);
    const options = { runs: 60, seed: 9, friction: 0.3 };
    const chunks = [
      simulateRuns(model, options, 40, 60),
      simulateRuns(model, options, 0, 25),
      simulateRuns(model, options, 25, 40),
    ];
    expect(summariseForecast(model, 60, chunks)).toStrictEqual(forecast(model, options));
  });

  it('has a makespan of zero without runs', () => {
    const summary = forecast(compileModel(cat), { runs: 0, seed: 1, friction: 0.3 });
    expect([summary.makespanP50, summary.makespanP90]).toEqual([0, 0]);
  });
});
