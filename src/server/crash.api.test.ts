// The crash test (issue 12, part 5): the real server, as `lifeboat serve` runs it, is killed with SIGKILL
// amid hundreds of concurrent writes of four kinds (reports, event-log entries, decisions, status changes).
// After a restart on the same data every write that was acknowledged must be there with its content, and
// nothing may be half-written: a report without its version, a decision outside the chain or without its
// log entry, a status without its log entry, a log entry without its live event. SQLite's integrity_check
// must pass and `lifeboat verify-log` must accept both chains.
//
// What is asserted does not depend on timing: which writes happen to be in flight when the process dies
// varies from run to run, so the checks hold for any cut (what was acknowledged is there; what committed
// without an answer is whole too; per system, at most the one unanswered status change may follow).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, type Dialect, freshDatabase } from '../../test/support/dialects.js';
import { emptyContent } from '../domain/situation/report.js';
import { type Db, migrateToLatest, openDatabase } from '../store/database.js';
import { loadConfig } from './config.js';
import { createUserWithPassword } from './users/users.service.js';

const root = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(root, 'dist/cli/main.js');
const SECRET = 'crash-test-secret-key-0123456789abcdef';

// The mix: this many writes of each kind, with about this many in flight, and the kill after this many answers.
const UNITS = 30;
const DEADLINES = 5; // reports: one per unit and deadline
const LOG_ENTRIES = 150;
const DECISIONS = 150;
const SYSTEMS = 30;
const STEPS_PER_SYSTEM = 5; // status changes, one after another per system
const STAFF = 6;
const IN_FLIGHT = 50;
const KILL_AFTER = 250;
const TOTAL = UNITS * DEADLINES + LOG_ENTRIES + DECISIONS + SYSTEMS * STEPS_PER_SYSTEM;

// The status walk: never into limited/operational, so that no gate or dependency can refuse a step.
const WALK = ['restoring', 'verifying', 'down'] as const;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Target {
  dialect: Dialect;
  args: string[];
  env: Record<string, string>;
  /** A handle on the data, for seeding before the server starts and for checking after. */
  open: () => Promise<Db>;
}

async function target(dialect: Dialect): Promise<Target> {
  if (dialect === 'postgres') {
    const { db, drop, url } = await freshDatabase('postgres');
    await db.destroy(); // the test opens its own handles; `drop` only needs the URL's database gone
    cleanups.push(async () => {
      await drop().catch(() => undefined);
    });
    const databaseUrl = url ?? '';
    return {
      dialect,
      args: [],
      env: { DATABASE_URL: databaseUrl },
      open: () => openDatabase({ kind: 'postgres', url: databaseUrl }),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-crash-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'lifeboat.db');
  return { dialect, args: ['--data', dir], env: {}, open: () => openDatabase({ kind: 'sqlite', file }) };
}

// The server's environment: the user's own, minus what would point it elsewhere.
function serverEnv(t: Target): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, PUBLIC_URL: _u, PORT: _p, HOST: _h, LIFEBOAT_DATA: _l, ...rest } = process.env;
  return {
    ...rest,
    LANG: 'C',
    LOG_LEVEL: 'warn',
    LIFEBOAT_TOTP_REQUIRED: 'none',
    LIFEBOAT_SECRET_KEY: SECRET,
    // The seeded accounts' hashes are cheap: a server at the default cost would re-hash each at login.
    LIFEBOAT_SCRYPT_COST: '10',
    ...t.env,
  };
}

interface Running {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/cli/main.js serve` on the target's data and resolves once it says it listens. */
async function startServer(t: Target): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', String(port), ...t.args], {
    cwd: root,
    env: serverEnv(t),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Lifeboat is listening')) resolve();
    });
    exited.then(({ code, signal }) =>
      reject(new Error(`the server ended before listening (${code ?? signal}):\n${out}\n${err}`)),
    );
  });
  return { url: `http://127.0.0.1:${port}`, child, exited };
}

/** A signed-in session on the running server. */
interface Session {
  cookie: string;
  csrf: string;
}

