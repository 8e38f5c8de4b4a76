#!/usr/bin/env node
// What durability costs (issue 12, "Durability"): SQLite in WAL mode with synchronous=NORMAL (an acknowledged
// write survives a crash of the process, but the last transactions may be lost when the machine loses power)
// beside synchronous=FULL (every commit waits for fsync of the WAL: it survives both; Lifeboat's setting).
// Each transaction is a status change as the store writes it: the system's row, an event-log line and a live
// event in the outbox, one after the other on one connection, on this machine's disk (.bench/, not /tmp).
// Rounds alternate NORMAL and FULL so both see the same load; printed: per-transaction latency p50/p99 and
// throughput, side by side.
// usage: node bench/durability.mjs [--transactions N] [--rounds R]   (needs dist/ from `npm run build`)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--transactions', 1000);
const ROUNDS = arg('--rounds', 3);
const DIST = path.join(ROOT, 'dist/store/database.js');
if (!fs.existsSync(DIST)) {
  console.error('bench/durability: dist/store/database.js is missing: run `npm run build` first');
  process.exit(1);
}
const { openDatabase, migrateToLatest } = await import(DIST);
const { sql } = await import('kysely');

const WORK = path.join(ROOT, '.bench/durability');
fs.rmSync(WORK, { recursive: true, force: true });
fs.mkdirSync(WORK, { recursive: true });

async function prepared(mode) {
  const file = path.join(WORK, `${mode.toLowerCase()}.db`);
  const db = await openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(db);
  await sql.raw(`pragma synchronous = ${mode}`).execute(db);
  const { rows } = await sql.raw('pragma synchronous').execute(db);
  if (rows[0]?.synchronous !== { NORMAL: 1, FULL: 2 }[mode]) throw new Error(`synchronous is not ${mode}`);
  const at = new Date(Date.UTC(2026, 11, 3)).toISOString();
  await db.insertInto('teams').values({ id: 'ops', name: 'Ops', capacity: 2, position: 0 }).execute();
  await db
    .insertInto('systems')
    .values({ id: 'ad', name: 'AD', kind: 'infrastructure', team: 'ops', status: 'down', position: 0, updated_at: at })
    .execute();
  return db;
}

let serial = 0;
// One status change, as gates/status services write it in their unit of work.
async function statusChange(db) {
  const n = ++serial;
  const at = new Date(Date.UTC(2026, 11, 3) + n * 1000).toISOString();
  const status = n % 2 === 0 ? 'down' : 'operational';
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('systems').set({ status, updated_at: at }).where('id', '=', 'ad').execute();
    await trx
      .insertInto('event_log')
      .values({
        id: `ev-${n}`,
        at,
        recorded_at: at,
        kind: 'status',
        actor_label: 'bench',
        system_id: 'ad',
        data: JSON.stringify({ status }),
      })
      .execute();
    await trx
      .insertInto('outbox')
      .values({ type: 'system.status', audience: '{"kind":"internal"}', data: JSON.stringify({ id: 'ad' }), at })
      .execute();
  });
}

async function round(db) {
  const times = new Float64Array(N);
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    await statusChange(db);
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return { times: [...times], seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const dbs = { NORMAL: await prepared('NORMAL'), FULL: await prepared('FULL') };
const results = { NORMAL: { times: [], seconds: 0 }, FULL: { times: [], seconds: 0 } };
console.log(
  `bench/durability: ${ROUNDS} rounds × ${N} transactions per setting, WAL, ${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (let r = 0; r < ROUNDS; r++) {
  for (const mode of r % 2 === 0 ? ['NORMAL', 'FULL'] : ['FULL', 'NORMAL']) {
    const { times, seconds } = await round(dbs[mode]);
    results[mode].times.push(...times);
    results[mode].seconds += seconds;
  }
}
for (const db of Object.values(dbs)) await db.destroy();

console.log('| synchronous | p50 ms | p99 ms | transactions/s |');
console.log('| --- | ---: | ---: | ---: |');
for (const mode of ['NORMAL', 'FULL']) {
  const sorted = results[mode].times.sort((a, b) => a - b);
  const perSecond = sorted.length / results[mode].seconds;
  console.log(`| ${mode} | ${pct(sorted, 50).toFixed(3)} | ${pct(sorted, 99).toFixed(3)} | ${perSecond.toFixed(0)} |`);
}
fs.rmSync(WORK, { recursive: true, force: true });
