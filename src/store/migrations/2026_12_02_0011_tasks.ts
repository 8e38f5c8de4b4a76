import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.

// The Swedish obligations as they stood when this migration shipped (copied, not imported).
const SEED = [
  [
    'early-warning',
    'Tidig varning (betydande incident)',
    'CSIRT-funktionen vid MCF (tidigare MSB) och tillsynsmyndigheten',
    'Cybersäkerhetslagen (2025:1506)',
    24,
    'hours',
  ],
  [
    'incident-notification',
    'Incidentanmälan',
    'CSIRT-funktionen vid MCF (tidigare MSB) och tillsynsmyndigheten',
    'Cybersäkerhetslagen (2025:1506)',
    72,
    'hours',
  ],
  [
    'final-report',
    'Slutrapport',
    'CSIRT-funktionen vid MCF (tidigare MSB) och tillsynsmyndigheten',
    'Cybersäkerhetslagen (2025:1506)',
    1,
    'months',
  ],
  [
    'imy-breach',
    'Anmälan av personuppgiftsincident',
    'Integritetsskyddsmyndigheten (IMY)',
    'GDPR artikel 33',
    72,
    'hours',
  ],
] as const;

/** Tasks (uppdrag), obligation templates (seeded with the Swedish ones) and the obligations' states per incident. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // Exactly one of the two is set (the service keeps that): a person or a unit.
    .addColumn('assignee_user_id', 'text')
    .addColumn('assignee_unit_id', 'text')
    .addColumn('due_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('reported_by_user_id', 'text')
    .addColumn('reported_by_label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'text')
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_incident').on('tasks').columns(['incident_id', 'due_at']).execute();

  await db.schema
    .createTable('obligation_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('deadline_amount', 'integer', (c) => c.notNull())
    .addColumn('deadline_unit', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('obligation_templates')
    .values(
      SEED.map(([id, title, recipient, basis, amount, unit], position) => ({
        id,
        position,
        title,
        recipient,
        basis,
        deadline_amount: amount,
        deadline_unit: unit,
      })),
    )
    .execute();

  // The state of one template's obligation for one incident (no row: pending). The template's words and
  // deadline are copied in when it is marked, so that a later edit of the template leaves the record as it was.
  await db.schema
    .createTable('obligations')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('deadline_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text')
    .addColumn('by_label', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('obligations_pk', ['incident_id', 'template_id'])
    .execute();
}

/** Drops the tasks and obligations. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('obligations').execute();
  await db.schema.dropTable('obligation_templates').execute();
  await db.schema.dropTable('tasks').execute();
}
