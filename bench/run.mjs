#!/usr/bin/env node
// `npm run bench`: the planner's speed goals (issue "The restart plan"), each figure beside its
// baseline measured in the same run. Times are of whole processes, medians of several runs.
//   1. `lifeboat plan BIG.json --json --runs 1` (100,000 systems) vs `baseline-topo.mjs BIG.json`
//   2. `lifeboat plan K.json --json --runs 10000` (1,000 systems) vs `baseline-topo.mjs K.json 10000`
//   3. peak memory (max RSS) of the 100,000-system plan, goal < 1 GB
// usage: node bench/run.mjs [--repeats N]   (the catalogues are generated into .bench/, git-ignored)
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, '.bench');
const repeatsArg = process.argv.indexOf('--repeats');
const REPEATS = repeatsArg > 0 ? Number(process.argv[repeatsArg + 1]) : 5;

function generate(name, args) {
  const file = join(BENCH, name);
  if (!existsSync(file)) {
    const fd = openSync(file, 'w');
    execFileSync(process.execPath, [join(ROOT, 'bench/gen-catalogue.mjs'), ...args], {
      stdio: ['ignore', fd, 'inherit'],
    });
    closeSync(fd);
  }
  return file;
}

/** Runs a command once with stdout to /dev/null; resolves to wall seconds and max RSS (from /proc when /usr/bin/time is missing). */
function timeOnce(args) {
  return new Promise((resolve, reject) => {
    const useTime = existsSync('/usr/bin/time');
    const cmd = useTime ? '/usr/bin/time' : process.execPath;
    const full = useTime ? ['-f', '%M', process.execPath, ...args] : args;
    const start = process.hrtime.bigint();
    const child = spawn(cmd, full, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      const kb = useTime ? Number(err.trim().split('\n').at(-1)) : Number.NaN;
      resolve({ seconds, rssMb: kb / 1024 });
    });
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

/** Alternates plan and baseline runs so that both see the same machine load. */
async function compare(planArgs, baseArgs) {
  const plan = [];
  const base = [];
  await timeOnce(planArgs); // warm the file cache and the compile cache
  await timeOnce(baseArgs);
  for (let i = 0; i < REPEATS; i++) {
    plan.push(await timeOnce(planArgs));
    base.push(await timeOnce(baseArgs));
  }
  return {
    plan: median(plan.map((r) => r.seconds)),
    base: median(base.map((r) => r.seconds)),
    rss: Math.max(...plan.map((r) => r.rssMb)),
  };
}

mkdirSync(BENCH, { recursive: true });
if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
  console.error('bench: dist/cli/main.js is missing; run `npx tsc -p tsconfig.json` (or npm run build) first');
  process.exit(1);
}
const big = generate('big.json', ['100000', '5', '8']);
const k = generate('k.json', ['1000', '11', '6']);
const baseline = join(ROOT, 'bench/baseline-topo.mjs');

const model = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? cpus()[0]?.model;
console.log(`machine: ${cpus().length} CPUs, ${model}, node ${process.version}; median of ${REPEATS} runs each`);
// Other work on the machine slows both sides; the ratio is what the goals are about.
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);

const one = await compare(['dist/cli/main.js', 'plan', big, '--json', '--runs', '1'], [baseline, big]);
const many = await compare(['dist/cli/main.js', 'plan', k, '--json', '--runs', '10000'], [baseline, k, '10000']);

const rows = [
  ['100,000 systems, plan --json --runs 1', one.plan, 'baseline-topo.mjs (1 sort)', one.base],
  ['1,000 systems, plan --json --runs 10000', many.plan, 'baseline-topo.mjs (10,000 sorts)', many.base],
];
console.log('');
console.log('| figure | plan (s) | baseline | baseline (s) | ratio | goal |');
console.log('| --- | ---: | --- | ---: | ---: | --- |');
let ok = true;
for (const [name, p, bname, b] of rows) {
  const ratio = p / b;
  ok &&= ratio <= 3;
  console.log(
    `| ${name} | ${p.toFixed(2)} | ${bname} | ${b.toFixed(2)} | ${ratio.toFixed(2)}× | ≤ 3× ${ratio <= 3 ? 'met' : 'MISSED'} |`,
  );
}
const rssOk = one.rss < 1024;
ok &&= rssOk || Number.isNaN(one.rss);
console.log(
  `| peak memory (max RSS), 100,000-system plan | ${one.rss.toFixed(0)} MB | | | | < 1 GB ${rssOk ? 'met' : 'MISSED'} |`,
);
console.log(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
process.exitCode = ok ? 0 : 1;
