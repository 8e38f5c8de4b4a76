#!/usr/bin/env node
// What learning costs (issue 11): the time of one plan (computePlan, 1,000 runs, one thread) of the
// reference catalogue and of a generated 10,000-system catalogue, without history and with a history
// revealed at 30 % of a simulated incident (friction 2), learning on and off. Medians of N repeats.
// usage: node bench/calibration-time.mjs [--repeats N]   (needs a built dist/)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(ROOT, 'dist');
const k = process.argv.indexOf('--repeats');
const REPEATS = k > 0 ? Number(process.argv[k + 1]) : 5;

const imp = (p) => import(join(LIB, p));
const { parseCatalogueText } = await imp('domain/catalogue/parse.js');
const { validateCatalogue } = await imp('domain/catalogue/validate.js');
const { compileModel } = await imp('domain/plan/model.js');
const { Scheduler } = await imp('domain/plan/schedule.js');
const { Rng, samplePert } = await imp('domain/plan/random.js');
const { applyActuals, computePlan } = await imp('domain/plan/plan.js');
const { actualsFromChanges, statusChangesOf } = await imp('domain/plan/actuals.js');

function withHistory(catalogue) {
  const model = compileModel(catalogue);
  const rng = new Rng(3, 0);
  const d = new Float64Array(model.n);
  for (let i = 0; i < model.n; i++) d[i] = 2 * samplePert(rng, model.low[i], model.likely[i], model.high[i]);
  const s = new Scheduler(model);
  s.run(d, true);
  const now = 0.3 * s.makespan;
  const T0 = Date.UTC(2026, 10, 30, 5);
  const iso = (h) => new Date(T0 + Math.round(h * 3_600_000)).toISOString();
  const systems = catalogue.systems.map((sys, i) => {
    if (s.start[i] > now) return sys;
    const h = [{ status: 'restoring', at: iso(s.start[i]) }];
    if (s.finish[i] <= now) h.push({ status: 'operational', at: iso(s.finish[i]) });
    return { ...sys, status: s.finish[i] <= now ? 'operational' : 'restoring', status_history: h };
  });
  const checked = validateCatalogue({ ...catalogue, systems });
  const { changes } = statusChangesOf(checked.catalogue);
  return { catalogue: checked.catalogue, actuals: actualsFromChanges(changes, T0 + Math.round(now * 3_600_000)) };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

function time(fn) {
  const out = [];
  fn(); // warm-up: compile the hot paths first
  for (let r = 0; r < REPEATS; r++) {
    const t = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(out);
}

const reference = parseCatalogueText(
  readFileSync(join(ROOT, 'test/fixtures/exempelstad.yaml'), 'utf8'),
  'exempelstad.yaml',
).catalogue;
const big = validateCatalogue(
  JSON.parse(
    execFileSync(process.execPath, [join(ROOT, 'bench/gen-catalogue.mjs'), '10000', '5', '8'], { maxBuffer: 1 << 28 }),
  ),
).catalogue;

console.log(`Machine: ${cpus().length} CPUs, ${cpus()[0]?.model}, Node.js ${process.version}; medians of ${REPEATS}`);
console.log(
  '| catalogue | plan, no history (ms) | plan, history, --no-learning (ms) | plan, history, learning (ms) | the learning step alone (ms) | learned from |',
);
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
for (const [name, cat] of [
  ['reference (58 systems)', reference],
  ['generated, 10,000 systems', big],
]) {
  const { catalogue, actuals } = withHistory(cat);
  const opts = { runs: 1000, seed: 1, friction: 0.3 };
  const base = time(() => computePlan(cat, opts));
  const off = time(() => computePlan(catalogue, { ...opts, actuals, learning: false }));
  const on = time(() => computePlan(catalogue, { ...opts, actuals }));
  // The step learning adds: the posterior and the conditioned systems' tables (applyActuals) beyond compiling.
  const step =
    time(() => applyActuals(compileModel(catalogue), { ...opts, actuals })) - time(() => compileModel(catalogue));
  const l = computePlan(catalogue, { ...opts, actuals }).learning;
  console.log(
    `| ${name} | ${base.toFixed(0)} | ${off.toFixed(0)} | ${on.toFixed(0)} | ${step.toFixed(1)} | ${l.finished} finished, ${l.in_progress} in progress |`,
  );
}
