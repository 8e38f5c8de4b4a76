/**
 * The forecast (DESIGN.md, "Forecast"): Monte Carlo over beta-PERT durations (lambda 4), with one
 * shared log-normal friction factor per run, re-running the schedule rule on every draw.
 *
 * Each run r draws from its own stream Rng(seed, r): first the friction normal, then one PERT
 * draw per system in catalogue order (a degenerate estimate, low = high, draws nothing). Systems in progress
 * with `remaining_hours` take those hours times the run's friction factor (the hours left are
 * already a judgement of the remaining work, so only the shared friction applies); without it
 * they draw from their estimate like any other system. Because streams depend only on (seed, r),
 * any split of the run indices across threads gives the same numbers.
 *
 * With a learned model (`model.learned`, docs/forecast-model.md) the same normal draw is mapped
 * through the posterior of the log friction, and systems in progress with a known start draw their
 * total conditioned on the hours already taken; the numbers drawn, and their order, stay the same.
 */

import { LifeboatError } from '../errors.js';
import { conditionedRemaining, learnedFactor } from './learning.js';
import { type PlanModel, STATE_DONE, STATE_IN_PROGRESS } from './model.js';
import { pertShapes, Rng } from './random.js';
import { Scheduler } from './schedule.js';

/** The forecast's parameters. */
export interface ForecastOptions {
  runs: number;
  seed: number;
  /** Sigma of the log-normal friction factor (median 1); 0 turns it off. */
  friction: number;
}

/** The raw outcome of runs [from, to): finish times row by row, makespans, and RTO hits per system. */
export interface RunChunk {
  from: number;
  to: number;
  /** (to - from) rows of n finish times. Float32 keeps 100,000 systems x 1,000 runs within 400 MB. */
  finish: Float32Array<ArrayBuffer>;
  makespan: Float64Array<ArrayBuffer>;
  /** Per system: in how many of these runs it finished within its rto_hours. */
  within: Int32Array<ArrayBuffer>;
}

/** Percentiles and chances of the forecast, per system and for the whole. */
export interface ForecastSummary {
  runs: number;
  p50: Float64Array;
  p90: Float64Array;
  /** Share of runs in which each system finished within its rto_hours; NaN without an RTO. */
  pWithin: Float64Array;
  makespanP50: number;
  makespanP90: number;
}

/** Precomputed Gamma parameters of each system's beta-PERT, so a run does no setup. */
interface PertTable {
  d1: Float64Array;
  c1: Float64Array;
  d2: Float64Array;
  c2: Float64Array;
}

function pertTable(model: PlanModel): PertTable {
  const { n, low, likely, high } = model;
  const t: PertTable = {
    d1: new Float64Array(n),
    c1: new Float64Array(n),
    d2: new Float64Array(n),
    c2: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const [a, b] = pertShapes(low[i], likely[i], high[i]);
    t.d1[i] = a - 1 / 3;
    t.c1[i] = 1 / Math.sqrt(9 * t.d1[i]);
    t.d2[i] = b - 1 / 3;
    t.c2[i] = 1 / Math.sqrt(9 * t.d2[i]);
  }
  return t;
}

/** The forecast keeps runs x systems finish times (4 bytes each): at most 1 GB of them. */
export const MAX_FORECAST_CELLS = 250_000_000;

/** The most runs a forecast of n systems may have within MAX_FORECAST_CELLS. */
export function maxRunsFor(n: number): number {
  return Math.floor(MAX_FORECAST_CELLS / Math.max(1, n));
}

/** Refuses, naming `runs`, a forecast whose finish times would not fit in MAX_FORECAST_CELLS. */
export function checkForecastSize(runs: number, n: number): void {
  if (runs * n > MAX_FORECAST_CELLS) {
    const max = maxRunsFor(n);
    throw new LifeboatError('bad_request', `${runs} runs of ${n} systems need too much memory; use at most ${max}`, {
      field: 'runs',
      key: 'err.plan.tooManyRuns',
      params: { runs, systems: n, max },
    });
  }
}

