import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-db-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SQLite as Lifeboat opens it', () => {
  it('writes ahead (WAL) and syncs every commit (synchronous=FULL): an acknowledged write survives a power cut', async () => {
    const db = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'lifeboat.db') });
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as Record<string, unknown>)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      // 2 is FULL (1 NORMAL, 0 OFF, 3 EXTRA).
      expect(await pragma('synchronous')).toBe(2);
      expect(await pragma('foreign_keys')).toBe(1);
    } finally {
      await db.destroy();
    }
  });
});
