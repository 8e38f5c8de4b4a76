import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportDecisions } from '../../src/server/decisions/decisions.service.js';
import { type Db, migrateToLatest, openDatabase } from '../../src/store/database.js';
import { appendDecision, decisionsHead } from '../../src/store/decisions/decisions.repository.js';
import { DIALECTS, freshDatabase } from '../support/dialects.js';

const root = path.resolve(import.meta.dirname, '../..');
// Each run of the CLI compiles the sources with tsx: seconds each on a busy machine.
const SLOW = 240_000;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-verify-decisions-'));
  dirs.push(dir);
  return dir;
}

// The CLI as a user runs it, from the TypeScript sources, in English.
function lifeboat(args: string[], env: Record<string, string>) {
  const { DATABASE_URL: _ignored, LC_ALL: _a, LC_MESSAGES: _m, ...rest } = process.env;
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args],
    { cwd: root, encoding: 'utf8', env: { ...rest, LANG: 'C', ...env }, timeout: 60_000 },
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
  const dir = tempDir();
  const db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'lifeboat.db') });
  await migrateToLatest(db);
  return { db, args: ['--data', dir], env: {}, close: () => db.destroy() };
}

async function fill(db: Db, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await appendDecision(db, {
      id: `d-${i}`,
      incident_id: null,
      decided_at: new Date(Date.UTC(2026, 11, 2, 7, i)).toISOString(),
      recorded_at: new Date(Date.UTC(2026, 11, 2, 8, i)).toISOString(),
      decision: `Beslut nummer ${i}`,
      basis: 'Lägesbild',
      decided_by: 'Anna Krisledare',
      mandate: 'Delegation från kommunstyrelsen §12',
      recorded_by_user_id: null,
      recorded_by_label: 'staff@example.se',
      systems: '["ad","ekonomi"]',
      needs: '[]',
      corrects: i === 4 ? 'd-2' : null,
    });
  }
}

const decisions = (t: Target, extra: string[] = []) =>
  lifeboat(['verify-log', '--chain', 'decisions', ...extra, ...t.args], t.env);

for (const dialect of DIALECTS) {
  describe(`${dialect}: lifeboat verify-log on the decision log`, () => {
    it(
      'holds on the untouched log and on its export (no database); a changed line or a wrong head fails',
      async () => {
        const t = await target(dialect);
        try {
          await fill(t.db, 5);
          const head = await decisionsHead(t.db);
          const both = lifeboat(['verify-log', ...t.args], t.env);
          expect([both.status, both.stderr]).toEqual([0, '']);
          expect(both.stdout).toBe(
            `audit: ok, 0 entries, head ${'0'.repeat(64)}\ndecisions: ok, 5 entries, head ${head.hash}\n`,
          );
          // Without --chain, a kept head is asked of the chain that holds it.
          expect(lifeboat(['verify-log', '--head', head.hash, ...t.args], t.env).status).toBe(0);

          const dir = tempDir();
          const file = path.join(dir, 'decisions.json');
          const exported = await exportDecisions(t.db, new Date('2026-12-02T10:00:00Z'));
          fs.writeFileSync(file, JSON.stringify(exported, null, 2));
          // No --data and no DATABASE_URL: the file alone.
          const fromFile = lifeboat(['verify-log', '--file', file, '--head', head.hash], {});
          expect([fromFile.status, fromFile.stdout, fromFile.stderr]).toEqual([
            0,
            `decisions: ok, 5 entries, head ${head.hash}\n`,
            '',
          ]);

          // In the CLI's language: Swedish for a Swedish locale.
          const sv = lifeboat(['verify-log', '--file', file], { LANG: 'sv_SE.UTF-8' });
          expect(sv.stdout).toBe(`decisions: ok, 5 poster, huvud ${head.hash}\n`);

          const wrong = 'f'.repeat(64);
          const wrongHead = lifeboat(['verify-log', '--file', file, '--head', wrong], {});
          expect([wrongHead.status, wrongHead.stderr]).toEqual([
            1,
            `decisions: BROKEN after entry 5: the head ${wrong} is not in the chain: entries were cut off the end\n`,
          ]);
          expect(decisions(t, ['--head', wrong]).status).toBe(1);

          // One line of the export changed by hand.
          const text = fs.readFileSync(file, 'utf8').replace('"Beslut nummer 3"', '"Beslut nummer 33"');
          fs.writeFileSync(file, text);
          const changed = lifeboat(['verify-log', '--file', file], {});
          expect([changed.status, changed.stderr]).toEqual([
            1,
            'decisions: BROKEN at entry 3 (id d-3): entry 3 was changed after it was written\n',
          ]);
          // Not an export at all.
          fs.writeFileSync(file, '{"hello": 1}');
          expect(lifeboat(['verify-log', '--file', file], {}).status).toBe(2);
        } finally {
          await t.close();
        }
      },
      SLOW,
    );

    it(
      'fails naming the entry when a column is altered, a row deleted or two rows swapped',
      async () => {
        const t = await target(dialect);
        try {
          await fill(t.db, 5);
          await t.db.updateTable('decisions').set({ decided_by: 'Någon annan' }).where('seq', '=', 2).execute();
          const altered = decisions(t);
          expect([altered.status, altered.stderr]).toEqual([
            1,
            'decisions: BROKEN at entry 2 (id d-2): entry 2 was changed after it was written\n',
          ]);
          // Both chains by default: the audit chain still holds, the decision log is named.
          const both = lifeboat(['verify-log', ...t.args], t.env);
          expect([both.status, both.stdout]).toEqual([1, `audit: ok, 0 entries, head ${'0'.repeat(64)}\n`]);
          expect(both.stderr).toMatch(/^decisions: BROKEN at entry 2 \(id d-2\)/);
          await t.db.updateTable('decisions').set({ decided_by: 'Anna Krisledare' }).where('seq', '=', 2).execute();
          expect(decisions(t).status).toBe(0);

          // Two rows trade their contents (every column but the key): the positions hold, the links do not.
          const rows = await t.db
            .selectFrom('decisions')
            .selectAll()
            .where('seq', 'in', [3, 4])
            .orderBy('seq')
            .execute();
          const [three, four] = rows;
          if (!three || !four) throw new Error('rows missing');
          const { id: _3, ...c3 } = three;
          const { id: _4, ...c4 } = four;
          await t.db.updateTable('decisions').set({ seq: 99 }).where('id', '=', 'd-3').execute();
          await t.db.updateTable('decisions').set(c3).where('id', '=', 'd-4').execute();
          await t.db.updateTable('decisions').set(c4).where('id', '=', 'd-3').execute();
          const swapped = decisions(t);
          expect(swapped.status).toBe(1);
          expect(swapped.stderr).toMatch(/^decisions: BROKEN at entry 3 \(id d-4\): entry 3 was changed/);
          await t.db.updateTable('decisions').set({ seq: 99 }).where('id', '=', 'd-3').execute();
          await t.db.updateTable('decisions').set(c4).where('id', '=', 'd-4').execute();
          await t.db.updateTable('decisions').set(c3).where('id', '=', 'd-3').execute();
          expect(decisions(t).status).toBe(0);

          await t.db.deleteFrom('decisions').where('seq', '=', 4).execute();
          const removed = decisions(t);
          expect([removed.status, removed.stderr]).toEqual([
            1,
            'decisions: BROKEN at entry 4 (id d-5): entry 5 follows entry 3: an entry is missing or out of order\n',
          ]);
        } finally {
          await t.close();
        }
      },
      SLOW,
    );
  });
}
