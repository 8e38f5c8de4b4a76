/**
 * GET /healthz (the process answers) and GET /readyz (it can serve: the database answers a trivial
 * query and its schema is at this code's latest migration). A load balancer sends traffic on /readyz;
 * a supervisor restarts on /healthz.
 */
import { sql } from 'kysely';
import { type Db, pendingMigrations } from '../../store/database.js';
import type { App } from '../app.js';

/** What /readyz answers. */
export interface Readiness {
  ok: boolean;
  /** Why not, in English for the operator (never a password or a URL). */
  reason?: string;
}

/** Whether the database is reachable and migrated; the reason when not. */
export async function readiness(db: Db): Promise<Readiness> {
  try {
    await sql`select 1`.execute(db);
  } catch {
    return { ok: false, reason: 'the database does not answer' };
  }
  try {
    const pending = await pendingMigrations(db);
    if (pending.length > 0)
      return { ok: false, reason: `the database is missing ${pending.length} migration(s): ${pending.join(', ')}` };
  } catch {
    return { ok: false, reason: 'the database schema cannot be read' };
  }
  return { ok: true };
}

/** Registers /healthz and /readyz (outside the API document: they are for machines, not clients). */
export function healthRoutes(app: App, db: Db): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = await readiness(db);
    return reply
      .status(ready.ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(ready);
  });
}
