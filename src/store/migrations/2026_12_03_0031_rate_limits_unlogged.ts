import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.

/**
 * PostgreSQL: the rate-limit counters become an UNLOGGED table. Every counted request writes one of them;
 * logged, each such write was a commit that waited for the write-ahead log to reach the disk (hundreds a
 * second under load, on the same WAL as the reports). Unlogged, those commits wait for nothing. A crash
 * empties the table, which only gives everyone a fresh window, and a standby does not copy it, which
 * a failover survives the same way. SQLite keeps its counters in memory (src/server/rate-limit.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!db.getExecutor().adapter.constructor.name.startsWith('Postgres')) return;
  await sql`alter table rate_limits set unlogged`.execute(db);
}

/** Logs the counters again. */
export async function down(db: Kysely<any>): Promise<void> {
  if (!db.getExecutor().adapter.constructor.name.startsWith('Postgres')) return;
  await sql`alter table rate_limits set logged`.execute(db);
}
