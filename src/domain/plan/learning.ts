/**
 * The learning forecast (issue 11; the model is written out in docs/forecast-model.md): the shared
 * friction's log mu has the prior N(0, sigma^2) of DESIGN.md's forecast; every finished system adds
 * a normal observation of mu on the log scale, every system in progress a right-censored one
 * ("took at least elapsed hours"), and the posterior is computed exactly on a grid in mu. The
 * runs then draw mu from that posterior, and a system in progress draws its total duration
 * conditioned on exceeding the hours it has already taken.
 */
import type { Actuals, Learning } from './actuals.js';
import { type PlanModel, STATE_IN_PROGRESS } from './model.js';
import { pertShapes } from './random.js';

/** Points of the quadrature and of each conditioned system's CDF table. */
const TABLE = 256;

/**
 * The least log-scale spread a system's estimate is given: an exact estimate (low = high) would
 * otherwise claim to know its duration to the minute, and one such system would fix the friction.
 */
export const MIN_LOG_SD = 0.05;

/** Durations below this many hours (a minute) are read as a minute, so their logarithm is finite. */
const MIN_HOURS = 1 / 60;

/** Points of each pass of the grid posterior. */
const GRID = 1024;

/** Everything the runs need to draw from the learned model; typed arrays only, so a worker can take it. */
export interface LearnedForecast {
  /**
   * The posterior of mu = log friction. With censored observations it is a grid (muGrid, muCdf);
   * without them it is normal (gaussMean, gaussSd) and the grids are empty.
   */
  gaussMean: number;
  gaussSd: number;
  muGrid: Float64Array;
  muCdf: Float64Array;
  /** Per system: its row among the conditioned systems (in progress with a known start), else -1. */
  condRow: Int32Array;
  /** Per row: hours already taken, the estimate's low and range, the log-normal moments (m, s). */
  condElapsed: Float64Array;
  condLow: Float64Array;
  condRange: Float64Array;
  condM: Float64Array;
  condS: Float64Array;
  /** Per row: TABLE + 1 values of the PERT's CDF at low + range * k / TABLE. */
  condCdf: Float64Array;
}

/** log t at the quadrature's midpoints t = (k + 1/2) / TABLE; log(1 - t) is the same table reversed. */
const LOG_MID = Float64Array.from({ length: TABLE }, (_, k) => Math.log((k + 0.5) / TABLE));

/** A system's estimate as a distribution of log duration: mean and standard deviation. */
export interface LogMoments {
  m: number;
  s: number;
}

/** The mean and standard deviation of log(D), D a beta-PERT on (low, likely, high), by midpoint quadrature. */
export function logPertMoments(low: number, likely: number, high: number): LogMoments {
  const range = high - low;
  if (range <= 0) return { m: Math.log(Math.max(low, MIN_HOURS)), s: MIN_LOG_SD };
  const [a, b] = pertShapes(low, likely, high);
  let w = 0;
  let s1 = 0;
  let s2 = 0;
  for (let k = 0; k < TABLE; k++) {
    const t = (k + 0.5) / TABLE;
    const d = Math.exp((a - 1) * LOG_MID[k] + (b - 1) * LOG_MID[TABLE - 1 - k]);
    const y = Math.log(Math.max(low + t * range, MIN_HOURS));
    w += d;
    s1 += d * y;
    s2 += d * y * y;
  }
  const m = s1 / w;
  const v = Math.max(0, s2 / w - m * m);
  return { m, s: Math.max(MIN_LOG_SD, Math.sqrt(v)) };
}

/** TABLE + 1 values of the beta-PERT's CDF on an even grid over [low, high] (trapezoid rule). */
function pertCdfTable(low: number, likely: number, high: number): Float64Array {
  const [a, b] = pertShapes(low, likely, high);
  const out = new Float64Array(TABLE + 1);
  let prev = 0 ** (a - 1) * 1 ** (b - 1);
  let acc = 0;
  for (let k = 1; k <= TABLE; k++) {
    const t = k / TABLE;
    const d = t ** (a - 1) * (1 - t) ** (b - 1);
    acc += (prev + d) / 2;
    out[k] = acc;
    prev = d;
  }
  for (let k = 1; k <= TABLE; k++) out[k] /= acc;
  out[TABLE] = 1;
  return out;
}

