import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditChainHead, insertAuditEvent, verifyAuditChain } from '../../src/store/audit/audit.repository.js';
import { type Db, migrateToLatest, openDatabase } from '../../src/store/database.js';
import { DIALECTS, freshDatabase } from '../support/dialects.js';

const root = path.resolve(import.meta.dirname, '../..');
// Each run of the CLI compiles the sources with tsx: seconds each on a busy machine.
const SLOW = 180_000;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

// The CLI as a user runs it, from the TypeScript sources: SQLite through --data, PostgreSQL through DATABASE_URL.
function lifeboat(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...rest, ...env },
      timeout: 60_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Target {
  db: Db;
  args: string[];
  env: Record<string, string>;
  close: () => Promise<void>;
}

async function target(dialect: 'sqlite' | 'postgres'): Promise<Target> {
  if (dialect === 'postgres') {
    const { db, drop, url } = await freshDatabase('postgres');
    return { db, args: [], env: { DATABASE_URL: url ?? '' }, close: drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-verify-log-'));
  dirs.push(dir);
  const db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'lifeboat.db') });
  await migrateToLatest(db);
  return { db, args: ['--data', dir], env: {}, close: () => db.destroy() };
}

async function fill(db: Db, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await insertAuditEvent(db, {
      id: `ev-${i}`,
      at: new Date(Date.UTC(2026, 11, 2, 8, i)).toISOString(),
      actorUserId: null,
      action: 'login_failed',
      subject: `someone-${i}@example.se`,
      detail: { reason: 'bad_password' },
      ip: '192.0.2.1',
    });
  }
}

const hashAt = async (db: Db, seq: number) =>
  (await db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirstOrThrow()).hash ?? '';

for (const dialect of DIALECTS) {
  describe(`${dialect}: lifeboat verify-log`, () => {
    it(
      'holds on an intact chain (head and count), and accepts a head kept earlier',
      async () => {
        const t = await target(dialect);
        try {
          await fill(t.db, 5);
          const head = await auditChainHead(t.db);
          const third = await hashAt(t.db, 3);
          const r = lifeboat(['verify-log', ...t.args], t.env);
          expect([r.status, r.stderr]).toEqual([0, '']);
          expect(r.stdout).toBe(
            `audit: ok, 5 entries, head ${head.hash}\ndecisions: ok, 0 entries, head ${'0'.repeat(64)}\n`,
          );
          expect(lifeboat(['verify-log', '--head', third, ...t.args], t.env).status).toBe(0);
          const bad = lifeboat(['verify-log', '--head', 'not-a-hash', ...t.args], t.env);
          expect([bad.status, bad.stderr]).toEqual([
            2,
            'lifeboat: --head: expected a SHA-256 hash, 64 hexadecimal digits\n',
          ]);
        } finally {
          await t.close();
        }
      },
      SLOW,
    );

    it(
      'fails naming the first bad entry when a row is altered, removed or reordered',
      async () => {
        const t = await target(dialect);
        try {
          await fill(t.db, 5);
          await t.db.updateTable('audit_events').set({ subject: 'nobody@example.se' }).where('seq', '=', 2).execute();
          const altered = lifeboat(['verify-log', ...t.args], t.env);
          expect(altered.status).toBe(1);
          expect(altered.stderr).toBe('audit: BROKEN at entry 2 (id ev-2): entry 2 was changed after it was written\n');
          await t.db
            .updateTable('audit_events')
            .set({ subject: 'someone-2@example.se' })
            .where('seq', '=', 2)
            .execute();
          expect((await verifyAuditChain(t.db)).ok).toBe(true);

          await t.db.updateTable('audit_events').set({ seq: 99 }).where('seq', '=', 3).execute();
          await t.db.updateTable('audit_events').set({ seq: 3 }).where('seq', '=', 4).execute();
          await t.db.updateTable('audit_events').set({ seq: 4 }).where('seq', '=', 99).execute();
          const reordered = lifeboat(['verify-log', ...t.args], t.env);
          expect(reordered.status).toBe(1);
          expect(reordered.stderr).toMatch(/^audit: BROKEN at entry 3 \(id ev-4\): /);
          await t.db.updateTable('audit_events').set({ seq: 99 }).where('seq', '=', 3).execute();
          await t.db.updateTable('audit_events').set({ seq: 3 }).where('seq', '=', 4).execute();
          await t.db.updateTable('audit_events').set({ seq: 4 }).where('seq', '=', 99).execute();

          await t.db.deleteFrom('audit_events').where('seq', '=', 4).execute();
          const removed = lifeboat(['verify-log', ...t.args], t.env);
          expect(removed.status).toBe(1);
          expect(removed.stderr).toBe(
            'audit: BROKEN at entry 4 (id ev-5): entry 5 follows entry 3: an entry is missing or out of order\n',
          );
        } finally {
          await t.close();
        }
      },
      SLOW,
    );

    it(
      'with --head, fails when entries were cut off the end, even with the head row rewound',
      async () => {
        const t = await target(dialect);
        try {
          await fill(t.db, 4);
          const kept = await auditChainHead(t.db);
          await t.db.deleteFrom('audit_events').where('seq', '=', 4).execute();
          await t.db
            .updateTable('journal_heads')
            .set({ seq: 3, hash: await hashAt(t.db, 3) })
            .where('chain', '=', 'audit')
            .execute();
          expect(lifeboat(['verify-log', ...t.args], t.env).status).toBe(0);
          const cut = lifeboat(['verify-log', '--chain', 'audit', '--head', kept.hash, ...t.args], t.env);
          expect(cut.status).toBe(1);
          expect(cut.stderr).toBe(
            `audit: BROKEN after entry 3: the head ${kept.hash} is not in the chain: entries were cut off the end\n`,
          );
        } finally {
          await t.close();
        }
      },
      SLOW,
    );
  });
}
