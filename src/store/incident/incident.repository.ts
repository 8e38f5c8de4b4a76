import type { Db } from '../database.js';
import type { IncidentTable } from './incident.table.js';

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

/** A stored incident; `forecast` is the JSON text of what was stored at its opening. */
export interface IncidentRecord {
  id: string;
  title: string;
  detected_at: string;
  phase: string;
  severity: string;
  exercise: boolean;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  closed_at: string | null;
  forecast: unknown;
}

function toRecord(row: IncidentTable): IncidentRecord {
  return { ...row, exercise: row.exercise === 1, forecast: row.forecast ? JSON.parse(row.forecast) : null };
}

/** Stores a new incident. */
export async function insertIncident(db: Db, incident: IncidentRecord): Promise<void> {
  await db
    .insertInto('incidents')
    .values({
      ...incident,
      exercise: incident.exercise ? 1 : 0,
      forecast: incident.forecast === null ? null : JSON.stringify(incident.forecast),
    })
    .execute();
}

/** One incident, or undefined. */
export async function getIncident(db: Db, id: string): Promise<IncidentRecord | undefined> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Every incident, the open one first, then the most recently detected. */
export async function listIncidents(db: Db): Promise<IncidentRecord[]> {
  const rows = await db.selectFrom('incidents').selectAll().orderBy('detected_at', 'desc').orderBy('id').execute();
  return rows.map(toRecord).sort((a, b) => Number(a.closed_at !== null) - Number(b.closed_at !== null));
}

/** Changes an incident's editable fields (and `closed_at` when it is closed); never its stored forecast. */
export async function updateIncident(
  db: Db,
  id: string,
  fields: Partial<Pick<IncidentRecord, 'title' | 'detected_at' | 'phase' | 'severity' | 'exercise' | 'closed_at'>> & {
    updated_at: string;
  },
): Promise<void> {
  const { exercise, ...rest } = fields;
  await db
    .updateTable('incidents')
    .set({ ...rest, ...(exercise === undefined ? {} : { exercise: exercise ? 1 : 0 }) })
    .where('id', '=', id)
    .execute();
}

/** The status entries of the event log (its status history) after `since`, oldest first. */
export async function listStatusChanges(
  db: Db,
  since: string,
): Promise<{ at: string; system_id: string | null; from: string; to: string }[]> {
  const rows = await db
    .selectFrom('event_log')
    .select(['at', 'system_id', 'data'])
    .where('kind', '=', 'status')
    .where('at', '>', since)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const data = JSON.parse(r.data) as { from?: unknown; to?: unknown };
    return { at: r.at, system_id: r.system_id, from: String(data.from ?? ''), to: String(data.to ?? '') };
  });
}

/**
 * An incident's status history for the plan's actuals: each `status` entry of its event log that
 * names a system, as the status it went to and when, oldest first (index event_log_incident_at).
 */
export async function listIncidentStatusHistory(
  db: Db,
  incidentId: string,
): Promise<{ system_id: string; to: string; at: string }[]> {
  const rows = await db
    .selectFrom('event_log')
    .select(['at', 'system_id', 'data'])
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'status')
    .where('system_id', 'is not', null)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const out: { system_id: string; to: string; at: string }[] = [];
  for (const r of rows) {
    if (r.system_id === null) continue;
    let to: unknown;
    try {
      to = (JSON.parse(r.data) as { to?: unknown }).to;
    } catch {
      // A row written by hand may hold anything; it says nothing about a status then.
      continue;
    }
    if (typeof to === 'string') out.push({ system_id: r.system_id, to, at: r.at });
  }
  return out;
}
