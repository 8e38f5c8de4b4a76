import { mayActForUnit, type Reader } from '../../domain/access.js';
import { LifeboatError } from '../../domain/errors.js';
import {
  checkNeedMove,
  countByStatus,
  mayOwnNeed,
  type NeedCategory,
  type NeedStatus,
  type NeedUrgency,
  nextNeedStatuses,
  triageOrder,
} from '../../domain/situation/needs.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId, getIncident } from '../../store/incident/incident.repository.js';
import {
  getNeed,
  insertNeedChange,
  listNeedChanges,
  listNeeds,
  listSystemNames,
  type NeedFilter,
  type StoredNeed,
  unknownSystems,
  updateNeed,
  userForOwner,
  userNames,
} from '../../store/situation/needs.repository.js';
import { listPeople, listUnitNames, unitExists } from '../../store/tasks/tasks.repository.js';
import { OtherUnitRefusal } from '../audit/refusals.js';
import type { AuthUser } from '../auth/guard.js';
import { actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { organisationZone } from '../tasks/tasks.service.js';
import { emit, lock } from '../tx.js';
import { raiseNeed } from './raise-need.js';

type Deps = Pick<AppDeps, 'clock' | 'ids'>;
type Named = { id: string; name: string };

function readerOf(user: AuthUser): Reader {
  return { role: user.role, unit_id: user.unitId };
}

function notFound(): LifeboatError {
  return new LifeboatError('not_found', 'There is no such need.', { key: 'err.need.notFound', field: 'id' });
}

/** What a need shows beside its own columns: names by id. */
interface Names {
  units: Map<string, string>;
  users: Map<string, string>;
  systems: Map<string, string>;
}

async function namesOf(db: Db): Promise<Names> {
  const [units, users, systems] = await Promise.all([listUnitNames(db), userNames(db), listSystemNames(db)]);
  return {
    units: new Map(units.map((u) => [u.id, u.name])),
    users,
    systems: new Map(systems.map((s) => [s.id, s.name])),
  };
}

/** A need as the API returns it. */
export interface NeedView {
  id: string;
  incident_id: string;
  unit_id: string;
  unit_name: string;
  report_id: string | null;
  title: string;
  detail: string;
  category: NeedCategory;
  urgency: NeedUrgency;
  status: NeedStatus;
  owner_user_id: string | null;
  owner_name: string | null;
  systems: Named[];
  created_at: string;
  created_by_label: string;
  updated_at: string;
  next_statuses: NeedStatus[];
  may_note: boolean;
}

function view(need: StoredNeed, names: Names, user: AuthUser): NeedView {
  return {
    id: need.id,
    incident_id: need.incident_id,
    unit_id: need.unit_id,
    unit_name: names.units.get(need.unit_id) ?? need.unit_id,
    report_id: need.report_id,
    title: need.title,
    detail: need.detail,
    category: need.category,
    urgency: need.urgency,
    status: need.status,
    owner_user_id: need.owner_user_id,
    owner_name: need.owner_user_id ? (names.users.get(need.owner_user_id) ?? null) : null,
    systems: need.system_ids.map((id) => ({ id, name: names.systems.get(id) ?? id })),
    created_at: need.created_at,
    created_by_label: need.created_by_user_id ? (names.users.get(need.created_by_user_id) ?? '') : 'cli',
    updated_at: need.updated_at,
    next_statuses: [...nextNeedStatuses(user.role, need.status)],
    may_note: mayActForUnit(readerOf(user), 'need.raise', need.unit_id),
  };
}

// The people a need may be given to; a reporter learns no names it does not need.
async function ownersFor(db: Db, user: AuthUser): Promise<Named[]> {
  if (user.role === 'reporter') return [];
  return (await listPeople(db)).filter((p) => mayOwnNeed(p.role)).map(({ id, name }) => ({ id, name }));
}

/** What GET /api/needs may filter by. */
export interface NeedQuery {
  status?: NeedStatus;
  unit?: string;
  urgency?: NeedUrgency;
  category?: NeedCategory;
  owner?: string;
}

/** The active incident's needs the caller may see, in triage order, with counts per status and names. */
export async function listNeedsFor(db: Db, now: Date, user: AuthUser, query: NeedQuery) {
  const incidentId = await activeIncidentId(db);
  const incident = incidentId ? await getIncident(db, incidentId) : undefined;
  const reporter = user.role === 'reporter';
  const names = await namesOf(db);
  let rows: StoredNeed[] = [];
  // A reporter's list is its own unit's, whatever it asks for: another unit's filter simply finds nothing.
  const foreign = reporter && query.unit !== undefined && query.unit !== user.unitId;
  if (incident && !foreign && !(reporter && user.unitId === null)) {
    const filter: NeedFilter = {
      incident_id: incident.id,
      unit_id: reporter ? (user.unitId ?? undefined) : query.unit,
      urgency: query.urgency,
      category: query.category,
      owner_user_id: query.owner === undefined ? undefined : query.owner === 'none' ? null : query.owner,
    };
    rows = (await listNeeds(db, filter)).filter((n) => mayActForUnit(readerOf(user), 'report.read', n.unit_id));
  }
  const shown = query.status ? rows.filter((n) => n.status === query.status) : rows;
  return {
    now: now.toISOString(),
    time_zone: await organisationZone(db),
    incident: incident ? { id: incident.id, title: incident.title, exercise: incident.exercise } : null,
    counts: countByStatus(rows),
    needs: triageOrder(shown).map((n) => view(n, names, user)),
    units: [...names.units].map(([id, name]) => ({ id, name })).filter((u) => !reporter || u.id === user.unitId),
    owners: await ownersFor(db, user),
    systems: [...names.systems].map(([id, name]) => ({ id, name })),
    may_triage: nextNeedStatuses(user.role, 'new').length > 0,
  };
}

// A need the caller may act on for `action`, else "not found" whether or not it exists.
async function visibleNeed(
  db: Db,
  user: AuthUser,
  id: string,
  action: 'report.read' | 'need.raise',
): Promise<StoredNeed> {
  const need = await getNeed(db, id);
  if (!need) throw notFound();
  if (!mayActForUnit(readerOf(user), action, need.unit_id))
    throw new OtherUnitRefusal(
      'There is no such need.',
      { key: 'err.need.notFound', field: 'id' },
      { record: 'need', id: need.id, unit_id: need.unit_id },
    );
  return need;
}

function changeRows(changes: Record<string, [unknown, unknown]>) {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return Object.entries(changes).map(([field, [from, to]]) => ({ field, from: text(from), to: text(to) }));
}

/** One need with its log of changes, oldest first. */
export async function needDetail(db: Db, user: AuthUser, id: string) {
  const need = await visibleNeed(db, user, id, 'report.read');
  const [names, changes] = await Promise.all([namesOf(db), listNeedChanges(db, id)]);
  return {
    time_zone: await organisationZone(db),
    need: view(need, names, user),
    changes: changes.map((c) => ({
      id: c.id,
      at: c.at,
      actor_label: c.actor_label,
      changes: changeRows(c.changes),
      note: c.note,
    })),
    owners: await ownersFor(db, user),
  };
}

/** A need raised on its own, as POST /api/needs takes it. */
export interface RaiseNeedInput {
  unit_id: string;
  title: string;
  detail?: string;
  category: NeedCategory;
  urgency: NeedUrgency;
  system_ids?: string[];
}

/** Raises a need for a unit in the active incident: a reporter only for its own unit. */
export async function raiseNeedFor(trx: Db, deps: Deps, user: AuthUser, input: RaiseNeedInput): Promise<NeedView> {
  if (!mayActForUnit(readerOf(user), 'need.raise', input.unit_id)) {
    throw new OtherUnitRefusal(
      'There is no such need.',
      { key: 'err.need.notFound', field: 'unit_id' },
      { record: 'need', id: null, unit_id: input.unit_id },
    );
  }
  if (!(await unitExists(trx, input.unit_id))) {
    throw new LifeboatError('validation_failed', `There is no unit "${input.unit_id}".`, {
      field: 'unit_id',
      key: 'err.catalogue.noUnit',
      params: { id: input.unit_id },
    });
  }
  const systemIds = input.system_ids ?? [];
  const unknown = await unknownSystems(trx, systemIds);
  if (unknown.length > 0) {
    const id = unknown[0] as string;
    throw new LifeboatError('validation_failed', `There is no system "${id}".`, {
      field: `system_ids[${systemIds.indexOf(id)}]`,
      key: 'err.catalogue.noSystem',
      params: { id },
    });
  }
  const title = input.title.trim();
  if (!title) {
    throw new LifeboatError('validation_failed', 'Say what is needed.', { field: 'title', key: 'err.need.blankTitle' });
  }
  const incidentId = await activeIncidentId(trx);
  if (!incidentId) {
    throw new LifeboatError('conflict', 'No incident is open: a need belongs to an incident.', {
      key: 'err.need.noIncident',
    });
  }
  const id = await raiseNeed(trx, deps, actorOf(user), {
    incident_id: incidentId,
    unit_id: input.unit_id,
    report_id: null,
    title,
    detail: (input.detail ?? '').trim(),
    category: input.category,
    urgency: input.urgency,
    system_ids: systemIds,
  });
  return view((await getNeed(trx, id)) as StoredNeed, await namesOf(trx), user);
}

/** The changes PATCH /api/needs/:id may make. */
export interface TriageInput {
  status?: NeedStatus;
  owner_user_id?: string | null;
  urgency?: NeedUrgency;
  category?: NeedCategory;
  note?: string;
}

// One change: its row in the need's log, an event-log entry, and the event for open boards.
async function record(
  trx: Db,
  deps: Deps,
  user: AuthUser,
  need: StoredNeed,
  changes: Record<string, [unknown, unknown]>,
  note: string,
  action: 'changed' | 'note',
): Promise<void> {
  const now = deps.clock();
  const actor = actorOf(user);
  await updateNeed(trx, need.id, {
    status: need.status,
    owner_user_id: need.owner_user_id,
    urgency: need.urgency,
    category: need.category,
    updated_at: now.toISOString(),
  });
  await insertNeedChange(trx, {
    id: deps.ids(),
    need_id: need.id,
    at: now.toISOString(),
    actor_user_id: actor.userId,
    actor_label: actor.label,
    changes,
    note,
  });
  await recordEvent(trx, deps, actor, {
    kind: 'need',
    unit_id: need.unit_id,
    system_id: null,
    text: note ? `${need.title}: ${note}` : need.title,
    data: { need_id: need.id, action, status: need.status, fields: Object.keys(changes) },
  });
  await emit(trx, now, {
    type: 'need.changed',
    audience: { kind: 'unit', unit_id: need.unit_id },
    data: { need_id: need.id, unit_id: need.unit_id, status: need.status },
  });
}

/** Triages a need: moves it along its lifecycle, gives it an owner, changes urgency or category, with a note. */
export async function triageNeed(
  trx: Db,
  deps: Deps,
  user: AuthUser,
  id: string,
  input: TriageInput,
): Promise<NeedView> {
  // Two people triaging one need at once: the second sees what the first did.
  await lock(trx, 'needs');
  const before = await visibleNeed(trx, user, id, 'report.read');
  const next: StoredNeed = { ...before };
  const changes: Record<string, [unknown, unknown]> = {};
  const note = (input.note ?? '').trim();
  if (input.status !== undefined && input.status !== before.status) {
    checkNeedMove(before.status, input.status, note);
    next.status = input.status;
    changes.status = [before.status, input.status];
  }
  if (input.owner_user_id !== undefined && input.owner_user_id !== before.owner_user_id) {
    if (input.owner_user_id !== null) {
      const owner = await userForOwner(trx, input.owner_user_id);
      if (!owner || owner.disabled || !mayOwnNeed(owner.role)) {
        throw new LifeboatError('validation_failed', 'There is no internal user by that id who can own a need.', {
          field: 'owner_user_id',
          key: 'err.need.noOwner',
        });
      }
    }
    next.owner_user_id = input.owner_user_id;
    changes.owner_user_id = [before.owner_user_id, input.owner_user_id];
  }
  if (input.urgency !== undefined && input.urgency !== before.urgency) {
    next.urgency = input.urgency;
    changes.urgency = [before.urgency, input.urgency];
  }
  if (input.category !== undefined && input.category !== before.category) {
    next.category = input.category;
    changes.category = [before.category, input.category];
  }
  const names = await namesOf(trx);
  // A PATCH that changes nothing and says nothing writes nothing.
  if (Object.keys(changes).length === 0 && !note) return view(before, names, user);
  await record(trx, deps, user, next, changes, note, Object.keys(changes).length ? 'changed' : 'note');
  return view({ ...next, updated_at: deps.clock().toISOString() }, names, user);
}

/** Adds a note to a need's log: staff, or a reporter of the need's own unit. */
export async function addNeedNote(trx: Db, deps: Deps, user: AuthUser, id: string, text: string): Promise<NeedView> {
  const need = await visibleNeed(trx, user, id, 'need.raise');
  const note = text.trim();
  if (!note) {
    throw new LifeboatError('validation_failed', 'Write the note.', { field: 'note', key: 'err.need.blankNote' });
  }
  await record(trx, deps, user, need, {}, note, 'note');
  return view({ ...need, updated_at: deps.clock().toISOString() }, await namesOf(trx), user);
}
