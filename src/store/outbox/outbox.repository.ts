import { sql } from 'kysely';
import type { Audience, EventType, LiveEvent, PublishedEvent } from '../../domain/live/events.js';
import { type Db, dialectOf } from '../database.js';

/** An event to store, and when it happened (ISO 8601). */
export interface OutboxEntry {
  event: LiveEvent;
  at: string;
}

/** How PostgreSQL keeps outbox ids in commit order: the advisory lock's key, and the channel told of new rows. */
export interface OutboxOrdering {
  lockKey: string;
  channel: string;
}

/** Stores one event in the caller's transaction; returns its id. */
export async function insertOutbox(db: Db, event: LiveEvent, at: string): Promise<number> {
  const row = await db
    .insertInto('outbox')
    .values({ type: event.type, audience: JSON.stringify(event.audience), data: JSON.stringify(event.data), at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Stores a unit of work's events in the caller's transaction, in order, so that their ids become visible in
 * id order (src/server/tx.ts says why that matters). On PostgreSQL it takes the transaction-scoped advisory
 * lock `lockKey` first and announces the rows on `channel` (delivered at commit), all in one statement: every
 * other writer waits on that lock until this transaction commits, so it is held for one round trip and the
 * commit rather than three per event. On SQLite, whose one writer at a time already gives commit order, the
 * lock and the channel do not apply.
 */
export async function appendOutbox(db: Db, entries: readonly OutboxEntry[], ordering: OutboxOrdering): Promise<void> {
  if (entries.length === 0) return;
  if (dialectOf(db) !== 'postgres') {
    for (const { event, at } of entries) await insertOutbox(db, event, at);
    return;
  }
  // A statement takes at most 65,535 parameters: 1,000 rows of five each per statement. The lock is
  // the transaction's after the first, and PostgreSQL folds a transaction's identical notifications into one.
  for (let i = 0; i < entries.length; i += OUTBOX_ROWS_PER_STATEMENT) {
    await appendOutboxRows(db, entries.slice(i, i + OUTBOX_ROWS_PER_STATEMENT), ordering);
  }
}

const OUTBOX_ROWS_PER_STATEMENT = 1000;

async function appendOutboxRows(db: Db, entries: readonly OutboxEntry[], ordering: OutboxOrdering): Promise<void> {
  const values = sql.join(
    entries.map(
      ({ event, at }, n) =>
        sql`(${n}::int, ${event.type}::text, ${JSON.stringify(event.audience)}::text, ${JSON.stringify(event.data)}::text, ${at}::text)`,
    ),
  );
  // The lock's row is joined to every value row, so the lock is held before the first id is drawn; the
  // insert takes the rows in the order of n, and ids are drawn in insert order.
  await sql`
    with held as (select pg_advisory_xact_lock(hashtext(${ordering.lockKey})) as locked),
    added as (
      insert into outbox (type, audience, data, at)
      select v.type, v.audience, v.data, v.at
      from (values ${values}) as v (n, type, audience, data, at) cross join held
      order by v.n
      returning id
    )
    select pg_notify(${ordering.channel}, '') from (select count(*) from added) as c`.execute(db);
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
