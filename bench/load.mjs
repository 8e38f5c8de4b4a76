#!/usr/bin/env node
// The load goal (issue 12, part 8): `lifeboat serve` from dist/ under open-loop arrivals for 60 seconds:
//   - 50 staff clients, each holding an SSE stream (/api/events), making 20 requests a second between them
//     (the board, the plan, the event log, and manual log entries written);
//   - 200 reporters, each its own unit and session, submitting 10 reports a second between them;
//   - public readers at 500 requests a second (the public site `/`, /status.json, /feed.atom).
// Open loop: every request is sent at its scheduled instant (Poisson arrivals from a fixed seed, or a fixed
// rate), never waiting for earlier answers, and its latency counts from that instant: a server that falls
// behind shows it in the tail instead of slowing the senders (no coordinated omission).
// Baseline, in the same run and at the same total rate just before the load: /healthz on the same server (no
// database, no session: the machine, the client, the loopback and Fastify alone).
// Goal on SQLite: no errors, p99 under 100 ms for staff and reporters.
//
// usage: node bench/load.mjs [--db sqlite|postgres] [--seconds N] [--arrivals poisson|fixed] [--seed S] [--scale F]
//   PostgreSQL: DATABASE_URL names a server on which a fresh database is made (and dropped after); without it
//   a throwaway cluster is started with initdb/pg_ctl (fsync on, as in production). Needs dist/ (npm run build).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findPgBin, freePort, startPostgres } from '../scripts/postgres.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'dist/cli/main.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const DB = arg('db', 'sqlite');
const SECONDS = Number(arg('seconds', 60));
const ARRIVALS = arg('arrivals', 'poisson');
const SEED = Number(arg('seed', 1));
const BASELINE_SECONDS = Math.min(10, SECONDS);
// --scale F multiplies the three rates (not the numbers of people): 0.1 checks the bench itself on a busy machine.
const SCALE = Number(arg('scale', 1));
const STAFF = 50;
const STAFF_RATE = 20 * SCALE;
const REPORTERS = 200;
const REPORT_RATE = 10 * SCALE;
const PUBLIC_RATE = 500 * SCALE;
const PUBLIC_ADDRESSES = 2000; // residents come from many addresses; each stays far under the per-address limit
const TIMEOUT_MS = 10_000;
const GOAL_P99_MS = 100;
const SECRET = 'load-bench-secret-key-0123456789abcdef';
if (
  !['sqlite', 'postgres'].includes(DB) ||
  !(SECONDS > 0) ||
  !(SCALE > 0) ||
  !['poisson', 'fixed'].includes(ARRIVALS)
) {
  console.error('usage: node bench/load.mjs [--db sqlite|postgres] [--seconds N] [--arrivals poisson|fixed]');
  process.exit(2);
}
if (!fs.existsSync(MAIN)) {
  console.error('bench/load: dist/cli/main.js is missing: run `npm run build` first');
  process.exit(1);
}
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);

// mulberry32: a small seeded generator, so that two runs send the same schedule.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cleanups = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const f of cleanups.reverse()) {
    try {
      await f();
    } catch {
      // best effort: the rest must still go
    }
  }
}
process.on('SIGINT', () => cleanup().then(() => process.exit(130)));

// ---- the database ----

async function throwawayPostgres() {
  const bin = findPgBin();
  if (!bin) throw new Error('no initdb found: set DATABASE_URL to a PostgreSQL server');
  // fsync on, as in production: the tests' cluster runs with it off.
  const pg = await startPostgres(bin, { fsync: true, maxConnections: 100 });
  cleanups.push(() => pg.stop());
  return pg.url;
}

