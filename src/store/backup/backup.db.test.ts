import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type ApiClient, anonymous, signIn } from '../../../test/support/auth.js';
import { DIALECTS, type Dialect, freshDatabase } from '../../../test/support/dialects.js';
import { type TestServer, testClock, testIds } from '../../../test/support/server.js';
import { LifeboatError } from '../../domain/errors.js';
import { type MessageKey, translate } from '../../i18n/index.js';
import { buildApp } from '../../server/app.js';
import { totpCodeAt } from '../../server/auth/totp.js';
import { loadConfig } from '../../server/config.js';
import { DEMO_ACCOUNTS_KEY, type DemoAccount, seedDemo } from '../../server/demo/demo.service.js';
import { verifyAuditChain } from '../audit/audit.repository.js';
import {
  appliedMigrations,
  type Db,
  LATEST_MIGRATION,
  MIGRATIONS,
  migrateTo,
  migrateToLatest,
  openDatabase,
} from '../database.js';
import { decisionsHead, verifyDecisionChain } from '../decisions/decisions.repository.js';
import { incrementRateCount } from '../limits/rate-limit.repository.js';
import { type BackupHeader, restoreBackup, verifyBackup, writeBackup } from './backup.js';

const SLOW = 180_000;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-backup-'));
  dirs.push(dir);
  return dir;
};

// A database as the CLI would open it, beside the server's own connection: a SQLite file or a PostgreSQL
// database of its own (each with its own URL, so that a second pool can reach it).
interface Place {
  db: Db;
  /** Opens a second, independent connection to the same data (what `lifeboat backup` does). */
  connect: () => Promise<Db>;
  close: () => Promise<void>;
}

async function place(dialect: Dialect, migrated = true): Promise<Place> {
  if (dialect === 'postgres') {
    const { db, drop, url } = await freshDatabase('postgres');
    return { db, connect: () => openDatabase({ kind: 'postgres', url: url as string }), close: drop };
  }
  const file = path.join(tempDir(), 'lifeboat.db');
  const db = await openDatabase({ kind: 'sqlite', file });
  if (migrated) await migrateToLatest(db);
  return { db, connect: () => openDatabase({ kind: 'sqlite', file }), close: () => db.destroy() };
}

// The real app on a given database, as startTestServer builds it; each with its own ids, since a restored
// database holds the ids the first server handed out.
let servers = 0;
async function serveOn(db: Db): Promise<TestServer> {
  const config = {
    ...loadConfig(
      { port: 0, data: '/nonexistent' },
      {
        LIFEBOAT_TOTP_REQUIRED: 'none',
        LIFEBOAT_SECRET_KEY: 'test-secret-key-0123456789abcdef!',
        LIFEBOAT_SCRYPT_COST: '10',
      },
    ),
    rateLimit: { windowMs: 60_000, perCaller: 1e9, perAddress: 1e9, authPerAddress: 1e9 },
  };
  const clock = testClock();
  const app = await buildApp({
    db,
    config,
    clock,
    ids: testIds(`srv${++servers}`),
    logger: false,
    outgoing: { enabled: false },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, db, config, clock, close: () => app.close() };
}

async function demoAccounts(db: Db): Promise<Record<string, DemoAccount>> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', DEMO_ACCOUNTS_KEY)
    .executeTakeFirstOrThrow();
  return Object.fromEntries((JSON.parse(row.value) as DemoAccount[]).map((a) => [a.role, a]));
}

const login = (server: TestServer, a: DemoAccount) => signIn(server, { email: a.email, password: a.password });

const keyed = (client: ApiClient, url: string, key: string, body: unknown) =>
  client.raw(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrfToken ?? '', 'idempotency-key': key },
    body: JSON.stringify(body),
  });

/**
 * Fills a database through the real app: the demo municipality, then what the demo leaves empty (sessions,
 * a failed login, an API token, an invitation, a second factor with its recovery codes, a refused request,
 * an idempotent write, a webhook subscription, a rate-limit counter).
 */