/** The CDF in row `row` of a table at t in [0, 1], linearly between the points. */
function tableCdf(cdf: Float64Array, base: number, t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  const x = t * TABLE;
  const k = Math.floor(x);
  return cdf[base + k] + (x - k) * (cdf[base + k + 1] - cdf[base + k]);
}

/** The inverse of tableCdf: the t in [0, 1] at which the row's CDF reaches p. */
function tableQuantile(cdf: Float64Array, base: number, p: number): number {
  let lo = 0;
  let hi = TABLE;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cdf[base + mid] < p) lo = mid;
    else hi = mid;
  }
  const a = cdf[base + lo];
  const b = cdf[base + hi];
  const f = b > a ? (p - a) / (b - a) : 0;
  return (lo + Math.min(1, Math.max(0, f))) / TABLE;
}

/** log erfc(x) with relative error below 1.2e-7 (Numerical Recipes' erfcc), finite for any x >= 0. */
function logErfcPos(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const p =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) + p;
}

/** The standard normal's upper tail Q(z) = P(Z > z), on the log scale (finite far into the tail). */
export function logNormalTail(z: number): number {
  const x = z / Math.SQRT2;
  if (x >= 0) return logErfcPos(x) - Math.LN2;
  return Math.log1p(-0.5 * Math.exp(logErfcPos(-x)));
}

/** The standard normal CDF. */
export function normalCdf(z: number): number {
  return z >= 0 ? 1 - Math.exp(logNormalTail(z)) : Math.exp(logNormalTail(-z));
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - plow) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** What the model can use of one system's actuals. */
interface Observations {
  /** Finished: y = log(took) - m, and s, per observation. */
  y: number[];
  s: number[];
  /** In progress with a known start: L = log(elapsed) - m, and s. */
  cl: number[];
  cs: number[];
}

/** Hours each system took (finished) or has taken so far (in progress), NaN where the history does not say. */
export function actualHours(model: PlanModel, actuals: Actuals): { took: Float64Array; elapsed: Float64Array } {
  const { n, ids, state } = model;
  const took = new Float64Array(n).fill(Number.NaN);
  const elapsed = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const a = actuals[ids[i]];
    if (a === undefined || a.started_h === null) continue;
    if (a.back_h !== null) took[i] = Math.max(0, a.back_h - a.started_h);
    else if (state[i] === STATE_IN_PROGRESS) elapsed[i] = Math.max(0, -a.started_h);
  }
  return { took, elapsed };
}

/**
 * Degrees of freedom of the prior on mu: a Student t with DESIGN.md's scale sigma. Its bulk is
 * DESIGN.md's normal, but its tails are heavy, so that when the history clearly says the work runs
 * slower than the estimates, the history decides rather than being pulled back towards 1.
 */
export const PRIOR_DF = 3;

/** |mu| beyond this is not considered: a friction factor outside e^-6 .. e^6 (0.0025 .. 403). */
const MU_LIMIT = 6;

/** The prior's log density of mu, up to a constant. */
function logPrior(mu: number, sigma: number): number {
  return -0.5 * (PRIOR_DF + 1) * Math.log1p((mu * mu) / (PRIOR_DF * sigma * sigma));
}

/** The part of [lo, hi] where a log density is within 40 of its maximum (e^-40 of its peak). */
function massRange(post: (mu: number) => number, lo: number, hi: number): [number, number] {
  const step = (hi - lo) / (GRID - 1);
  const v = new Float64Array(GRID);
  let max = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < GRID; g++) {
    v[g] = post(lo + g * step);
    if (v[g] > max) max = v[g];
  }
  let first = 0;
  let last = GRID - 1;
  while (first < GRID - 1 && v[first] < max - 40) first++;
  while (last > 0 && v[last] < max - 40) last--;
  return [lo + Math.max(0, first - 1) * step, lo + Math.min(GRID - 1, last + 1) * step];
}