/** The target's data: a directory for SQLite, or a fresh database on a PostgreSQL server. */
async function target(work) {
  if (DB === 'sqlite') {
    const dir = path.join(work, 'data');
    return { args: ['--data', dir], env: {}, target: { kind: 'sqlite', file: path.join(dir, 'lifeboat.db') } };
  }
  const server = process.env.DATABASE_URL || (await throwawayPostgres());
  const { default: pg } = await import('pg');
  const name = `lb_load_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { args: [], env: { DATABASE_URL: url.toString() }, target: { kind: 'postgres', url: url.toString() } };
}

// ---- HTTP ----

// Idle sockets are dropped after 4 s, before the server's keep-alive timeout (5 s) could close one under a
// request being sent on it (a reset that would be the client's fault, not the server's).
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, timeout: 4000 });

/** One request; resolves to { status, body, headers } or rejects on a network error or the timeout. */
function request(base, method, p, { headers = {}, body } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${p}`,
      {
        method,
        agent,
        headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
        );
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

const json = (r) => JSON.parse(r.body.toString('utf8') || '{}');

async function login(base, email, password, address) {
  const r = await request(base, 'POST', '/api/auth/login', {
    headers: { 'x-forwarded-for': address },
    body: { email, password },
  });
  const cookie = /lifeboat_session=([^;]+)/.exec([r.headers['set-cookie'] ?? []].flat().join('\n'))?.[1];
  if (r.status !== 200 || !cookie) throw new Error(`login ${email}: ${r.status} ${r.body}`);
  return { cookie: `lifeboat_session=${cookie}`, csrf: json(r).csrf_token, address };
}

const as = (session, extra = {}) => ({
  cookie: session.cookie,
  'x-csrf-token': session.csrf,
  'x-forwarded-for': session.address,
  ...extra,
});

// ---- the catalogue and the people ----

function catalogueYaml() {
  const lines = [
    'version: 1',
    'organisation: { name: Lastby kommun, locale: sv, timezone: Europe/Stockholm }',
    'teams:',
    ...Array.from({ length: 6 }, (_, i) => `  - { id: t${i + 1}, name: Team ${i + 1}, capacity: 2 }`),
    'units:',
    ...Array.from({ length: REPORTERS }, (_, i) => `  - { id: u${i + 1}, name: Enhet ${i + 1}, kind: office }`),
    'systems:',
  ];
  for (let i = 1; i <= 150; i++) {
    const deps = [i - 1, Math.floor(i / 2)].filter((d) => d >= 1 && d < i);
    lines.push(
      `  - { id: s${i}, name: System ${i}, kind: application, team: t${(i % 6) + 1}, owner: u${(i % REPORTERS) + 1}, ` +
        `estimate_hours: ${1 + (i % 5)}, depends_on: [${[...new Set(deps)].map((d) => `s${d}`).join(', ')}] }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const reportContent = (text) => ({
  overall: 'affected',
  situation: text,
  consequences: 'Papper i stället.',
  life_health_risk: false,
  actions: 'Listor på papper.',
  workarounds: [],
  missing_systems: [{ system_id: 's3', need_by: new Date(Date.now() + 2 * 86_400_000).toISOString() }],
  staffing: 'Full',
  needs: [],
  forecast: '',
  questions: '',
});

// ---- measuring ----

/** Latencies (ms from the scheduled instant) and errors of one kind of request. */
class Tally {
  constructor(name) {
    this.name = name;
    this.ms = [];
    this.errors = 0;
    this.sent = 0;
    this.examples = new Map();
  }
  error(what) {
    this.errors++;
    this.examples.set(what, (this.examples.get(what) ?? 0) + 1);
  }
  pct(p) {
    if (this.ms.length === 0) return Number.NaN;
    const sorted = Float64Array.from(this.ms).sort();
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }
}

/**
 * Sends arrivals on schedule for `seconds`: each stream is { rate, fire(i, scheduledAt) }. A timer a millisecond
 * apart sends every arrival whose instant has come; the instant, not the moment of sending, starts the clock.
 */
async function openLoop(streams, seconds, seed) {
  const rnd = random(seed);
  const gap = (rate) => (ARRIVALS === 'fixed' ? 1000 / rate : -Math.log(1 - rnd()) * (1000 / rate));
  const start = performance.now() + 20;
  const end = start + seconds * 1000;
  const state = streams.map((s) => ({
    s,
    next: start + (ARRIVALS === 'fixed' ? rnd() * (1000 / s.rate) : gap(s.rate)),
    i: 0,
  }));
  const pending = new Set();
  let lag = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (const st of state) {
        while (st.next <= now && st.next < end) {
          lag = Math.max(lag, now - st.next);
          const p = st.s.fire(st.i++, st.next);
          pending.add(p);
          p.finally(() => pending.delete(p));
          st.next += gap(st.s.rate);
        }
      }
      if (now >= end) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.allSettled([...pending]);
  return { lagMs: lag };
}

/** Sends one request for a tally: latency from `at` when 2xx, else an error. */
async function timed(tally, at, send) {
  tally.sent++;
  try {
    const r = await send();
    if (r.status >= 200 && r.status < 300) tally.ms.push(performance.now() - at);
    else tally.error(`HTTP ${r.status} ${r.body.toString('utf8').slice(0, 120)}`);
  } catch (error) {
    tally.error(error instanceof Error ? error.message : String(error));
  }
}

// ---- the run ----

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-load-'));
cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
let exitCode = 1;
try {
  const t = await target(work);
  // Accounts are seeded straight into the data, as `lifeboat user add` would; cheap password hashes, since the
  // bench measures serving, not 250 logins at scrypt's production cost (the server is told the same cost).
  const { openDatabase, migrateToLatest } = await dist('store/database.js');
  const { loadConfig } = await dist('server/config.js');
  const { createUserWithPassword } = await dist('server/users/users.service.js');
  const config = loadConfig(
    { data: '/nonexistent' },
    { LIFEBOAT_SECRET_KEY: SECRET, LIFEBOAT_SCRYPT_COST: '10', LIFEBOAT_TOTP_REQUIRED: 'none' },
  );
  let k = 0;
  const deps = { clock: () => new Date(), config, ids: () => `load-user-${++k}` };
  const addUsers = async (list) => {
    const db = await openDatabase(t.target);
    await migrateToLatest(db);
    for (const u of list) {
      await db.transaction().execute((trx) =>
        createUserWithPassword(trx, deps, {
          email: u.email,
          name: u.email,
          role: u.role,
          unitId: u.unitId ?? null,
          password: u.password,
        }),
      );
    }
    await db.destroy();
  };
  const person = (role, n, unitId) => ({
    role,
    unitId,
    email: `${role}-${n}@load.example`,
    password: `load-pw-${role}-${n}`,
  });
  const admin = person('admin', 1);
  const staffPeople = Array.from({ length: STAFF }, (_, i) => person('staff', i + 1));
  await addUsers([admin, ...staffPeople]);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { DATABASE_URL: _d, PUBLIC_URL: _u, PORT: _p, HOST: _h, LIFEBOAT_DATA: _l, ...rest } = process.env;
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', String(port), ...t.args], {
    cwd: ROOT,
    env: {
      ...rest,
      ...t.env,
      LOG_LEVEL: 'warn',
      LIFEBOAT_SECRET_KEY: SECRET,
      LIFEBOAT_SCRYPT_COST: '10',
      LIFEBOAT_TOTP_REQUIRED: 'none',
      // The simulated people come from many addresses, named by X-Forwarded-For as a reverse proxy would: the
      // per-address limits stay as they are (300 a minute, 100 logins a minute) and are not tripped by the bench.
      TRUST_PROXY: 'loopback',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  );
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('Lifeboat is listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the server ended (${code}):\n${out}`)));
  });

  // Set up as an administrator would: the catalogue, an incident, the reporting deadlines.
  const adminSession = await login(base, admin.email, admin.password, '10.0.0.1');
  const setup = async (method, p, body) => {
    const r = await request(base, method, p, { headers: as(adminSession), body });
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${r.body}`);
    return json(r);
  };
  await setup('POST', '/api/catalogue/import?replace=true', { file_name: 'load.yaml', content: catalogueYaml() });
  await setup('POST', '/api/incidents', {
    title: 'Lasttest',
    detected_at: new Date(Date.now() - 3_600_000).toISOString(),
    severity: 'high',
  });
  // Each reporter submits a new report (its own unit, the next deadline) each time: enough deadlines for all.
  const perReporter = Math.ceil((SECONDS * REPORT_RATE) / REPORTERS) + 2;
  const first = Math.ceil((Date.now() + 86_400_000) / 3_600_000) * 3_600_000;
  const deadlines = Array.from({ length: perReporter }, (_, i) => new Date(first + i * 3_600_000).toISOString());
  for (const at of deadlines) await setup('POST', '/api/rhythms', { kind: 'once', at });
  for (let i = 1; i <= 40; i++) await setup('POST', '/api/log', { text: `Förberedande anteckning ${i}` });

  const reporterPeople = Array.from({ length: REPORTERS }, (_, i) => person('reporter', i + 1, `u${i + 1}`));
  await addUsers(reporterPeople);
  const addr = (a, b, c) => `10.${a}.${b}.${c}`;
  const staff = [];
  for (const [i, p] of staffPeople.entries()) staff.push(await login(base, p.email, p.password, addr(1, 0, i + 1)));
  const reporters = [];
  for (const [i, p] of reporterPeople.entries())
    reporters.push(await login(base, p.email, p.password, addr(2, i >> 8, i & 255)));

  // The baseline: /healthz at the same total rate, on the same server, before the load.
  const totalRate = STAFF_RATE + REPORT_RATE + PUBLIC_RATE;
  const healthz = new Tally('baseline: /healthz');
  await openLoop(
    [{ rate: totalRate, fire: (_i, at) => timed(healthz, at, () => request(base, 'GET', '/healthz')) }],
    BASELINE_SECONDS,
    SEED + 1,
  );

  // The staff's streams, open for the whole run; a stream that ends before the bench does is a drop.
  const sse = { open: 0, drops: 0, events: 0, refused: 0 };
  let loadOver = false;
  const streams = staff.map(
    (s) =>
      new Promise((resolve) => {
        const req = http.get(`${base}/api/events`, { headers: { ...as(s), accept: 'text/event-stream' } }, (res) => {
          if (res.statusCode !== 200) {
            sse.refused++;
            res.resume();
            return resolve(res);
          }
          sse.open++;
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            sse.events += (chunk.match(/^event: /gm) ?? []).length;
          });
          res.on('close', () => {
            if (!loadOver) sse.drops++;
          });
          resolve(res);
        });
        req.on('error', () => {
          if (!loadOver) sse.drops++;
          resolve(null);
        });
        cleanups.push(() => req.destroy());
      }),
  );
  await Promise.all(streams);

  const tallies = {
    board: new Tally('staff: GET /api/board'),
    plan: new Tally('staff: GET /api/plan'),
    log: new Tally('staff: GET /api/log'),
    write: new Tally('staff: POST /api/log'),
    report: new Tally('reporter: POST /api/reports/submit'),
    home: new Tally('public: GET /'),
    status: new Tally('public: GET /status.json'),
    feed: new Tally('public: GET /feed.atom'),
  };
  const staffKinds = [
    ['board', 'GET', '/api/board', 3],
    ['plan', 'GET', '/api/plan', 2],
    ['log', 'GET', '/api/log', 3],
    ['write', 'POST', '/api/log', 2],
  ].flatMap(([kind, method, p, weight]) => Array.from({ length: weight }, () => ({ kind, method, p })));
  const reportsDone = new Array(REPORTERS).fill(0);
  const publicPaths = [
    ['home', '/', 2],
    ['status', '/status.json', 2],
    ['feed', '/feed.atom', 1],
  ].flatMap(([kind, p, weight]) => Array.from({ length: weight }, () => ({ kind, p })));
  const pick = random(SEED + 2);
  const loadAvgStart = os.loadavg();
  const { lagMs } = await openLoop(
    [
      {
        rate: STAFF_RATE,
        fire: (i, at) => {
          const s = staff[i % STAFF];
          const k = staffKinds[Math.floor(pick() * staffKinds.length)];
          const body = k.method === 'POST' ? { text: `Samtal ${i} från ${s.address}` } : undefined;
          return timed(tallies[k.kind], at, () => request(base, k.method, k.p, { headers: as(s), body }));
        },
      },
      {
        rate: REPORT_RATE,
        fire: (i, at) => {
          const r = i % REPORTERS;
          const d = reportsDone[r]++;
          const body = { unit_id: `u${r + 1}`, cycle_at: deadlines[d], content: reportContent(`Läget ${i}`) };
          return timed(tallies.report, at, () =>
            request(base, 'POST', '/api/reports/submit', { headers: as(reporters[r]), body }),
          );
        },
      },
      {
        rate: PUBLIC_RATE,
        fire: (i, at) => {
          const k = publicPaths[Math.floor(pick() * publicPaths.length)];
          const address = addr(3, (i % PUBLIC_ADDRESSES) >> 8, (i % PUBLIC_ADDRESSES) & 255);
          return timed(tallies[k.kind], at, () =>
            request(base, 'GET', k.p, { headers: { 'x-forwarded-for': address, 'accept-encoding': 'gzip' } }),
          );
        },
      },
    ],
    SECONDS,
    SEED,
  );
  loadOver = true;

  // ---- the table ----
  const model =
    (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
  console.log(
    `machine: ${os.cpus().length} CPUs, ${model}, node ${process.version}; database: ${DB}; ${SECONDS} s, ` +
      `${ARRIVALS} arrivals (seed ${SEED}); per second: staff ${STAFF_RATE}, reports ${REPORT_RATE}, public ${PUBLIC_RATE}`,
  );
  console.log(
    `load average at start: ${loadAvgStart.map((x) => x.toFixed(1)).join(' ')}; at end: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; the sender's worst lag behind schedule: ${lagMs.toFixed(1)} ms`,
  );
  console.log('');
  console.log('| requests | sent | errors | p50 (ms) | p99 (ms) | max (ms) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const row = (t) =>
    console.log(`| ${t.name} | ${t.sent} | ${t.errors} | ${f(t.pct(50))} | ${f(t.pct(99))} | ${f(t.pct(100))} |`);
  row(healthz);
  for (const t of Object.values(tallies)) row(t);
  const merged = (name, list) => {
    const m = new Tally(name);
    // Not push(...t.ms): a long run's hundreds of thousands of arguments overflow the stack.
    m.ms = list.flatMap((t) => t.ms);
    for (const t of list) {
      m.errors += t.errors;
      m.sent += t.sent;
    }
    return m;
  };
  const staffAll = merged('staff, all', [tallies.board, tallies.plan, tallies.log, tallies.write]);
  const publicAll = merged('public, all', [tallies.home, tallies.status, tallies.feed]);
  row(staffAll);
  row(publicAll);
  console.log('');
  console.log(
    `SSE: ${sse.open} of ${STAFF} streams open, ${sse.refused} refused, ${sse.drops} dropped during the run, ` +
      `${sse.events} events received`,
  );
  const errors = Object.values(tallies).reduce((n, t) => n + t.errors, 0) + sse.drops + sse.refused;
  for (const t of [healthz, ...Object.values(tallies)])
    for (const [what, n] of t.examples) console.log(`  ${t.name}: ${n} × ${what}`);
  const staffOk = staffAll.pct(99) < GOAL_P99_MS;
  const reportOk = tallies.report.pct(99) < GOAL_P99_MS;
  console.log(
    `goal: no errors ${errors === 0 ? 'met' : `MISSED (${errors})`}; staff p99 < ${GOAL_P99_MS} ms ` +
      `${staffOk ? 'met' : 'MISSED'}; reporters p99 < ${GOAL_P99_MS} ms ${reportOk ? 'met' : 'MISSED'}`,
  );
  exitCode = errors === 0 && staffOk && reportOk ? 0 : 1;
} catch (error) {
  console.error(`bench/load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  agent.destroy();
  await cleanup();
}
process.exit(exitCode);
