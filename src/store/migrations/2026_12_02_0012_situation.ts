import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.

/**
 * The situation picture: reporting rhythms, the units' reports (with every submitted version), needs and
 * their changes, approved pictures, and the idempotency keys that make a resent write harmless.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A rule that makes reporting deadlines: `daily` at `time_of_day` (HH:MM in the organisation's zone)
  // from `starts_at` until `ends_at`, or `once` at `at`. `unit_ids` is a JSON array (empty: every unit).
  // A rule is never edited in a way that rewrites the past: changing one ends it and starts another.
  await db.schema
    .createTable('report_rhythms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('time_of_day', 'text')
    .addColumn('at', 'text')
    .addColumn('unit_ids', 'text', (c) => c.notNull())
    .addColumn('remind_minutes', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text')
    .execute();

  // One unit's report for one deadline (`cycle_at`, the deadline as an ISO instant). `content` is the
  // JSON of the form's headings; the columns beside it are what coverage and the picture query.
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('cycle_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('overall', 'text')
    .addColumn('life_health_risk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_submitted_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by_user_id', 'text')
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reports_unit_cycle', ['incident_id', 'unit_id', 'cycle_at'])
    .execute();
  await db.schema.createIndex('reports_cycle').on('reports').columns(['incident_id', 'cycle_at']).execute();

  // Every submitted version of a report, as it was sent (append-only).
  await db.schema
    .createTable('report_versions')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('overall', 'text', (c) => c.notNull())
    .addColumn('life_health_risk', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('submitted_by_user_id', 'text')
    .addColumn('late', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_versions_pk', ['report_id', 'version'])
    .execute();

  // A need for support (behov): from a report (`report_id`) or on its own. `system_ids` is a JSON array.
  await db.schema
    .createTable('needs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text')
    .addColumn('system_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('needs_incident').on('needs').columns(['incident_id', 'status']).execute();

  // Every change of a need (status, owner, urgency…), with who and why; mirrored into the event log.
  await db.schema
    .createTable('need_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('need_id', 'text', (c) => c.notNull().references('needs.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('need_changes_need').on('need_changes').columns(['need_id', 'at']).execute();

  // An approved common situation picture (fastställd lägesbild): never changed once written. `content` is
  // the JSON of the picture as approved; `decision_head` the decision log's head hash at that moment.
  await db.schema
    .createTable('pictures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('decision_head', 'text')
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addColumn('approved_by_user_id', 'text')
    .addColumn('approved_by_label', 'text', (c) => c.notNull())
    .addUniqueConstraint('pictures_version', ['incident_id', 'version'])
    .execute();

  // A write that carried an Idempotency-Key: the same key from the same user gets the stored answer back
  // instead of a second write. `request_hash` refuses the key reused for a different body.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();
}

/** Drops the situation picture's tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'idempotency_keys',
    'pictures',
    'need_changes',
    'needs',
    'report_versions',
    'reports',
    'report_rhythms',
  ])
    await db.schema.dropTable(table).execute();
}