async function login(url: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { csrf_token?: string };
  const cookie = /lifeboat_session=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  if (res.status !== 200 || !cookie || !body.csrf_token) throw new Error(`login ${email}: ${res.status}`);
  return { cookie: `lifeboat_session=${cookie}`, csrf: body.csrf_token };
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read freely here; the server's schemas type them.
type Json = Record<string, any>;

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

function call(
  url: string,
  s: Session,
  method: string,
  p: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${p}`,
      {
        method,
        agent,
        headers: {
          cookie: s.cookie,
          ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as Json });
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function catalogueYaml(): string {
  const units = Array.from({ length: UNITS }, (_, i) => `  - { id: u${i + 1}, name: Enhet ${i + 1}, kind: office }`);
  const systems = Array.from(
    { length: SYSTEMS },
    (_, i) => `  - { id: s${i + 1}, name: System ${i + 1}, kind: application, status: down }`,
  );
  return [
    'version: 1',
    'organisation: { name: Kraschby kommun, locale: sv, timezone: Europe/Stockholm }',
    'teams: []',
    'units:',
    ...units,
    'systems:',
    ...systems,
    '',
  ].join('\n');
}

const reportContent = (text: string) => ({
  ...emptyContent(),
  overall: 'affected',
  situation: text,
  consequences: 'Papper i stället.',
});

/** One write: where it goes, what it sends, and what identifies it afterwards. */
interface Write {
  kind: 'report' | 'log' | 'decision' | 'status';
  session: Session;
  path: string;
  body: Json;
  /** What identifies it: the expected text, or the system of a status change. */
  text: string;
  /** A status change's place in its system's walk, from 1. */
  step?: number;
}

interface Acked {
  report: Map<string, string>; // id -> situation text
  log: Map<string, string>; // id -> text
  decision: Map<string, string>; // id -> decision text
  status: Map<string, number>; // system -> status changes acknowledged (a prefix of the walk)
}

function crashSuite(dialect: Dialect) {
  it(`${dialect}: every acknowledged write survives a SIGKILL amid ${TOTAL} concurrent writes, and nothing is half-written`, async () => {
    expect(fs.existsSync(MAIN), `${MAIN} is missing: run npm run build`).toBe(true);
    const t = await target(dialect);

    // Seed the accounts straight into the data, as `lifeboat user add` would (no mail, no second factor).
    const config = loadConfig(
      { data: '/nonexistent' },
      { LIFEBOAT_SECRET_KEY: SECRET, LIFEBOAT_SCRYPT_COST: '10', LIFEBOAT_TOTP_REQUIRED: 'none' },
    );
    const seedDb = await t.open();
    await migrateToLatest(seedDb);
    let k = 0;
    const deps = { clock: () => new Date(), config, ids: () => `crash-user-${++k}` };
    const account = async (into: Db, role: 'admin' | 'staff' | 'reporter', n: number, unitId?: string) => {
      const email = `${role}-${n}@crash.example`;
      const password = `crash-password-${role}-${n}`;
      await into
        .transaction()
        .execute((trx) =>
          createUserWithPassword(trx, deps, { email, name: `${role} ${n}`, role, unitId: unitId ?? null, password }),
        );
      return { email, password };
    };
    const admin = await account(seedDb, 'admin', 1);
    const staffAccounts = [];
    for (let i = 1; i <= STAFF; i++) staffAccounts.push(await account(seedDb, 'staff', i));
    await seedDb.destroy();

    let server = await startServer(t);
    const adminSession = await login(server.url, admin.email, admin.password);
    // The catalogue, an incident and its deadlines go through the API, as an administrator would set them up.
    const imported = await call(server.url, adminSession, 'POST', '/api/catalogue/import?replace=true', {
      file_name: 'crash.yaml',
      content: catalogueYaml(),
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const incident = await call(server.url, adminSession, 'POST', '/api/incidents', {
      title: 'Krasch',
      detected_at: new Date(Date.now() - 3_600_000).toISOString(),
      severity: 'high',
    });
    expect(incident.status, JSON.stringify(incident.body)).toBeLessThan(300);
    // One-off deadlines tomorrow, a whole minute apart: each unit reports once for each.
    const base = Math.ceil((Date.now() + 86_400_000) / 3_600_000) * 3_600_000;
    const deadlines = Array.from({ length: DEADLINES }, (_, i) => new Date(base + i * 3_600_000).toISOString());
    for (const at of deadlines) {
      const rhythm = await call(server.url, adminSession, 'POST', '/api/rhythms', { kind: 'once', at });
      expect(rhythm.status, JSON.stringify(rhythm.body)).toBeLessThan(300);
    }
    const systems = await call(server.url, adminSession, 'GET', '/api/systems');
    const initial = new Map<string, string>(
      (systems.body.systems as { id: string; status?: string }[]).map((s) => [s.id, s.status ?? 'down']),
    );
    expect(initial.size).toBe(SYSTEMS);

    // Reporters belong to units, which exist now (written beside the running server, as `user add` may be).
    const usersDb = await t.open();
    const reporterAccounts = [];
    for (let i = 1; i <= UNITS; i++) reporterAccounts.push(await account(usersDb, 'reporter', i, `u${i}`));
    await usersDb.destroy();
    const staff: Session[] = [];
    for (const a of staffAccounts) staff.push(await login(server.url, a.email, a.password));
    const reporters: Session[] = [];
    for (const a of reporterAccounts) reporters.push(await login(server.url, a.email, a.password));

    // The writes, interleaved by kind so that every kind is in flight when the process dies.
    const reports: Write[] = [];
    for (let d = 0; d < DEADLINES; d++)
      for (let u = 0; u < UNITS; u++) {
        const text = `rapport u${u + 1} d${d}`;
        reports.push({
          kind: 'report',
          session: reporters[u] as Session,
          path: '/api/reports/submit',
          body: { unit_id: `u${u + 1}`, cycle_at: deadlines[d], content: reportContent(text) },
          text,
        });
      }
    const logs: Write[] = Array.from({ length: LOG_ENTRIES }, (_, i) => ({
      kind: 'log',
      session: staff[i % STAFF] as Session,
      path: '/api/log',
      body: { text: `samtal ${i}`, unit_id: `u${(i % UNITS) + 1}` },
      text: `samtal ${i}`,
    }));
    const decisions: Write[] = Array.from({ length: DECISIONS }, (_, i) => ({
      kind: 'decision',
      session: staff[(i + 1) % STAFF] as Session,
      path: '/api/decisions',
      body: { decision: `beslut ${i}`, basis: `underlag ${i}`, systems: [`s${(i % SYSTEMS) + 1}`] },
      text: `beslut ${i}`,
    }));
    // Status steps join the same queue; a step goes only once the one before it on its system was answered,
    // so at most one change per system is ever in doubt.
    const steps: Write[] = [];
    for (let step = 0; step < STEPS_PER_SYSTEM; step++)
      for (let i = 0; i < SYSTEMS; i++)
        steps.push({
          kind: 'status',
          session: staff[i % STAFF] as Session,
          path: `/api/systems/s${i + 1}`,
          body: { status: WALK[step % WALK.length] },
          text: `s${i + 1}`,
          step: step + 1,
        });
    const queue: Write[] = [];
    const lists = [reports, logs, decisions, steps];
    for (let i = 0; i < Math.max(...lists.map((l) => l.length)); i++)
      for (const list of lists) if (list[i]) queue.push(list[i] as Write);

    const acked: Acked = { report: new Map(), log: new Map(), decision: new Map(), status: new Map() };
    const refused: string[] = [];
    const busy = new Set<string>(); // systems with a status change in flight
    let answers = 0;
    let inFlight = 0;
    let killed = false;
    let wake: () => void = () => undefined;
    let woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const settled = () => {
      const w = wake;
      woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      w();
    };
    const ready = (w: Write) =>
      w.kind !== 'status' || (!busy.has(w.text) && (acked.status.get(w.text) ?? 0) === (w.step ?? 0) - 1);
    const take = async (): Promise<Write | undefined> => {
      for (;;) {
        if (killed || queue.length === 0) return undefined;
        const i = queue.findIndex(ready);
        if (i >= 0) return queue.splice(i, 1)[0];
        if (inFlight === 0) return undefined; // a refused step blocks its system's walk: nothing more can go
        await woken; // only status steps are left, each waiting for the step before it
      }
    };
    const worker = async () => {
      for (let w = await take(); w; w = await take()) {
        if (w.kind === 'status') busy.add(w.text);
        let res: { status: number; body: Json } | null = null;
        inFlight++;
        try {
          res = await call(server.url, w.session, w.kind === 'status' ? 'PATCH' : 'POST', w.path, w.body);
        } catch {
          // The connection died with the process: not acknowledged (and its system's later steps never go).
        } finally {
          inFlight--;
        }
        if (res && res.status >= 300) refused.push(`${w.kind} ${w.path} ${res.status} ${JSON.stringify(res.body)}`);
        else if (res && w.kind === 'status') {
          expect(res.body.system?.status ?? 'down', `${res.status} ${JSON.stringify(res.body)}`).toBe(w.body.status);
          acked.status.set(w.text, w.step ?? 0);
          busy.delete(w.text);
        } else if (res && w.kind !== 'status') {
          const id =
            w.kind === 'report' ? res.body.report?.id : w.kind === 'log' ? res.body.entry?.id : res.body.decision?.id;
          expect(typeof id, JSON.stringify(res.body)).toBe('string');
          acked[w.kind].set(id, w.text);
        }
        if (res && res.status < 300 && ++answers >= KILL_AFTER && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
        settled();
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    // Every request has settled, so none can reach the restarted server.
    const ended = await server.exited;
    const blastMs = Date.now() - started;
    expect(killed, `all ${TOTAL} writes were answered before ${KILL_AFTER}?`).toBe(true);
    expect(ended.signal).toBe('SIGKILL');
    expect(refused, 'no write may be refused or fail before the kill').toEqual([]);
    const ackedCount = acked.report.size + acked.log.size + acked.decision.size + sum(acked.status);
    expect(ackedCount).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(ackedCount).toBeLessThan(TOTAL);
    for (const kind of ['report', 'log', 'decision'] as const) expect(acked[kind].size).toBeGreaterThan(0);
    expect(sum(acked.status)).toBeGreaterThan(0);

    // Restart on the same data: it must migrate, open and answer.
    server = await startServer(t);
    const checker = await login(server.url, staffAccounts[0]?.email ?? '', staffAccounts[0]?.password ?? '');

    // 1. Every acknowledged write is there, with its content (read through the API where it has a read by id).
    const reads = [
      ...[...acked.report].map(([id, text]) => async () => {
        const res = await call(server.url, checker, 'GET', `/api/reports/${id}`);
        expect(res.status, `report ${id}`).toBe(200);
        expect(res.body.report).toMatchObject({ id, state: 'submitted', version: 1 });
        expect(res.body.report.content.situation).toBe(text);
        expect(res.body.versions).toHaveLength(1);
      }),
      ...[...acked.decision].map(([id, text]) => async () => {
        const res = await call(server.url, checker, 'GET', `/api/decisions/${id}`);
        expect(res.status, `decision ${id}`).toBe(200);
        expect(res.body.decision).toMatchObject({ id, decision: text });
      }),
    ];
    // A few at a time: the reads are many, and each is independent of the others.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let read = reads.shift(); read; read = reads.shift()) await read();
      }),
    );
    const db = await t.open();
    cleanups.push(() => db.destroy());
    const logRows = await db.selectFrom('event_log').selectAll().execute();
    const logById = new Map(logRows.map((r) => [r.id, r]));
    for (const [id, text] of acked.log) {
      expect(logById.get(id), `log entry ${id}`).toMatchObject({ kind: 'manual', text });
    }

    // 2. Nothing is half-written, acknowledged or not.
    const data = (r: { data: string }) => JSON.parse(r.data) as Json;
    const outbox = (await db.selectFrom('outbox').selectAll().execute()).map((r) => ({ type: r.type, data: data(r) }));
    const outboxIds = (type: string) => outbox.filter((o) => o.type === type).map((o) => String(o.data.id));
    // Every log entry announced itself in the same transaction, and no announcement is of a lost entry.
    expect(new Set(outboxIds('event.added'))).toEqual(new Set(logById.keys()));

    const reportRows = await db.selectFrom('reports').selectAll().execute();
    const versionRows = await db.selectFrom('report_versions').selectAll().execute();
    const reportEntries = logRows.filter((r) => r.kind === 'report').map((r) => String(data(r).report_id));
    for (const r of reportRows) {
      expect(r.state, r.id).toBe('submitted');
      expect(versionRows.filter((v) => v.report_id === r.id).map((v) => v.version)).toEqual([1]);
      expect(
        reportEntries.filter((id) => id === r.id),
        `log entry of report ${r.id}`,
      ).toHaveLength(1);
    }
    expect(versionRows.every((v) => reportRows.some((r) => r.id === v.report_id))).toBe(true);
    expect(reportRows.length).toBeGreaterThanOrEqual(acked.report.size);

    const decisionRows = await db.selectFrom('decisions').selectAll().orderBy('seq').execute();
    expect(decisionRows.map((d) => Number(d.seq))).toEqual(decisionRows.map((_, i) => i + 1));
    const decisionEntries = logRows.filter((r) => r.kind === 'decision').map((r) => String(data(r).decision_id));
    expect(new Set(decisionEntries)).toEqual(new Set(decisionRows.map((d) => d.id)));
    expect(decisionEntries).toHaveLength(decisionRows.length);
    expect(new Set(outboxIds('decision.added'))).toEqual(new Set(decisionRows.map((d) => d.id)));
    expect(decisionRows.length).toBeGreaterThanOrEqual(acked.decision.size);

    // Status: per system, the log holds the walk's first n steps, n = acknowledged or one more (the one in
    // flight may have committed unanswered), and the system's status is where the n-th step left it.
    const systemRows = await db.selectFrom('systems').select(['id', 'status']).execute();
    expect(systemRows).toHaveLength(SYSTEMS);
    const statusEntries = logRows.filter((r) => r.kind === 'status');
    for (const s of systemRows) {
      const mine = statusEntries.filter((r) => r.system_id === s.id).map((r) => data(r));
      const n = mine.length;
      const ackedSteps = acked.status.get(s.id) ?? 0;
      expect([ackedSteps, ackedSteps + 1], `status changes of ${s.id}`).toContain(n);
      const expected = Array.from({ length: n }, (_, i) => ({
        from: i === 0 ? initial.get(s.id) : WALK[(i - 1) % WALK.length],
        to: WALK[i % WALK.length],
      }));
      const sortKey = (x: { from: unknown; to: unknown }) => `${x.from}>${x.to}`;
      expect(
        mine.map((m) => ({ from: m.from, to: m.to })).sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
      ).toEqual(expected.sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
      expect(s.status ?? 'down', `status of ${s.id}`).toBe(n === 0 ? initial.get(s.id) : WALK[(n - 1) % WALK.length]);
      expect(outbox.filter((o) => o.type === 'system.status' && o.data.id === s.id)).toHaveLength(n);
    }

    // 3. The files and the chains.
    if (dialect === 'sqlite') {
      const file = path.join(t.args[1] ?? '', 'lifeboat.db');
      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('foreign_key_check')).toEqual([]);
      } finally {
        raw.close();
      }
    }
    const verify = spawnSync(process.execPath, [MAIN, 'verify-log', ...t.args], {
      cwd: root,
      env: serverEnv(t),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    expect(verify.stdout).toContain(`decisions`);

    server.child.kill('SIGTERM');
    await server.exited;
    console.log(
      `${dialect}: killed after ${ackedCount} acknowledged writes of ${TOTAL} (${blastMs} ms); found ` +
        `${reportRows.length - acked.report.size} report(s), ${decisionRows.length - acked.decision.size} decision(s) ` +
        `and ${logRows.filter((r) => r.kind === 'manual').length - acked.log.size} log entr(y/ies) committed unanswered`,
    );
  }, 180_000);
}

function sum(m: Map<string, number>): number {
  let total = 0;
  for (const v of m.values()) total += v;
  return total;
}

describe('crash: SIGKILL amid concurrent writes', () => {
  for (const dialect of DIALECTS) crashSuite(dialect);
});
