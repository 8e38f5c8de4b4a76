import type { Db } from '../database.js';

/** The open incident's id, or null when none is open. */
export async function activeIncidentId(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('incidents')
    .select('id')
    .where('closed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}
