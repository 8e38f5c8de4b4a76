/** Row of `decisions` (beslutslogg): append-only and hash-chained; `systems` and `needs` are JSON lists as text. */
export interface DecisionTable {
  id: string;
  seq: number;
  incident_id: string | null;
  decided_at: string;
  recorded_at: string;
  decision: string;
  basis: string;
  decided_by: string;
  mandate: string;
  recorded_by_user_id: string | null;
  recorded_by_label: string;
  systems: string;
  needs: string;
  corrects: string | null;
  prev_hash: string;
  hash: string;
}
