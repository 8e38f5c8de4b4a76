import type { Kysely } from 'kysely';

// Frozen in time: typed loosely (as the first migration is) so that it never follows the current Database type.
type AnyDb = Kysely<any>;

/** TOTP replay guard and reset state, link-started sessions, read-only and expiring API tokens. */
export async function up(db: AnyDb): Promise<void> {
  // The last accepted TOTP time step: a code of that step or an older one is refused.
  await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
  // After an admin reset, a new factor may be enrolled only from a session started by the reset link.
  await db.schema
    .alterTable('users')
    .addColumn('totp_needs_link', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('via_link', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('api_tokens')
    .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
}

/** Drops the columns again. */
export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  await db.schema.alterTable('api_tokens').dropColumn('read_only').execute();
  await db.schema.alterTable('sessions').dropColumn('via_link').execute();
  await db.schema.alterTable('users').dropColumn('totp_needs_link').execute();
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
}
