import type { RhythmKind, RhythmRule } from '../../domain/situation/rhythm.js';
import type { Db } from '../database.js';
import type { ReportRhythmTable } from './situation.table.js';

/** A stored rule of the reporting rhythm, with who made it and when. */
export interface StoredRhythm extends RhythmRule {
  kind: RhythmKind;
  incident_id: string;
  created_at: string;
  created_by_user_id: string | null;
}

function toRhythm(row: ReportRhythmTable): StoredRhythm {
  return {
    id: row.id,
    incident_id: row.incident_id,
    kind: row.kind === 'once' ? 'once' : 'daily',
    time_of_day: row.time_of_day,
    at: row.at,
    unit_ids: JSON.parse(row.unit_ids) as string[],
    remind_minutes: row.remind_minutes,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    created_at: row.created_at,
    created_by_user_id: row.created_by_user_id,
  };
}

/** Every rule of an incident, ended ones too, oldest first. */
export async function listRhythms(db: Db, incidentId: string): Promise<StoredRhythm[]> {
  const rows = await db
    .selectFrom('report_rhythms')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toRhythm);
}

/** One rule of an incident, or null. */
export async function getRhythm(db: Db, incidentId: string, id: string): Promise<StoredRhythm | null> {
  const row = await db
    .selectFrom('report_rhythms')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRhythm(row) : null;
}

/** Stores a new rule. */
export async function insertRhythm(db: Db, rule: StoredRhythm): Promise<void> {
  await db
    .insertInto('report_rhythms')
    .values({
      id: rule.id,
      incident_id: rule.incident_id,
      kind: rule.kind,
      time_of_day: rule.time_of_day,
      at: rule.at,
      unit_ids: JSON.stringify(rule.unit_ids),
      remind_minutes: rule.remind_minutes,
      starts_at: rule.starts_at,
      ends_at: rule.ends_at,
      created_at: rule.created_at,
      created_by_user_id: rule.created_by_user_id,
    })
    .execute();
}

/** Ends a rule at an instant; a rule already ended keeps its end (the past is never rewritten). */
export async function endRhythm(db: Db, id: string, endsAt: string): Promise<boolean> {
  const result = await db
    .updateTable('report_rhythms')
    .set({ ends_at: endsAt })
    .where('id', '=', id)
    .where('ends_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
