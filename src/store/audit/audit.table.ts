/** Row of `audit_events`: every authentication event and change of role, hash-chained in `seq` order. */
export interface AuditEventTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  action: string;
  subject: string | null;
  detail: string | null;
  ip: string | null;
  /** Position in the chain, 1, 2, 3 … (null only between the columns' creation and the chaining migration). */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/** Row of `audit_refusals`: refused requests of one kind in one window, counted against their first chained row. */
export interface AuditRefusalTable {
  key: string;
  window_start: string;
  event_id: string;
  count: number;
  last_at: string;
}
