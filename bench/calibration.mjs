#!/usr/bin/env node
// Calibration of the learning forecast (issue 11), measured on simulated incidents of the reference
// catalogue (test/fixtures/exempelstad.yaml). For each incident a hidden true friction F is drawn
// from a reality's log-normal, true durations are beta-PERT draws times F, and the true schedule
// follows DESIGN.md's rule (the planner's own Scheduler). What happened until 30 % of the true
// makespan is written as `status_history` into a catalogue file's content, which goes through the
// same validation and actuals as `lifeboat plan FILE --as-of`; the forecast is made then, learned
// and unlearned (`--no-learning`, which is today's forecast), and for every system not yet back
// its true finish is compared with the forecast's P50 and P90.
//
// usage: node bench/calibration.mjs [--incidents N] [--runs R] [--seed S] [--reveal F] [--check] [--json]
//   --check exits 1 when a learned figure misses its goal (P50 45–55 %, P90 86–94 %, pinball lower).
// It needs a built dist/ (`npx tsc -p tsconfig.json`); CALIBRATION_SRC=1 with tsx reads src/ instead.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(ROOT, process.env.CALIBRATION_SRC ? 'src' : 'dist');

/** The two realities of the issue: the hidden friction's median and sigma. */
export const REALITIES = [
  { name: 'median 1.5, sigma 0.2', median: 1.5, sigma: 0.2 },
  { name: 'median 2.0, sigma 0.3', median: 2.0, sigma: 0.3 },
];

/** The goals of the issue for the learned side. */
export const GOALS = { p50: [0.45, 0.55], p90: [0.86, 0.94] };

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 5, 0, 0);

async function load() {
  const imp = (p) => import(join(LIB, p));
  const [parse, validate, model, schedule, random, plan, actuals, types] = await Promise.all([
    imp('domain/catalogue/parse.js'),
    imp('domain/catalogue/validate.js'),
    imp('domain/plan/model.js'),
    imp('domain/plan/schedule.js'),
    imp('domain/plan/random.js'),
    imp('domain/plan/plan.js'),
    imp('domain/plan/actuals.js'),
    imp('domain/catalogue/types.js'),
  ]);
  return { ...parse, ...validate, ...model, ...schedule, ...random, ...plan, ...actuals, ...types };
}