async function fill(server: TestServer): Promise<void> {
  await seedDemo(server.db, { clock: server.clock, config: server.config, ids: testIds('demo') });
  const accounts = await demoAccounts(server.db);
  const admin = await login(server, accounts.admin as DemoAccount);
  const staff = await login(server, accounts.staff as DemoAccount);
  const observer = await login(server, accounts.observer as DemoAccount);
  const bad = await anonymous(server).post('/api/auth/login', { email: accounts.staff?.email, password: 'wrong-one' });
  expect(bad.status).toBe(401);
  expect((await admin.post('/api/tokens', { name: 'backup test', read_only: true, expires_days: 5 })).status).toBe(200);
  const invited = await admin.post('/api/users', { email: 'ny@demo.sjovik.se', name: 'Ny Person', role: 'observer' });
  expect(invited.status, JSON.stringify(invited.body)).toBe(200);
  const enrol = await observer.post('/api/auth/totp/enroll');
  expect(enrol.status).toBe(200);
  const confirm = await observer.post('/api/auth/totp/confirm', {
    code: totpCodeAt(String(enrol.body.secret), server.clock()),
  });
  expect(confirm.status).toBe(200);
  // A refused write is recorded in the audit trail and counted in audit_refusals.
  expect((await observer.post('/api/decisions', { decision: 'Får inte' })).status).toBe(403);
  const report = await server.db
    .selectFrom('reports')
    .select(['id', 'content'])
    .where('state', '=', 'submitted')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const amended = await keyed(staff, `/api/reports/${report.id}/amend`, 'amend-key-0001', {
    content: JSON.parse(report.content),
  });
  expect(amended.status, JSON.stringify(amended.body)).toBe(200);
  // Rate-limit counters live in this table on PostgreSQL only (memory on SQLite): counted here as a server would.
  await incrementRateCount(server.db, 'a:192.0.2.7', server.clock().toISOString(), '2026-01-01T00:00:00.000Z');
  const hook = await staff.post('/api/webhooks', { name: 'Grannkommunen', url: 'https://example.org/hook' });
  expect(hook.status, JSON.stringify(hook.body)).toBeLessThan(300);
}

/** Every table's rows, normalised (0/1 for booleans, bytes as base64, keys sorted, rows sorted), by table. */
async function dump(db: Db): Promise<Record<string, string[]>> {
  const tables = (await db.introspection.getTables()).filter(
    (t) => !t.isView && (t.schema === undefined || t.schema === 'public'),
  );
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const rows = (await db
      .selectFrom(t.name as 'settings')
      .selectAll()
      .execute()) as Record<string, unknown>[];
    out[t.name] = rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((k) => {
              const v = row[k];
              if (typeof v === 'boolean') return [k, v ? 1 : 0];
              if (v instanceof Uint8Array) return [k, Buffer.from(v).toString('base64')];
              return [k, v];
            }),
        ),
      )
      .sort();
  }
  return out;
}

async function chainsHold(db: Db): Promise<void> {
  expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  expect(await verifyDecisionChain(db)).toMatchObject({ ok: true });
}

async function backupOf(
  p: Place,
  file: string,
  afterTable?: (t: string) => Promise<void>,
  batchRows?: number,
): Promise<BackupHeader> {
  const db = await p.connect();
  try {
    return await writeBackup(db, file, { now: () => new Date('2026-12-03T10:00:00Z'), afterTable, batchRows });
  } finally {
    await db.destroy();
  }
}

const rewrite = (file: string, out: string, change: (lines: string[]) => string[]) => {
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
  fs.writeFileSync(out, zlib.gzipSync(change(lines).join('\n')));
};

async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; key?: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LifeboatError);
  const { code, key, params, message } = error as LifeboatError;
  // The English text the code keeps is the English catalogue's, and Swedish fills every placeholder.
  expect(message).toBe(translate('en', key as MessageKey, params));
  expect(translate('sv', key as MessageKey, params)).not.toMatch(/\{\w+\}/);
  return { code, key };
}

