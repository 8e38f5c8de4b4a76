import { sql } from 'kysely';
import type { LiveEvent } from '../domain/live/events.js';
import { type Db, dialectOf } from '../store/database.js';
import { insertOutbox } from '../store/outbox/outbox.repository.js';
import type { AppDeps } from './deps.js';

/**
 * Runs `fn` as one unit of work: one transaction; the events it emitted are stored with the change and
 * published after commit (a rollback takes them back with it). Services take the transaction as `db`.
 */
export async function unitOfWork<T>(deps: Pick<AppDeps, 'db'>, fn: (trx: Db) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(fn);
}

/** Records a live event inside the caller's transaction (the outbox); listeners see it only after commit. */
export async function emit(trx: Db, at: Date, event: LiveEvent): Promise<void> {
  await insertOutbox(trx, event, at.toISOString());
}

/**
 * Serialises writes that can conflict (e.g. `catalogue`, whose edits could together form a cycle): waits for
 * the named lock and holds it until the transaction ends.
 */
export async function lock(trx: Db, name: string): Promise<void> {
  // SQLite: better-sqlite3 runs one transaction at a time on its one connection, so writers are serialised.
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${`lifeboat:${name}`}))`.execute(trx);
}
