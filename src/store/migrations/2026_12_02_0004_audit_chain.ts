import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen in time: never import application code here. The canonical form and the link below are a
// copy of src/domain/journal as it was when this migration shipped, kept here so that later changes
// to the journal cannot change how the rows that existed before the chain were linked.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function canonical(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] as Json)}`).join(',')}}`;
}

const GENESIS = '0'.repeat(64);

/** Hash-chains the audit trail: seq, prev_hash and hash on each row, a head row per chain, counts of refusals. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute();

  // The head of each chain: appends update it in their own transaction, which serialises them (a row lock
  // on PostgreSQL, the one writer on SQLite), so two writers can never link to the same entry.
  await db.schema
    .createTable('journal_heads')
    .addColumn('chain', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  // Refused requests in a window: the first writes a chained audit row, the rest only count here.
  await db.schema
    .createTable('audit_refusals')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_refusals_window').on('audit_refusals').column('window_start').execute();
  await db.schema.createIndex('audit_refusals_event').on('audit_refusals').column('event_id').execute();

  // The rows written before this migration join the chain in the order they were shown: time, then id.
  const rows = await db
    .selectFrom('audit_events')
    .select(['id', 'at', 'actor_user_id', 'action', 'subject', 'detail', 'ip'])
    .orderBy('at')
    .orderBy('id')
    .execute();
  let prev = GENESIS;
  let seq = 0;
  for (const row of rows) {
    seq++;
    const columns: { [key: string]: Json } = {
      id: row.id,
      at: row.at,
      actor_user_id: row.actor_user_id,
      action: row.action,
      subject: row.subject,
      detail: row.detail,
      ip: row.ip,
      seq,
      prev_hash: prev,
    };
    const hash = createHash('sha256')
      .update(prev + canonical(columns), 'utf8')
      .digest('hex');
    await db.updateTable('audit_events').set({ seq, prev_hash: prev, hash }).where('id', '=', row.id).execute();
    prev = hash;
  }
  await db.insertInto('journal_heads').values({ chain: 'audit', seq, hash: prev }).execute();
  await db.schema.createIndex('audit_events_seq').on('audit_events').column('seq').unique().execute();
}

/** Removes the chain again. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_refusals').ifExists().execute();
  await db.schema.dropTable('journal_heads').ifExists().execute();
  await db.schema.dropIndex('audit_events_seq').ifExists().execute();
  for (const column of ['hash', 'prev_hash', 'seq']) {
    await db.schema.alterTable('audit_events').dropColumn(column).execute();
  }
}
