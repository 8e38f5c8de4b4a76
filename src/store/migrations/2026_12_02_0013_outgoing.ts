import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.

/**
 * The one outgoing queue: every e-mail, SMS and webhook call Lifeboat sends, stored before it is sent so
 * that a restart loses nothing, claimed by one server at a time, retried with back-off; and every attempt.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outgoing')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // `email`, `sms` or `webhook`.
    .addColumn('channel', 'text', (c) => c.notNull())
    // What it is for (`reminder`, `invitation`, `notice`, `confirm`, `test`…), for the admin page and the log.
    .addColumn('purpose', 'text', (c) => c.notNull())
    // An e-mail address, a phone number, or a webhook URL.
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON: extra headers (a webhook's signature is computed when sent, from `subscription_id`'s secret).
    .addColumn('meta', 'text', (c) => c.notNull().defaultTo('{}'))
    // A message that must go once (a reminder per unit and deadline): a second enqueue is ignored.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    // `pending`, `sent`, or `failed` (gave up after the last attempt).
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    // A server that claimed it holds it until then; after that another may take it (a crash loses nothing).
    .addColumn('claimed_until', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outgoing_due').on('outgoing').columns(['state', 'next_attempt_at']).execute();

  await db.schema
    .createTable('outgoing_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('outgoing.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outgoing_attempts_message')
    .on('outgoing_attempts')
    .columns(['message_id', 'at'])
    .execute();
}

/** Drops the outgoing queue. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outgoing_attempts').execute();
  await db.schema.dropTable('outgoing').execute();
}
