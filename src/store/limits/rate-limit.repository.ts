import { sql } from 'kysely';
import type { Db } from '../database.js';

/** A key's count in its current window, after one more hit. */
export interface RateCount {
  hits: number;
  /** ISO 8601: when the window began. */
  windowStart: string;
}

/**
 * Counts one hit for the key in one atomic statement, on both dialects: a window that began at or
 * before `cutoff` (now minus the window's length) starts again at `now` with one hit. Concurrent
 * callers on other servers each see their own increment.
 */
export async function incrementRateCount(db: Db, key: string, now: string, cutoff: string): Promise<RateCount> {
  // In ON CONFLICT … DO UPDATE, the right-hand sides all read the row as it was before the update.
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limits.window_start <= ${cutoff} then 1 else rate_limits.hits + 1 end`,
        window_start: sql<string>`case when rate_limits.window_start <= ${cutoff} then ${now} else rate_limits.window_start end`,
      }),
    )
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), windowStart: row.window_start };
}

/** Removes counters whose window began at or before `cutoff`; returns how many. */
export async function deleteStaleRateCounts(db: Db, cutoff: string): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('window_start', '<=', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A key's count in a window that began after `cutoff`, without counting; undefined when there is none. */
export async function readRateCount(db: Db, key: string, cutoff: string): Promise<RateCount | undefined> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['hits', 'window_start'])
    .where('key', '=', key)
    .where('window_start', '>', cutoff)
    .executeTakeFirst();
  return row ? { hits: Number(row.hits), windowStart: row.window_start } : undefined;
}
