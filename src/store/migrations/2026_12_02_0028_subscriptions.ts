import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.

/** A partner's webhook has a name the staff gave it (null for a resident's e-mail subscription). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').addColumn('name', 'text').execute();
}

/** Drops the webhook name. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('name').execute();
}
