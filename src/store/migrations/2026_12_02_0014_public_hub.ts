import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.

/**
 * The public hub: updates (notices) with their texts per language and what was published of them, which
 * services show a forecast, and subscriptions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // `status`: draft → in_review → published. `published_content` is the JSON of exactly what the public
  // sees (texts per language, as approved); the working texts in `notice_texts` never reach a public page.
  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text')
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('submitted_by_user_id', 'text')
    // When the next update comes at the latest (shown as overdue once passed).
    .addColumn('next_update_at', 'text')
    .addColumn('published_content', 'text')
    .addColumn('published_at', 'text')
    .addColumn('published_by_user_id', 'text')
    .addColumn('amended_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notices_published').on('notices').columns(['incident_id', 'published_at']).execute();

  // The working text of a notice in one language; `translation_pending` while it still follows the original.
  await db.schema
    .createTable('notice_texts')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('sms_summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('translation_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_texts_pk', ['notice_id', 'lang'])
    .execute();

  // Every publication and amendment of a notice, as published (append-only).
  await db.schema
    .createTable('notice_publications')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by_user_id', 'text')
    .addColumn('author_user_id', 'text')
    .addPrimaryKeyConstraint('notice_publications_pk', ['notice_id', 'version'])
    .execute();

  // A public service whose expected return the staff chose to publish (no row: not shown).
  await db.schema
    .createTable('public_forecasts')
    .addColumn('system_id', 'text', (c) => c.primaryKey())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'text')
    .execute();

  // A resident's e-mail (double opt-in) or a partner's webhook. Nothing beyond the address is kept;
  // `token_hash` is the SHA-256 of the confirm/unsubscribe token; `secret` signs webhook bodies (HMAC-SHA256).
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('secret', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addUniqueConstraint('subscriptions_address', ['kind', 'address'])
    .execute();
}

/** Drops the public hub's tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['subscriptions', 'public_forecasts', 'notice_publications', 'notice_texts', 'notices'])
    await db.schema.dropTable(table).execute();
}
