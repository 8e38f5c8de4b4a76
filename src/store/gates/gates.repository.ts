import type { Db } from '../database.js';

/** A recorded gate state, as the domain sees it. */
export interface StoredGateState {
  system_id: string;
  gate_id: string;
  state: 'pending' | 'passed' | 'waived';
  note: string;
  by_user_id: string | null;
  by_label: string;
  at: string;
  expires_at: string | null;
}

/** Every recorded gate state, or those of the given systems. */
export async function listGateStates(db: Db, systemIds?: readonly string[]): Promise<StoredGateState[]> {
  let query = db.selectFrom('system_gates').selectAll().orderBy('system_id').orderBy('gate_id');
  if (systemIds) {
    if (systemIds.length === 0) return [];
    query = query.where('system_id', 'in', systemIds);
  }
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, state: r.state as StoredGateState['state'] }));
}

/** Records a gate's state (insert or replace) in the caller's transaction. */
export async function saveGateState(db: Db, state: StoredGateState): Promise<void> {
  await db
    .insertInto('system_gates')
    .values(state)
    .onConflict((oc) =>
      oc.columns(['system_id', 'gate_id']).doUpdateSet({
        state: state.state,
        note: state.note,
        by_user_id: state.by_user_id,
        by_label: state.by_label,
        at: state.at,
        expires_at: state.expires_at,
      }),
    )
    .execute();
}
