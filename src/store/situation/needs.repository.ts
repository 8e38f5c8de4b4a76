import type { NeedCategory, NeedStatus, NeedUrgency } from '../../domain/situation/needs.js';
import type { Db } from '../database.js';

/** A need to store, as the service hands it over. */
export interface NewNeed {
  id: string;
  incident_id: string;
  unit_id: string;
  report_id: string | null;
  title: string;
  detail: string;
  category: NeedCategory;
  urgency: NeedUrgency;
  status: NeedStatus;
  owner_user_id: string | null;
  system_ids: string[];
  created_at: string;
  created_by_user_id: string | null;
}

/** Stores a new need. */
export async function insertNeed(db: Db, need: NewNeed): Promise<void> {
  await db
    .insertInto('needs')
    .values({ ...need, system_ids: JSON.stringify(need.system_ids), updated_at: need.created_at })
    .execute();
}

/** One change of a need, for its log. */
export interface NewNeedChange {
  id: string;
  need_id: string;
  at: string;
  actor_user_id: string | null;
  actor_label: string;
  /** `{ field: [from, to] }`; a new need records `{ status: [null, 'new'] }`. */
  changes: Record<string, [unknown, unknown]>;
  note: string;
}

/** Appends to a need's log of changes. */
export async function insertNeedChange(db: Db, change: NewNeedChange): Promise<void> {
  await db
    .insertInto('need_changes')
    .values({ ...change, changes: JSON.stringify(change.changes) })
    .execute();
}
