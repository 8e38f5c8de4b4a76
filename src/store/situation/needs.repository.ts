import type { NeedCategory, NeedStatus, NeedUrgency } from '../../domain/situation/needs.js';
import type { Db } from '../database.js';
import type { NeedTable } from './situation.table.js';

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

/** A need as stored, with its systems as a list. */
export interface StoredNeed extends NewNeed {
  updated_at: string;
}

function toNeed(row: NeedTable): StoredNeed {
  return {
    ...row,
    category: row.category as NeedCategory,
    urgency: row.urgency as NeedUrgency,
    status: row.status as NeedStatus,
    system_ids: JSON.parse(row.system_ids) as string[],
  };
}

/** Which needs to list: one incident's, narrowed by the columns given. */
export interface NeedFilter {
  incident_id: string;
  unit_id?: string;
  urgency?: NeedUrgency;
  category?: NeedCategory;
  /** A user id, or null for the needs nobody owns. */
  owner_user_id?: string | null;
}

/** The needs of an incident that match the filter, in no particular order (the triage order is the domain's). */
export async function listNeeds(db: Db, filter: NeedFilter): Promise<StoredNeed[]> {
  let query = db.selectFrom('needs').selectAll().where('incident_id', '=', filter.incident_id);
  if (filter.unit_id !== undefined) query = query.where('unit_id', '=', filter.unit_id);
  if (filter.urgency !== undefined) query = query.where('urgency', '=', filter.urgency);
  if (filter.category !== undefined) query = query.where('category', '=', filter.category);
  if (filter.owner_user_id === null) query = query.where('owner_user_id', 'is', null);
  else if (filter.owner_user_id !== undefined) query = query.where('owner_user_id', '=', filter.owner_user_id);
  return (await query.orderBy('created_at').orderBy('id').execute()).map(toNeed);
}

/** One need, or undefined. */
export async function getNeed(db: Db, id: string): Promise<StoredNeed | undefined> {
  const row = await db.selectFrom('needs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toNeed(row) : undefined;
}

/** The fields triage changes. */
export type NeedUpdate = Partial<Pick<NewNeed, 'status' | 'owner_user_id' | 'urgency' | 'category'>> & {
  updated_at: string;
};

/** Changes a stored need's triage fields. */
export async function updateNeed(db: Db, id: string, update: NeedUpdate): Promise<void> {
  await db.updateTable('needs').set(update).where('id', '=', id).execute();
}

/** One change of a need's log, as stored. */
export type StoredNeedChange = NewNeedChange;

/** A need's log of changes, oldest first. */
export async function listNeedChanges(db: Db, needId: string): Promise<StoredNeedChange[]> {
  const rows = await db
    .selectFrom('need_changes')
    .selectAll()
    .where('need_id', '=', needId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as Record<string, [unknown, unknown]> }));
}

/** The ids among `ids` that name no system of the catalogue. */
export async function unknownSystems(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db
    .selectFrom('systems')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

/** Every system's id and name, for the form and the cards. */
export async function listSystemNames(db: Db): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('systems').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

/** A user's name, role and whether it is disabled, or undefined. */
export async function userForOwner(
  db: Db,
  id: string,
): Promise<{ id: string; name: string; role: string; disabled: boolean } | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'disabled'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...row, disabled: row.disabled !== 0 } : undefined;
}

/** Every user's name by id (disabled ones too: an old change still names its author). */
export async function userNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('users').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
