import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.

/** The incident workspace's spine: incidents, gate states, the event log every part of it writes to, and the outbox of live events. */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  await db.schema
    .createTable('outbox')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detected_at', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Null while the incident is the active one; at most one is open at a time (the service keeps that).
    .addColumn('closed_at', 'text')
    // The forecast as it stood when the incident was opened (JSON), kept so that the board compares
    // actual progress with what was expected then, not with today's recomputation.
    .addColumn('forecast', 'text')
    .execute();

  // A system's gate states; no row means `pending`. `note` is the evidence (passed) or the reason (waived).
  await db.schema
    .createTable('system_gates')
    .addColumn('system_id', 'text', (c) => c.notNull().references('systems.id').onDelete('cascade'))
    .addColumn('gate_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text')
    .addColumn('by_label', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addPrimaryKeyConstraint('system_gates_pk', ['system_id', 'gate_id'])
    .execute();

  await db.schema
    .createTable('event_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    // When it happened (a manual entry may name an earlier time) and when it was written down.
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('system_id', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('text', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('event_log_incident_at').on('event_log').columns(['incident_id', 'at']).execute();
  await db.schema.createIndex('event_log_system').on('event_log').column('system_id').execute();
}

/** Drops the workspace's spine. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_log').execute();
  await db.schema.dropTable('system_gates').execute();
  await db.schema.dropTable('incidents').execute();
  await db.schema.dropTable('outbox').execute();
}
