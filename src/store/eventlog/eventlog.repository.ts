import type { Db } from '../database.js';

/** One entry of the event log, as a service writes it. */
export interface NewEventLogEntry {
  id: string;
  incident_id: string | null;
  /** When it happened; for automatic entries the moment of the change. */
  at: string;
  recorded_at: string;
  /** What kind of entry: `status`, `gate`, `catalogue`, `incident`, `manual`, `decision`, `task`, `obligation` … */
  kind: string;
  actor_user_id: string | null;
  actor_label: string;
  system_id?: string | null;
  unit_id?: string | null;
  /** Free text: a manual entry's words, or a reason given with a change. */
  text?: string | null;
  /** What changed, for the UI to render in the reader's language (e.g. `{ from, to }`). */
  data?: { [key: string]: unknown };
}

/** Writes one event-log entry inside the caller's transaction. */
export async function appendEventLog(db: Db, entry: NewEventLogEntry): Promise<void> {
  await db
    .insertInto('event_log')
    .values({
      id: entry.id,
      incident_id: entry.incident_id,
      at: entry.at,
      recorded_at: entry.recorded_at,
      kind: entry.kind,
      actor_user_id: entry.actor_user_id,
      actor_label: entry.actor_label,
      system_id: entry.system_id ?? null,
      unit_id: entry.unit_id ?? null,
      text: entry.text ?? null,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}
