import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.

const GENESIS = '0'.repeat(64);

/**
 * The decision log (beslutslogg): append-only, hash-chained like the audit trail under the chain name
 * `decisions`. Nothing updates or deletes a row: a correction is a new row naming the one it corrects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    // The incident open when the decision was recorded; null when none was. No foreign key: the chain must
    // keep verifying whatever later happens to the incidents table.
    .addColumn('incident_id', 'text')
    // When it was decided (may be earlier than recorded: a decision taken on the phone, written down later).
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('mandate', 'text', (c) => c.notNull())
    .addColumn('recorded_by_user_id', 'text')
    .addColumn('recorded_by_label', 'text', (c) => c.notNull())
    // JSON lists of ids, as text.
    .addColumn('systems', 'text', (c) => c.notNull())
    .addColumn('needs', 'text', (c) => c.notNull())
    .addColumn('corrects', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_seq').on('decisions').column('seq').unique().execute();
  await db.schema.createIndex('decisions_incident').on('decisions').column('incident_id').execute();
  await db.insertInto('journal_heads').values({ chain: 'decisions', seq: 0, hash: GENESIS }).execute();
}

/** Drops the decision log and its chain head. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('journal_heads').where('chain', '=', 'decisions').execute();
  await db.schema.dropTable('decisions').execute();
}
