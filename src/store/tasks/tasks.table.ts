/** Row of `tasks`: one of `assignee_user_id` / `assignee_unit_id` is set; times are ISO text. */
export interface TaskTable {
  id: string;
  incident_id: string | null;
  title: string;
  description: string;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  due_at: string | null;
  status: string;
  report: string | null;
  reported_at: string | null;
  reported_by_user_id: string | null;
  reported_by_label: string | null;
  created_at: string;
  created_by_user_id: string | null;
  created_by_label: string;
  updated_at: string;
}

/** Row of `obligation_templates`, kept in `position` order. */
export interface ObligationTemplateTable {
  id: string;
  position: number;
  title: string;
  recipient: string;
  basis: string;
  deadline_amount: number;
  deadline_unit: string;
}

/** Row of `obligations`: a template's obligation for one incident once it is no longer pending. */
export interface ObligationTable {
  incident_id: string;
  template_id: string;
  state: string;
  title: string;
  recipient: string;
  deadline_at: string;
  sent_at: string | null;
  note: string;
  by_user_id: string | null;
  by_label: string;
  at: string;
}