/** A density given by its log on an even grid over [lo, hi], and its CDF by the trapezoid rule. */
function gridCdf(post: (mu: number) => number, lo: number, hi: number): { muGrid: Float64Array; muCdf: Float64Array } {
  const muGrid = new Float64Array(GRID);
  const logs = new Float64Array(GRID);
  const step = (hi - lo) / (GRID - 1);
  let max = Number.NEGATIVE_INFINITY;
  for (let g = 0; g < GRID; g++) {
    muGrid[g] = lo + g * step;
    logs[g] = post(muGrid[g]);
    if (logs[g] > max) max = logs[g];
  }
  const muCdf = new Float64Array(GRID);
  let acc = 0;
  let prev = Math.exp(logs[0] - max);
  for (let g = 1; g < GRID; g++) {
    const d = Math.exp(logs[g] - max);
    acc += (prev + d) / 2;
    muCdf[g] = acc;
    prev = d;
  }
  for (let g = 1; g < GRID; g++) muCdf[g] /= acc;
  return { muGrid, muCdf };
}

/**
 * Learns the friction from the actuals and prepares the conditioned draws of systems in progress.
 * `sigma` is the prior's spread (the forecast's `friction`). Returns the summary and the tables the
 * runs use; with nothing to learn from the posterior is the prior.
 */
export function learnForecast(
  model: PlanModel,
  took: Float64Array,
  elapsed: Float64Array,
  sigma: number,
): { learned: LearnedForecast; learning: Learning } {
  const { n, low, likely, high, defaulted, remainingGiven } = model;
  const obs: Observations = { y: [], s: [], cl: [], cs: [] };
  const condRow = new Int32Array(n).fill(-1);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const finished = !Number.isNaN(took[i]);
    const running = !Number.isNaN(elapsed[i]);
    if (!finished && !running) continue;
    const mom = logPertMoments(low[i], likely[i], high[i]);
    // A system without an estimate was planned with a stand-in, which says nothing about the friction.
    const informative = defaulted[i] === 0 && high[i] > 0;
    if (finished && informative) {
      obs.y.push(Math.log(Math.max(took[i], MIN_HOURS)) - mom.m);
      obs.s.push(mom.s);
    } else if (running) {
      if (informative) {
        obs.cl.push(Math.log(Math.max(elapsed[i], MIN_HOURS)) - mom.m);
        obs.cs.push(mom.s);
      }
      // remaining_hours is a fresher judgement than the estimate: such a system keeps it, as today.
      if (remainingGiven[i] === 0 && high[i] > 0) {
        condRow[i] = rows.length;
        rows.push(i);
      }
    }
  }
  const finished = obs.y.length;
  const inProgress = obs.cl.length;

  // The finished systems' normal likelihoods combine into one: precision w, centre yBar.
  let w = 0;
  let num = 0;
  for (let k = 0; k < finished; k++) {
    const wk = 1 / (obs.s[k] * obs.s[k]);
    w += wk;
    num += wk * obs.y[k];
  }
  const yBar = w > 0 ? num / w : 0;
  let gaussMean = 0;
  // Friction off (sigma 0) leaves nothing to learn; nothing observed leaves DESIGN.md's prior as it is.
  let gaussSd = Math.max(0, sigma);
  let muGrid: Float64Array = new Float64Array(0);
  let muCdf: Float64Array = new Float64Array(0);
  let q05 = -1.6448536269514722 * gaussSd;
  let q50 = 0;
  let q95 = 1.6448536269514722 * gaussSd;
  if (sigma > 0 && finished + inProgress > 0) {
    const post = (mu: number): number => {
      let lp = logPrior(mu, sigma) - 0.5 * w * (mu - yBar) * (mu - yBar);
      for (let j = 0; j < inProgress; j++) lp += logNormalTail((obs.cl[j] - mu) / obs.cs[j]);
      return lp;
    };
    // Pass 1 finds where the mass lies, pass 2 puts a fine grid over it.
    const spread = w > 0 ? Math.min(sigma, 1 / Math.sqrt(w)) : sigma;
    let lo = Math.min(0, yBar) - 10 * Math.max(spread, sigma);
    let hi = Math.max(0, yBar) + 10 * spread;
    for (let j = 0; j < inProgress; j++) hi = Math.max(hi, obs.cl[j] + 4 * obs.cs[j] + 10 * spread);
    lo = Math.max(lo, -MU_LIMIT);
    hi = Math.min(Math.max(hi, lo + spread), MU_LIMIT);
    [lo, hi] = massRange(post, lo, hi);
    ({ muGrid, muCdf } = gridCdf(post, lo, hi));
    q05 = gridQuantile(muGrid, muCdf, 0.05);
    q50 = gridQuantile(muGrid, muCdf, 0.5);
    q95 = gridQuantile(muGrid, muCdf, 0.95);
    gaussMean = q50;
    gaussSd = 0;
  } else if (sigma <= 0) {
    gaussSd = 0;
  }

  const r = rows.length;
  const learned: LearnedForecast = {
    gaussMean,
    gaussSd,
    muGrid,
    muCdf,
    condRow,
    condElapsed: new Float64Array(r),
    condLow: new Float64Array(r),
    condRange: new Float64Array(r),
    condM: new Float64Array(r),
    condS: new Float64Array(r),
    condCdf: new Float64Array(r * (TABLE + 1)),
  };
  for (let k = 0; k < r; k++) {
    const i = rows[k];
    const mom = logPertMoments(low[i], likely[i], high[i]);
    learned.condElapsed[k] = elapsed[i];
    learned.condLow[k] = low[i];
    learned.condRange[k] = high[i] - low[i];
    learned.condM[k] = mom.m;
    learned.condS[k] = mom.s;
    if (high[i] > low[i]) learned.condCdf.set(pertCdfTable(low[i], likely[i], high[i]), k * (TABLE + 1));
  }
  return {
    learned,
    learning: {
      finished,
      in_progress: inProgress,
      factor_p50: Math.exp(q50),
      factor_p05: Math.exp(q05),
      factor_p95: Math.exp(q95),
    },
  };
}