/** The reference catalogue with every system down and no history: the incident's start. */
function referenceCatalogue(lib) {
  const file = join(ROOT, 'test/fixtures/exempelstad.yaml');
  const parsed = lib.parseCatalogueText(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues[0])}`);
  const c = parsed.catalogue;
  return {
    ...c,
    systems: c.systems.map(({ status: _s, remaining_hours: _r, status_history: _h, ...rest }) => rest),
  };
}

function pinball(q, y, pred) {
  return y >= pred ? q * (y - pred) : (1 - q) * (pred - y);
}

/**
 * Simulates `incidents` incidents of one reality and returns the figures of both sides.
 * Everything is seeded: incident k of reality r uses the stream Rng(seed, r * 1e6 + k), and its
 * forecasts the seed k + 1.
 */
export async function calibrate({ incidents = 200, runs = 1000, seed = 11, reveal = 0.3, realities = REALITIES } = {}) {
  const lib = await load();
  const base = referenceCatalogue(lib);
  const model = lib.compileModel(base);
  const scheduler = new lib.Scheduler(model);
  const n = model.n;
  const rng = new lib.Rng(seed, 0);
  const results = [];
  for (const [ri, reality] of realities.entries()) {
    const sides = {
      learned: { hits50: 0, hits90: 0, loss50: 0, loss90: 0 },
      unlearned: { hits50: 0, hits90: 0, loss50: 0, loss90: 0 },
    };
    let count = 0;
    let finishedSeen = 0;
    let runningSeen = 0;
    const logRatio = [];
    for (let k = 0; k < incidents; k++) {
      rng.reseed(seed, ri * 1_000_000 + k);
      const friction = reality.median * Math.exp(reality.sigma * rng.normal());
      const duration = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        duration[i] = lib.samplePert(rng, model.low[i], model.likely[i], model.high[i]) * friction;
      }
      scheduler.run(duration, true);
      const start = Float64Array.from(scheduler.start);
      const finish = Float64Array.from(scheduler.finish);
      const now = reveal * scheduler.makespan;
      const nowMs = T0 + Math.round(now * HOUR_MS);
      const iso = (h) => new Date(T0 + Math.round(h * HOUR_MS)).toISOString();
      // The catalogue file as the crisis staff would have it at `now`.
      const systems = base.systems.map((s, i) => {
        if (start[i] > now) return s;
        const history = [{ status: 'restoring', at: iso(start[i]) }];
        if (finish[i] <= now) history.push({ status: 'operational', at: iso(finish[i]) });
        return { ...s, status: finish[i] <= now ? 'operational' : 'restoring', status_history: history };
      });
      const checked = lib.validateCatalogue({ ...base, systems });
      if (!checked.ok) throw new Error(`incident ${k}: ${JSON.stringify(checked.issues[0])}`);
      const { changes } = lib.statusChangesOf(checked.catalogue);
      const actuals = lib.actualsFromChanges(changes, nowMs);
      const options = { runs, seed: k + 1, friction: 0.3, actuals };
      const learned = lib.computePlan(checked.catalogue, options);
      const unlearned = lib.computePlan(checked.catalogue, { ...options, learning: false });
      finishedSeen += learned.learning.finished;
      runningSeen += learned.learning.in_progress;
      logRatio.push(Math.log(learned.learning.factor_p50 / friction));
      for (let i = 0; i < n; i++) {
        if (finish[i] <= now) continue;
        const y = finish[i] - now;
        count++;
        for (const [side, plan] of [
          ['learned', learned],
          ['unlearned', unlearned],
        ]) {
          const s = plan.systems[i];
          const f = sides[side];
          if (y <= s.p50_h) f.hits50++;
          if (y <= s.p90_h) f.hits90++;
          f.loss50 += pinball(0.5, y, s.p50_h);
          f.loss90 += pinball(0.9, y, s.p90_h);
        }
      }
    }
    const figures = (f) => ({
      p50: f.hits50 / count,
      p90: f.hits90 / count,
      pinball50: f.loss50 / count,
      pinball90: f.loss90 / count,
    });
    const meanLog = logRatio.reduce((a, b) => a + b, 0) / logRatio.length;
    results.push({
      reality: reality.name,
      incidents,
      systems: count,
      finished_mean: finishedSeen / incidents,
      in_progress_mean: runningSeen / incidents,
      learned_factor_vs_true: Math.exp(meanLog),
      learned: figures(sides.learned),
      unlearned: figures(sides.unlearned),
    });
  }
  return results;
}

/** Whether a reality's learned figures meet the goals. */
export function meetsGoals(r) {
  const l = r.learned;
  const u = r.unlearned;
  return (
    l.p50 >= GOALS.p50[0] &&
    l.p50 <= GOALS.p50[1] &&
    l.p90 >= GOALS.p90[0] &&
    l.p90 <= GOALS.p90[1] &&
    l.pinball50 < u.pinball50 &&
    l.pinball90 < u.pinball90
  );
}

function pct(x) {
  return `${(100 * x).toFixed(1)} %`;
}

function table(results, params) {
  const lines = [];
  lines.push(
    `Calibration: ${params.incidents} incidents per reality, ${params.runs} runs per forecast, seed ${params.seed}, reveal at ${params.reveal * 100} % of the true makespan`,
  );
  lines.push(`Machine: ${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown'}, Node.js ${process.version}`);
  lines.push('');
  lines.push(
    '| reality | side | systems not back | P50 covers | P90 covers | pinball 0.5 (h) | pinball 0.9 (h) | goals |',
  );
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of results) {
    for (const side of ['learned', 'unlearned']) {
      const f = r[side];
      const goal = side === 'learned' ? (meetsGoals(r) ? 'met' : 'MISSED') : '';
      lines.push(
        `| ${r.reality} | ${side} | ${r.systems} | ${pct(f.p50)} | ${pct(f.p90)} | ${f.pinball50.toFixed(2)} | ${f.pinball90.toFixed(2)} | ${goal} |`,
      );
    }
  }
  lines.push('');
  for (const r of results) {
    lines.push(
      `${r.reality}: learned from ${r.finished_mean.toFixed(1)} finished and ${r.in_progress_mean.toFixed(1)} in progress on average; learned median factor / true friction (geometric mean) ${r.learned_factor_vs_true.toFixed(3)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  const arg = (name, fallback) => {
    const k = process.argv.indexOf(name);
    return k > 0 ? Number(process.argv[k + 1]) : fallback;
  };
  const params = {
    incidents: arg('--incidents', 200),
    runs: arg('--runs', 1000),
    seed: arg('--seed', 11),
    reveal: arg('--reveal', 0.3),
  };
  const started = process.hrtime.bigint();
  const results = await calibrate(params);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ params, results, seconds })}\n`);
  else process.stdout.write(`${table(results, params)}(${seconds.toFixed(1)} s)\n`);
  if (process.argv.includes('--check') && !results.every(meetsGoals)) process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
