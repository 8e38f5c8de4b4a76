import { sql } from 'kysely';
import type { LiveEvent } from '../domain/live/events.js';
import { type Db, dialectOf } from '../store/database.js';
import type { AppDeps } from './deps.js';

/**
 * What one request's unit of work offers its service: the transaction, a way to record live events
 * beside the change, and named locks for writes that can conflict.
 */
export interface UnitOfWork {
  /** The transaction: every read and write of the request goes through it. */
  trx: Db;
  /** Records an event; it is stored with the change and published only after commit. */
  emit(event: LiveEvent): void;
  /**
   * Serialises writes that can conflict (e.g. `catalogue`, whose edits could together form a cycle): waits
   * for the named lock and holds it until the transaction ends.
   */
  lock(name: string): Promise<void>;
}

/**
 * Runs `fn` as one unit of work: one transaction, its events stored with it and published after commit.
 * A rollback takes the events back with the change.
 */
export async function unitOfWork<T>(deps: Pick<AppDeps, 'db'>, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  const events: LiveEvent[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const uow: UnitOfWork = {
      trx,
      emit: (event) => events.push(event),
      lock: (name) => lockNamed(trx, name),
    };
    return fn(uow);
  });
  return result;
}

// PostgreSQL: a transaction-scoped advisory lock keyed by the name's hash. SQLite: better-sqlite3 runs one
// transaction at a time on its one connection, so writers are already serialised.
async function lockNamed(trx: Db, name: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${`lifeboat:${name}`}))`.execute(trx);
}
