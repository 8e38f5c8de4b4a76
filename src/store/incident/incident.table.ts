/** Row of `incidents`: `exercise` 0/1, `closed_at` null while active, `forecast` JSON text. */
export interface IncidentTable {
  id: string;
  title: string;
  detected_at: string;
  phase: string;
  severity: string;
  exercise: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  closed_at: string | null;
  forecast: string | null;
}
