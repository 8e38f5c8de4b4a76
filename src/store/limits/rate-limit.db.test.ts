import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import type { Db } from '../database.js';
import { deleteStaleRateCounts, incrementRateCount } from './rate-limit.repository.js';

const T0 = '2026-11-29T08:00:00.000Z';
const at = (ms: number) => new Date(new Date(T0).getTime() + ms).toISOString();

for (const dialect of DIALECTS) {
  describe(`${dialect}: rate-limit counters`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ db, drop } = await freshDatabase(dialect));
    });
    afterAll(async () => drop());

    it('counts within a window and starts again after it', async () => {
      // A window of 60 s: the cutoff is now minus 60 s.
      expect(await incrementRateCount(db, 'k', at(0), at(-60_000))).toEqual({ hits: 1, windowStart: at(0) });
      expect(await incrementRateCount(db, 'k', at(59_000), at(-1_000))).toEqual({ hits: 2, windowStart: at(0) });
      expect(await incrementRateCount(db, 'other', at(59_000), at(-1_000))).toEqual({
        hits: 1,
        windowStart: at(59_000),
      });
      expect(await incrementRateCount(db, 'k', at(60_000), at(0))).toEqual({ hits: 1, windowStart: at(60_000) });
    });

    it('loses no increment when many race on one key', async () => {
      const results = await Promise.all(
        Array.from({ length: 30 }, () => incrementRateCount(db, 'race', at(1_000), at(-59_000))),
      );
      expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    });

    it('sweeps counters whose window is over', async () => {
      const removed = await deleteStaleRateCounts(db, at(30_000));
      // 'race' began at 1 s; 'other' (59 s) and 'k' (60 s) began after the cutoff.
      expect(removed).toBe(1);
      const left = await db.selectFrom('rate_limits').select('key').orderBy('key').execute();
      expect(left.map((r) => r.key)).toEqual(['k', 'other']);
    });

    if (dialect === 'postgres') {
      it('keeps the counters out of the write-ahead log (an unlogged table)', async () => {
        const { rows } = await sql<{ persistence: string }>`
          select relpersistence as persistence from pg_class where relname = 'rate_limits'`.execute(db);
        expect(rows).toEqual([{ persistence: 'u' }]);
      });
    }
  });
}
