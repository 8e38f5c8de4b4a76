import { sql } from 'kysely';
import type { LiveEvent } from '../domain/live/events.js';
import { type Db, dialectOf } from '../store/database.js';
import { appendOutbox, type OutboxEntry } from '../store/outbox/outbox.repository.js';
import type { AppDeps } from './deps.js';

/** The channel on which PostgreSQL tells every Lifeboat server that the outbox has new rows. */
export const OUTBOX_CHANNEL = 'lifeboat_outbox';

// Events a unit of work has emitted but not yet stored: they are written at its end (see `store`).
const pending = new WeakMap<Db, OutboxEntry[]>();

/**
 * Runs `fn` as one unit of work: one transaction; the events it emitted are stored with the change and
 * published after commit (a rollback takes them back with it). Services take the transaction as `db`.
 */
export async function unitOfWork<T>(
  deps: Pick<AppDeps, 'db'> & Partial<Pick<AppDeps, 'live'>>,
  fn: (trx: Db) => Promise<T>,
): Promise<T> {
  let emitted = false;
  const result = await deps.db.transaction().execute(async (trx) => {
    pending.set(trx, []);
    const value = await fn(trx);
    const events = pending.get(trx) ?? [];
    pending.delete(trx);
    emitted = events.length > 0;
    await store(trx, events);
    return value;
  });
  // Only now are the rows visible: wake this server's streams (others hear PostgreSQL's NOTIFY).
  if (emitted) deps.live?.poke();
  return result;
}

/**
 * Records a live event inside the caller's transaction (the outbox); listeners see it only after commit.
 * Within a unit of work the row is written at its end, just before commit (see `store` for why).
 */
export async function emit(trx: Db, at: Date, event: LiveEvent): Promise<void> {
  const queue = pending.get(trx);
  if (queue) queue.push({ event, at: at.toISOString() });
  else await store(trx, [{ event, at: at.toISOString() }]);
}

/**
 * Writes outbox rows so that their ids become visible in id order, which is what lets a client resume with
 * `id > Last-Event-ID` and miss nothing. On PostgreSQL an id is taken from the sequence at insert, but commits
 * can land in another order: a reader could see id 7 committed while id 6 is still in flight, move past it,
 * and never see 6. So every writer takes one transaction-scoped advisory lock (`outbox`, as `lock()` names
 * it) before inserting and keeps it until commit: ids are then handed out in commit order. Rows are written
 * at the end of the unit of work, lock, rows and NOTIFY in one statement, so the lock is held only for that
 * round trip and the commit, and it is always the last lock a transaction takes (no deadlock with `lock()`
 * names taken earlier). `pg_notify` in the same transaction is delivered on commit only. SQLite runs one
 * writer at a time (one connection here; a file lock across processes), so its ids are already in commit order.
 */
async function store(trx: Db, entries: OutboxEntry[]): Promise<void> {
  await appendOutbox(trx, entries, { lockKey: lockKey('outbox'), channel: OUTBOX_CHANNEL });
}

// The advisory lock's key for a name: the same text on every server, hashed by PostgreSQL.
function lockKey(name: string): string {
  return `lifeboat:${name}`;
}

/**
 * Serialises writes that can conflict (e.g. `catalogue`, whose edits could together form a cycle): waits for
 * the named lock and holds it until the transaction ends.
 */
export async function lock(trx: Db, name: string): Promise<void> {
  // SQLite: better-sqlite3 runs one transaction at a time on its one connection, so writers are serialised.
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${lockKey(name)}))`.execute(trx);
}