describe.runIf(DIALECTS.includes('postgres'))('a move from SQLite to PostgreSQL and back', () => {
  it(
    'keeps every row of every table, the decision log and the audit trail, and the counters',
    async () => {
      const dir = tempDir();
      const a = await place('sqlite');
      const server = await serveOn(a.db);
      const pg = await place('postgres');
      const back = await place('sqlite', false);
      try {
        await fill(server);
        const original = await dump(a.db);
        // A new table that no test fills would be carried blind: every table must hold rows here.
        const empty = Object.entries(original)
          .filter(([, rows]) => rows.length === 0)
          .map(([t]) => t);
        expect(empty).toEqual([]);
        expect(Object.keys(original).length).toBeGreaterThanOrEqual(38);

        const first = await backupOf(a, path.join(dir, 'one.jsonl.gz'), undefined, 5);
        expect(first).toMatchObject({ dialect: 'sqlite', schema: LATEST_MIGRATION });
        expect(first.tables.map((t) => t.name).sort()).toEqual(Object.keys(original).sort());
        expect(Object.fromEntries(first.tables.map((t) => [t.name, t.rows]))).toEqual(
          Object.fromEntries(Object.entries(original).map(([t, rows]) => [t, rows.length])),
        );
        expect(first.counters.outbox).toBeGreaterThan(0);

        // Into PostgreSQL: a database migrated already (nothing in it but what migrations write).
        const restored = await restoreBackup(pg.db, path.join(dir, 'one.jsonl.gz'));
        expect(restored.rows).toBe(Object.values(original).reduce((n, rows) => n + rows.length, 0));
        expect(await dump(pg.db)).toEqual(original);
        await chainsHold(pg.db);

        // And back into a SQLite file never migrated; the same data gives the same body, byte for byte.
        // Read a few rows at a time here: paging by key (composite ones, text in byte order) must give the same.
        const second = await backupOf(pg, path.join(dir, 'two.jsonl.gz'), undefined, 7);
        expect(second.dialect).toBe('postgres');
        expect(second.body_sha256).toBe(first.body_sha256);
        expect(second.counters).toEqual(first.counters);
        await restoreBackup(back.db, path.join(dir, 'two.jsonl.gz'));
        expect(await dump(back.db)).toEqual(original);
        await chainsHold(back.db);

        // The next writes after the moves: sequences continue past the restored ids, sessions and passwords work.
        for (const p of [pg, back]) {
          const moved = await serveOn(p.db);
          try {
            const before = Number(
              (
                await p.db
                  .selectFrom('outbox')
                  .select((eb) => eb.fn.max('id').as('m'))
                  .executeTakeFirstOrThrow()
              ).m,
            );
            const staff = await login(moved, (await demoAccounts(p.db)).staff as DemoAccount);
            const decided = await staff.post('/api/decisions', { decision: 'Flytten är klar.' });
            expect(decided.status, JSON.stringify(decided.body)).toBe(200);
            expect(decided.body.decision.seq).toBe((await decisionsHead(a.db)).seq + 1);
            const after = Number(
              (
                await p.db
                  .selectFrom('outbox')
                  .select((eb) => eb.fn.max('id').as('m'))
                  .executeTakeFirstOrThrow()
              ).m,
            );
            expect(after).toBeGreaterThan(before);
            expect(before).toBe(first.counters.outbox);
            await chainsHold(p.db);
          } finally {
            await moved.close();
          }
        }
      } finally {
        await server.close();
        await a.close();
        await pg.close();
        await back.close();
      }
    },
    SLOW,
  );
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: lifeboat backup`, () => {
    it(
      'reads one snapshot: writes made while it runs are in no table of it',
      async () => {
        const dir = tempDir();
        const live = await place(dialect);
        const server = await serveOn(live.db);
        try {
          const staff = await signIn(server, { role: 'staff' });
          for (let i = 0; i < 3; i++) {
            expect((await staff.post('/api/decisions', { decision: `Före ${i}` })).status).toBe(200);
          }
          // Between reading the decisions and the chain heads (and every other pair of tables), a decision
          // is recorded and a stream of others runs: a backup that is not one snapshot would hold a head
          // ahead of its rows, or an event-log line for a decision it lacks.
          let writes: Promise<unknown>[] = [];
          const header = await backupOf(live, path.join(dir, 'during.jsonl.gz'), async (table) => {
            writes.push(staff.post('/api/decisions', { decision: `Under ${table}` }));
            if (table === 'decisions')
              expect((await writes.at(-1)) as { status: number }).toMatchObject({ status: 200 });
          });
          const statuses = (await Promise.all(writes)).map((r) => (r as { status: number }).status);
          writes = [];
          expect(new Set(statuses)).toEqual(new Set([200]));
          expect(header.tables.find((t) => t.name === 'decisions')?.rows).toBe(3);

          const copy = await openDatabase({ kind: 'sqlite', file: ':memory:' });
          try {
            await restoreBackup(copy, path.join(dir, 'during.jsonl.gz'));
            await chainsHold(copy);
            expect(await decisionsHead(copy)).toMatchObject({ seq: 3 });
            const logged = await copy.selectFrom('event_log').select('id').where('kind', '=', 'decision').execute();
            expect(logged.length).toBe(3);
          } finally {
            await copy.destroy();
          }
          expect((await decisionsHead(live.db)).seq).toBe(3 + statuses.length);
        } finally {
          await server.close();
          await live.close();
        }
      },
      SLOW,
    );

    it(
      'restore refuses a database that holds data, and leaves it as it was',
      async () => {
        const dir = tempDir();
        const source = await place(dialect);
        const server = await serveOn(source.db);
        try {
          await signIn(server, { role: 'staff' });
          await backupOf(source, path.join(dir, 'b.jsonl.gz'));
          const before = await dump(source.db);
          expect(await refusalOf(restoreBackup(source.db, path.join(dir, 'b.jsonl.gz')))).toEqual({
            code: 'conflict',
            key: 'err.backup.notEmpty',
          });
          expect(await dump(source.db)).toEqual(before);

          // Set up by a Lifeboat newer than this one (a migration this build does not know).
          const newer = await place(dialect);
          try {
            await sql`insert into kysely_migration (name, timestamp) values ('2099_01_01_0001_future', '2099-01-01T00:00:00.000Z')`.execute(
              newer.db,
            );
            expect(await refusalOf(restoreBackup(newer.db, path.join(dir, 'b.jsonl.gz')))).toEqual({
              code: 'conflict',
              key: 'err.backup.newerDatabase',
            });
          } finally {
            await newer.close();
          }
          // Another application's table (alone in a database never migrated on SQLite; beside Lifeboat's on PostgreSQL).
          const foreign = await place(dialect, false);
          try {
            await sql`create table other_app (id integer primary key)`.execute(foreign.db);
            await sql`insert into other_app (id) values (1)`.execute(foreign.db);
            expect(await refusalOf(restoreBackup(foreign.db, path.join(dir, 'b.jsonl.gz')))).toEqual({
              code: 'conflict',
              key: 'err.backup.notEmpty',
            });
          } finally {
            await foreign.close();
          }
        } finally {
          await server.close();
          await source.close();
        }
      },
      SLOW,
    );
  });
}

for (const dialect of DIALECTS) {
  it(
    `${dialect}: restores a backup of an older schema, then migrates it to this build's`,
    async () => {
      const dir = tempDir();
      const names = Object.keys(MIGRATIONS).sort();
      const older = names.at(-2) as string;
      const source = await place('sqlite', false);
      const target = await place(dialect);
      try {
        await migrateTo(source.db, older);
        await source.db
          .insertInto('units')
          .values({ id: 'vof', name: 'Vård och omsorg', kind: 'office', contacts: '[]', position: 0 })
          .execute();
        const header = await backupOf(source, path.join(dir, 'old.jsonl.gz'));
        expect(header.schema).toBe(older);
        await restoreBackup(target.db, path.join(dir, 'old.jsonl.gz'));
        expect((await appliedMigrations(target.db))?.at(-1)).toBe(LATEST_MIGRATION);
        expect(await target.db.selectFrom('units').select(['id', 'name']).execute()).toEqual([
          { id: 'vof', name: 'Vård och omsorg' },
        ]);
      } finally {
        await source.close();
        await target.close();
      }
    },
    SLOW,
  );
}

