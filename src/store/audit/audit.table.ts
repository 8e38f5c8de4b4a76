/** Row of `audit_events`: every authentication event and change of role. */
export interface AuditEventTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  action: string;
  subject: string | null;
  detail: string | null;
  ip: string | null;
}
