/** Row of `event_log` (händelselogg): one entry, automatic or manual; `data` is JSON text. */
export interface EventLogTable {
  id: string;
  incident_id: string | null;
  at: string;
  recorded_at: string;
  kind: string;
  actor_user_id: string | null;
  actor_label: string;
  system_id: string | null;
  unit_id: string | null;
  text: string | null;
  data: string;
}
