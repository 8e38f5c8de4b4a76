import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.

/**
 * `systems.public_help`: how residents get help while a public service is away, as JSON text: a JSON
 * string (one text for every language) or an object of ISO 639-1 language → text; null when none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('systems').addColumn('public_help', 'text').execute();
}

/** Drops the public help. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('systems').dropColumn('public_help').execute();
}