it('refuses to back up a table without a primary key rather than page through it inexactly', async () => {
  const p = await place('sqlite');
  try {
    await sql`create table no_key (a text)`.execute(p.db);
    const error = await backupOf(p, path.join(tempDir(), 'x.jsonl.gz')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(error)).toContain('table no_key has no primary key');
  } finally {
    await p.close();
  }
});

describe('a backup file that is not right', () => {
  it(
    'is refused before the database is touched: tampered, cut short, foreign, of a newer format or schema',
    async () => {
      const dir = tempDir();
      const source = await place('sqlite');
      const server = await serveOn(source.db);
      const good = path.join(dir, 'good.jsonl.gz');
      try {
        await signIn(server, { role: 'staff' });
        await backupOf(source, good);
      } finally {
        await server.close();
        await source.close();
      }
      expect((await verifyBackup(good)).format).toBe('lifeboat-backup');
      const bytes = fs.readFileSync(good);
      const cases: [string, (file: string) => void, string][] = [
        [
          'a value changed',
          (f) => rewrite(good, f, (l) => l.map((line) => line.replace('"staff"', '"admin"'))),
          'err.backup.corrupt',
        ],
        ['a row removed', (f) => rewrite(good, f, (l) => l.filter((_, i) => i !== 3)), 'err.backup.corrupt'],
        ['cut short', (f) => fs.writeFileSync(f, bytes.subarray(0, bytes.length - 40)), 'err.backup.corrupt'],
        ['the body cut at a line', (f) => rewrite(good, f, (l) => l.slice(0, -4)), 'err.backup.corrupt'],
        ['not gzip', (f) => fs.writeFileSync(f, '{"format":"lifeboat-backup"}\n'), 'err.backup.notBackup'],
        ['another gzip file', (f) => fs.writeFileSync(f, zlib.gzipSync('hello\n')), 'err.backup.notBackup'],
        [
          'a newer format',
          (f) => rewrite(good, f, (l) => [l[0]?.replace('"version":1', '"version":2') ?? '', ...l.slice(1)]),
          'err.backup.version',
        ],
        [
          'a newer schema',
          (f) =>
            rewrite(good, f, (l) => [
              l[0]?.replace(`"schema":"${LATEST_MIGRATION}"`, '"schema":"2099_01_01_0001_future"') ?? '',
              ...l.slice(1),
            ]),
          'err.backup.newerSchema',
        ],
        [
          'a counter that is not a count',
          (f) =>
            rewrite(good, f, (l) => {
              const header = JSON.parse(l[0] ?? '') as BackupHeader;
              return [JSON.stringify({ ...header, counters: { ...header.counters, outbox: -1 } }), ...l.slice(1)];
            }),
          'err.backup.corrupt',
        ],
        ['missing', () => undefined, 'err.cli.cannotRead'],
      ];
      for (const [name, make, key] of cases) {
        const file = path.join(dir, `${name.replaceAll(' ', '-')}.jsonl.gz`);
        make(file);
        const target = await place('sqlite', false);
        try {
          expect({ name, ...(await refusalOf(restoreBackup(target.db, file))) }).toEqual({
            name,
            code: 'bad_request',
            key,
          });
          expect(await appliedMigrations(target.db)).toBeNull();
        } finally {
          await target.close();
        }
      }
    },
    SLOW,
  );
});
