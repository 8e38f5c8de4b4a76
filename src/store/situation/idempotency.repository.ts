import type { Db } from '../database.js';

/** A stored answer to a write that carried an Idempotency-Key. */
export interface StoredAnswer {
  route: string;
  request_hash: string;
  status_code: number;
  response: unknown;
}

/** The answer stored for a user's key, or undefined. */
export async function findIdempotencyKey(db: Db, userId: string, key: string): Promise<StoredAnswer | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['route', 'request_hash', 'status_code', 'response'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? { ...row, response: JSON.parse(row.response) } : undefined;
}

/** Stores the answer to a user's key. */
export async function insertIdempotencyKey(
  db: Db,
  entry: StoredAnswer & { user_id: string; key: string; created_at: string },
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ ...entry, response: JSON.stringify(entry.response) })
    .execute();
}

/** Deletes the keys stored before `before` (ISO); returns how many. */
export async function deleteIdempotencyKeysBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