/** Runs the forecast's runs [from, to) on one thread. */
export function simulateRuns(model: PlanModel, options: ForecastOptions, from: number, to: number): RunChunk {
  const { n, low, high, state, remaining, remainingGiven, rto } = model;
  const count = Math.max(0, to - from);
  const chunk: RunChunk = {
    from,
    to,
    finish: new Float32Array(count * n),
    makespan: new Float64Array(count),
    within: new Int32Array(n),
  };
  const table = pertTable(model);
  const scheduler = new Scheduler(model);
  const duration = new Float64Array(n);
  const rng = new Rng();
  const sigma = options.friction;
  const { d1, c1, d2, c2 } = table;
  const learned = model.learned;
  const condRow = learned?.condRow;
  for (let r = 0; r < count; r++) {
    rng.reseed(options.seed, from + r);
    // Learning maps the same normal draw through the posterior's quantiles: the streams stay as they were.
    const z = rng.normal();
    const factor = learned ? learnedFactor(learned, z) : Math.exp(sigma * z);
    for (let i = 0; i < n; i++) {
      // Every system draws, even one that is done, so that marking a system done in a what-if
      // leaves the other systems' draws as they were.
      const lo = low[i];
      const span = high[i] - lo;
      let drawn = lo;
      if (span > 0) {
        const x = rng.gammaDc(d1[i], c1[i]);
        const y = rng.gammaDc(d2[i], c2[i]);
        drawn = lo + (x / (x + y)) * span;
      }
      const s = state[i];
      if (s === STATE_DONE) duration[i] = 0;
      else if (s === STATE_IN_PROGRESS && remainingGiven[i] === 1) duration[i] = remaining[i] * factor;
      else if (learned && condRow && condRow[i] >= 0)
        duration[i] = conditionedRemaining(learned, condRow[i], drawn, factor);
      else duration[i] = drawn * factor;
    }
    scheduler.run(duration, false);
    const f = scheduler.finish;
    chunk.finish.set(f, r * n);
    chunk.makespan[r] = scheduler.makespan;
    for (let i = 0; i < n; i++) if (f[i] <= rto[i]) chunk.within[i]++;
  }
  return chunk;
}

/** Splits runs [0, runs) into `parts` contiguous ranges of nearly equal size. */
export function splitRuns(runs: number, parts: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const k = Math.max(1, Math.min(parts, runs));
  for (let p = 0; p < k; p++) out.push([Math.floor((runs * p) / k), Math.floor((runs * (p + 1)) / k)]);
  return out;
}

/** The nearest-rank index (0-based) of percentile q in N sorted values. */
export function nearestRankIndex(q: number, count: number): number {
  return Math.min(count, Math.max(1, Math.ceil(q * count - 1e-9))) - 1;
}

/** Combines chunks covering runs [0, runs) into nearest-rank P50/P90 and RTO chances. */
export function summariseForecast(model: PlanModel, runs: number, chunks: RunChunk[]): ForecastSummary {
  const { n, rto } = model;
  const sorted = [...chunks].sort((a, b) => a.from - b.from);
  const p50 = new Float64Array(n);
  const p90 = new Float64Array(n);
  const pWithin = new Float64Array(n);
  const within = new Int32Array(n);
  const makespans = new Float64Array(runs);
  for (const c of sorted) {
    makespans.set(c.makespan, c.from);
    for (let i = 0; i < n; i++) within[i] += c.within[i];
  }
  const k50 = nearestRankIndex(0.5, runs);
  const k90 = nearestRankIndex(0.9, runs);
  // Columns are gathered a block of systems at a time, so rows are read in cache-sized pieces.
  const BLOCK = 64;
  const columns: Float64Array[] = [];
  for (let b = 0; b < Math.min(BLOCK, n); b++) columns.push(new Float64Array(runs));
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const width = Math.min(BLOCK, n - i0);
    let r = 0;
    for (const c of sorted) {
      const rows = c.to - c.from;
      const f = c.finish;
      for (let j = 0; j < rows; j++, r++) {
        const base = j * n + i0;
        for (let b = 0; b < width; b++) columns[b][r] = f[base + b];
      }
    }
    for (let b = 0; b < width; b++) {
      const i = i0 + b;
      const column = columns[b];
      p90[i] = select(column, 0, runs - 1, k90);
      // After selecting k90, everything left of it is no larger: k50 lies there.
      p50[i] = select(column, 0, k90, k50);
      pWithin[i] = Number.isNaN(rto[i]) ? Number.NaN : within[i] / runs;
    }
  }
  const makespanP90 = runs > 0 ? select(makespans, 0, runs - 1, k90) : 0;
  const makespanP50 = runs > 0 ? select(makespans, 0, k90, k50) : 0;
  return { runs, p50, p90, pWithin, makespanP50, makespanP90 };
}

/** Hoare quickselect: puts the k-th smallest of a[lo..hi] at a[k] and returns it. */
export function select(a: Float64Array, lo: number, hi: number, k: number): number {
  let l = lo;
  let h = hi;
  while (l < h) {
    const mid = (l + h) >> 1;
    // Median of three as the pivot keeps sorted and constant columns linear.
    let x = a[l];
    let y = a[mid];
    const z = a[h];
    if (x > y) [x, y] = [y, x];
    const pivot = Math.min(Math.max(z, x), y);
    let i = l;
    let j = h;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) h = j;
    else if (k >= i) l = i;
    else break;
  }
  return a[k];
}

/** The whole forecast on the calling thread. */
export function forecast(model: PlanModel, options: ForecastOptions): ForecastSummary {
  return summariseForecast(model, options.runs, [simulateRuns(model, options, 0, options.runs)]);
}
