import type { Audience, EventType, LiveEvent, PublishedEvent } from '../../domain/live/events.js';
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

/** Stores several events in the caller's transaction, in order. */
export async function insertOutboxMany(db: Db, events: readonly LiveEvent[], at: string): Promise<void> {
  for (const event of events) await insertOutbox(db, event, at);
}

/** Committed events after `afterId`, oldest first, at most `limit`. */
export async function readOutboxAfter(db: Db, afterId: number, limit: number): Promise<PublishedEvent[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    type: r.type as EventType,
    audience: JSON.parse(r.audience) as Audience,
    data: JSON.parse(r.data) as PublishedEvent['data'],
    at: r.at,
  }));
}

/** The lowest and highest stored ids (null when the outbox is empty). */
export async function outboxBounds(db: Db): Promise<{ min: number | null; max: number | null }> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.min('id').as('min'), eb.fn.max('id').as('max')])
    .executeTakeFirst();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return { min: num(row?.min), max: num(row?.max) };
}

/**
 * Deletes events recorded before `before`, always keeping the newest one so that a resume can tell
 * "nothing new" from "pruned". Returns how many went.
 */
export async function pruneOutbox(db: Db, before: string): Promise<number> {
  const { max } = await outboxBounds(db);
  if (max === null) return 0;
  const result = await db.deleteFrom('outbox').where('at', '<', before).where('id', '<', max).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
