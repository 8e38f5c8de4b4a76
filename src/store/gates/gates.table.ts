/** Row of `system_gates`: one gate of one system that is no longer pending (no row: `pending`). */
export interface SystemGateTable {
  system_id: string;
  gate_id: string;
  /** `passed` or `waived` (a row may also record `pending` after a reset). */
  state: string;
  /** The evidence of a pass, or the reason of a waiver. */
  note: string;
  by_user_id: string | null;
  by_label: string;
  at: string;
  /** A waiver's expiry; after it the gate counts as pending again. */
  expires_at: string | null;
}
