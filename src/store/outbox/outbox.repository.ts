import type { LiveEvent } from '../../domain/live/events.js';
import type { Db } from '../database.js';

/** Stores one event in the caller's transaction; returns its id. */
export async function insertOutbox(db: Db, event: LiveEvent, at: string): Promise<number> {
  const row = await db
    .insertInto('outbox')
    .values({ type: event.type, audience: JSON.stringify(event.audience), data: JSON.stringify(event.data), at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
