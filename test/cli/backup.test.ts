import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { insertAuditEvent } from '../../src/store/audit/audit.repository.js';
import { migrateToLatest, openDatabase } from '../../src/store/database.js';
import { DIALECTS, freshDatabase } from '../support/dialects.js';

const root = path.resolve(import.meta.dirname, '../..');
// Each run of the CLI compiles the sources with tsx: seconds each on a busy machine.
const SLOW = 180_000;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-cli-backup-'));
  dirs.push(dir);
  return dir;
};

// The CLI as a user runs it: SQLite through --data, PostgreSQL through DATABASE_URL.
function lifeboat(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args],
    { cwd: root, encoding: 'utf8', env: { ...rest, LANG: 'en_GB.UTF-8', ...env }, timeout: 60_000 },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const dialect of DIALECTS) {
  describe(`lifeboat backup, then restore into ${dialect}`, () => {
    it(
      'moves the data, verify-log holds on the copy, and a second restore into it is refused with exit 2',
      async () => {
        const from = tempDir();
        const db = await openDatabase({ kind: 'sqlite', file: path.join(from, 'lifeboat.db') });
        await migrateToLatest(db);
        for (let i = 1; i <= 3; i++) {
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
        const file = path.join(tempDir(), 'copy.jsonl.gz');
        const target =
          dialect === 'postgres' ? await freshDatabase('postgres') : { url: undefined, drop: async () => undefined };
        const to = dialect === 'postgres' ? [] : ['--data', tempDir()];
        const env: Record<string, string> = target.url ? { DATABASE_URL: target.url } : {};
        try {
          const backup = lifeboat(['backup', file, '--data', from]);
          expect([backup.status, backup.stderr]).toEqual([0, '']);
          expect(backup.stdout).toMatch(/^.*copy\.jsonl\.gz: \d+ rows in \d+ tables, schema \w+, from sqlite\n$/);
          expect(fs.statSync(file).mode & 0o777).toBe(0o600);

          const restore = lifeboat(['restore', file, ...to], env);
          expect([restore.status, restore.stderr]).toEqual([0, '']);
          expect(restore.stdout).toMatch(/restored \d+ rows in \d+ tables/);
          expect(restore.stdout).toMatch(/does not hold the server key/);

          const verified = lifeboat(['verify-log', ...to], env);
          expect([verified.status, verified.stderr]).toEqual([0, '']);
          expect(verified.stdout).toMatch(/^audit: ok, 3 entries, head [0-9a-f]{64}\ndecisions: ok, 0 entries/);

          const again = lifeboat(['restore', file, ...to], env);
          expect(again.status).toBe(2);
          expect(again.stderr).toMatch(/^lifeboat: the database is not empty \(table \w+ holds \d+ rows\)/);
        } finally {
          await db.destroy();
          await target.drop();
        }
      },
      SLOW,
    );
  });
}

describe('lifeboat backup and restore refuse', () => {
  it(
    'a data directory without a database (creating nothing), a file that is not a backup or of an unknown schema, a place it cannot write',
    () => {
      const empty = tempDir();
      const none = lifeboat(['backup', path.join(empty, 'x.jsonl.gz'), '--data', empty]);
      expect(none.status).toBe(2);
      expect(none.stderr).toBe(`lifeboat: no Lifeboat database at ${path.join(empty, 'lifeboat.db')}\n`);
      expect(fs.readdirSync(empty)).toEqual([]);

      const junk = path.join(empty, 'junk.jsonl.gz');
      fs.writeFileSync(junk, 'not a backup\n');
      const refused = lifeboat(['restore', junk, '--data', path.join(empty, 'target')], { LANG: 'sv_SE.UTF-8' });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toBe(
        'lifeboat: inte en säkerhetskopia från Lifeboat (en gzip-fil vars första rad anger "lifeboat-backup")\n',
      );
      expect(fs.existsSync(path.join(empty, 'target'))).toBe(false);

      // A sound backup of a schema this build does not know: refused before the target is opened (nor created).
      const future = path.join(empty, 'future.jsonl.gz');
      const header = {
        format: 'lifeboat-backup',
        version: 1,
        schema: '2099_01_01_0001_future',
        created_at: '2099-01-01T00:00:00.000Z',
        dialect: 'sqlite',
        tables: [],
        counters: {},
        body_sha256: createHash('sha256').update('').digest('hex'),
      };
      fs.writeFileSync(future, zlib.gzipSync(`${JSON.stringify(header)}\n`));
      const newer = lifeboat(['restore', future, '--data', path.join(empty, 'target')]);
      expect(newer.status).toBe(2);
      expect(newer.stderr).toMatch(/^lifeboat: the backup holds schema 2099_01_01_0001_future, newer than/);
      expect(fs.existsSync(path.join(empty, 'target'))).toBe(false);

      const nowhere = lifeboat(['backup', path.join(empty, 'no/such/dir/x.jsonl.gz'), '--data', empty]);
      expect([nowhere.status, nowhere.stderr]).toEqual([
        2,
        `lifeboat: ${path.join(empty, 'no/such/dir/x.jsonl.gz')}: cannot write the file here (ENOENT)\n`,
      ]);
    },
    SLOW,
  );
});
