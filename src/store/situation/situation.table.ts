/** Row of `report_rhythms`: a rule that makes reporting deadlines; `unit_ids` is a JSON array (empty: all units). */
export interface ReportRhythmTable {
  id: string;
  incident_id: string;
  kind: string;
  time_of_day: string | null;
  at: string | null;
  unit_ids: string;
  remind_minutes: number;
  starts_at: string;
  ends_at: string | null;
  created_at: string;
  created_by_user_id: string | null;
}

/** Row of `reports`: one unit's report for one deadline; `content` is JSON; booleans are 0/1. */
export interface ReportTable {
  id: string;
  incident_id: string;
  unit_id: string;
  cycle_at: string;
  state: string;
  overall: string | null;
  life_health_risk: number;
  content: string;
  version: number;
  first_submitted_at: string | null;
  submitted_at: string | null;
  submitted_by_user_id: string | null;
  late: number;
  created_at: string;
  updated_at: string;
}

/** Row of `report_versions`: a submitted version of a report, as sent. */
export interface ReportVersionTable {
  report_id: string;
  version: number;
  overall: string;
  life_health_risk: number;
  content: string;
  submitted_at: string;
  submitted_by_user_id: string | null;
  late: number;
}

/** Row of `needs`; `system_ids` is a JSON array. */
export interface NeedTable {
  id: string;
  incident_id: string;
  unit_id: string;
  report_id: string | null;
  title: string;
  detail: string;
  category: string;
  urgency: string;
  status: string;
  owner_user_id: string | null;
  system_ids: string;
  created_at: string;
  created_by_user_id: string | null;
  updated_at: string;
}

/** Row of `need_changes`; `changes` is JSON `{ field: [from, to] }`. */
export interface NeedChangeTable {
  id: string;
  need_id: string;
  at: string;
  actor_user_id: string | null;
  actor_label: string;
  changes: string;
  note: string;
}

/** Row of `pictures`: an approved common situation picture, never changed; `content` is JSON. */
export interface PictureTable {
  id: string;
  incident_id: string;
  version: number;
  summary: string;
  content: string;
  decision_head: string | null;
  approved_at: string;
  approved_by_user_id: string | null;
  approved_by_label: string;
}

/** Row of `idempotency_keys`: the stored answer to a write that carried an Idempotency-Key. */
export interface IdempotencyKeyTable {
  user_id: string;
  key: string;
  route: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}
