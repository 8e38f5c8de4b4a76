/** Row of `outgoing`: one message of the outgoing queue; `meta` is JSON. */
export interface OutgoingTable {
  id: string;
  channel: string;
  purpose: string;
  recipient: string;
  subject: string | null;
  body: string;
  meta: string;
  dedupe_key: string | null;
  state: string;
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  claimed_by: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Row of `outgoing_attempts`: one try to send a message. */
export interface OutgoingAttemptTable {
  id: string;
  message_id: string;
  at: string;
  ok: number;
  error: string | null;
  duration_ms: number;
}