/** The p-quantile of a grid distribution (linear between the points). */
function gridQuantile(grid: Float64Array, cdf: Float64Array, p: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < p) lo = mid;
    else hi = mid;
  }
  const a = cdf[lo];
  const b = cdf[hi];
  const f = b > a ? (p - a) / (b - a) : 0;
  return grid[lo] + Math.min(1, Math.max(0, f)) * (grid[hi] - grid[lo]);
}

/** The run's friction factor from its standard normal draw z: the posterior's quantile at Phi(z). */
export function learnedFactor(learned: LearnedForecast, z: number): number {
  if (learned.muGrid.length === 0) return Math.exp(learned.gaussMean + learned.gaussSd * z);
  return Math.exp(gridQuantile(learned.muGrid, learned.muCdf, normalCdf(z)));
}

/**
 * The hours left of a conditioned system in progress, given the run's PERT draw `drawn` (which
 * fixes the run's quantile u) and friction factor: its total is the u-quantile of the PERT
 * conditioned on total > elapsed, i.e. of drawn in (elapsed / factor, high); where the estimate's
 * range cannot reach that far, the log-normal approximation's tail beyond it is used instead.
 */
export function conditionedRemaining(learned: LearnedForecast, row: number, drawn: number, factor: number): number {
  const e = learned.condElapsed[row];
  const low = learned.condLow[row];
  const range = learned.condRange[row];
  const c = e / factor;
  if (c <= low) return Math.max(0, drawn * factor - e);
  const base = row * (TABLE + 1);
  const u = range > 0 ? tableCdf(learned.condCdf, base, (drawn - low) / range) : 0.5;
  const uc = range > 0 ? tableCdf(learned.condCdf, base, (c - low) / range) : 1;
  if (uc < 1 - 1e-6) {
    const x = low + tableQuantile(learned.condCdf, base, uc + u * (1 - uc)) * range;
    return Math.max(0, x * factor - e);
  }
  // Beyond the estimate's range: log D ~ N(m, s^2) truncated below at log c, at the same quantile u.
  const m = learned.condM[row];
  const s = learned.condS[row];
  const a = (Math.log(c) - m) / s;
  const uu = Math.min(u, 1 - 1e-12);
  // For a far tail the truncated normal is nearly z = sqrt(a^2 + 2E), E exponential: no underflow.
  const z = a > 5 ? Math.sqrt(a * a - 2 * Math.log1p(-uu)) : -normalQuantile(Math.exp(logNormalTail(a)) * (1 - uu));
  return Math.max(0, Math.exp(m + s * z) * factor - e);
}
