import type {
  Catalogue,
  Contact,
  Organisation,
  PublicHelp,
  System,
  SystemKind,
  SystemStatus,
  Team,
  Unit,
  UnitKind,
} from '../../domain/catalogue/types.js';
import type { Db } from '../database.js';
import type { CatalogueChangeRow, SystemRow, TeamRow, UnitRow } from './catalogue.table.js';

/** What kind of catalogue record a change concerns. */
export type ChangeEntity = 'system' | 'unit' | 'team' | 'organisation';

/** One recorded change to the catalogue, as the API shows it. */
export interface CatalogueChange {
  id: string;
  at: string;
  /** The e-mail of the user who made it, or 'cli'. */
  actor: string;
  actorUserId: string | null;
  source: 'import' | 'edit';
  entity: ChangeEntity;
  entityId: string;
  action: 'add' | 'change' | 'remove';
  before: unknown;
  after: unknown;
}

/** A change to record; the store serialises `before` and `after`. */
export type NewCatalogueChange = CatalogueChange;

/** Which changes to list. */
export interface ChangeFilter {
  entity?: ChangeEntity;
  entityId?: string;
  limit?: number;
}

const ORGANISATION_KEY = 'organisation';
// Keeps every multi-row insert well under SQLite's and PostgreSQL's parameter limits.
const CHUNK = 200;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function toUnit(row: UnitRow): Unit {
  return { id: row.id, name: row.name, kind: row.kind as UnitKind, contacts: JSON.parse(row.contacts) as Contact[] };
}

function toTeam(row: TeamRow): Team {
  return { id: row.id, name: row.name, capacity: row.capacity };
}

// Builds the domain object in the catalogue file's field order, leaving out what the
// file left out, so that an export reproduces absence.
function toSystem(row: SystemRow, dependsOn: string[]): System {
  const out: Record<string, unknown> = { id: row.id, name: row.name, kind: row.kind as SystemKind };
  if (row.public_name !== null) out.public_name = row.public_name;
  if (row.public_help !== null) out.public_help = JSON.parse(row.public_help) as PublicHelp;
  if (row.owner !== null) out.owner = row.owner;
  if (row.team !== null) out.team = row.team;
  out.depends_on = dependsOn;
  if (row.society !== null) out.society = row.society;
  if (row.organisation !== null) out.organisation = row.organisation;
  if (row.rto_hours !== null) out.rto_hours = row.rto_hours;
  if (row.estimate_low !== null && row.estimate_likely !== null && row.estimate_high !== null) {
    out.estimate_hours = { low: row.estimate_low, likely: row.estimate_likely, high: row.estimate_high };
  }
  if (row.gates !== null) out.gates = JSON.parse(row.gates) as string[];
  if (row.status !== 'down') out.status = row.status as SystemStatus;
  if (row.remaining_hours !== null) out.remaining_hours = row.remaining_hours;
  return out as unknown as System;
}

function systemColumns(s: System, position: number, updatedAt: string) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    public_name: s.public_name ?? null,
    public_help: s.public_help === undefined ? null : JSON.stringify(s.public_help),
    owner: s.owner ?? null,
    team: s.team ?? null,
    society: s.society ?? null,
    organisation: s.organisation ?? null,
    rto_hours: s.rto_hours ?? null,
    estimate_low: s.estimate_hours?.low ?? null,
    estimate_likely: s.estimate_hours?.likely ?? null,
    estimate_high: s.estimate_hours?.high ?? null,
    gates: s.gates === undefined ? null : JSON.stringify(s.gates),
    status: s.status ?? 'down',
    remaining_hours: s.remaining_hours ?? null,
    position,
    updated_at: updatedAt,
  };
}

function toChange(row: CatalogueChangeRow): CatalogueChange {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor_label,
    actorUserId: row.actor_user_id,
    source: row.source as CatalogueChange['source'],
    entity: row.entity as ChangeEntity,
    entityId: row.entity_id,
    action: row.action as CatalogueChange['action'],
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
  };
}

/** The organisation's settings, or null before a catalogue was ever stored. */
export async function getOrganisation(db: Db): Promise<Organisation | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', ORGANISATION_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as Organisation) : null;
}

/** Stores the organisation's settings (insert or replace). */
export async function setOrganisation(db: Db, organisation: Organisation): Promise<void> {
  const value = JSON.stringify({
    name: organisation.name,
    locale: organisation.locale,
    timezone: organisation.timezone,
  });
  await db
    .insertInto('settings')
    .values({ key: ORGANISATION_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Every unit, in catalogue order. */
export async function listUnits(db: Db): Promise<Unit[]> {
  const rows = await db.selectFrom('units').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toUnit);
}

/** One unit, or null. */
export async function getUnit(db: Db, id: string): Promise<Unit | null> {
  const row = await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUnit(row) : null;
}

/** Every team, in catalogue order. */
export async function listTeams(db: Db): Promise<Team[]> {
  const rows = await db.selectFrom('teams').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toTeam);
}

/** One team, or null. */
export async function getTeam(db: Db, id: string): Promise<Team | null> {
  const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTeam(row) : null;
}

async function dependencyMap(db: Db, systemIds?: string[]): Promise<Map<string, string[]>> {
  let query = db.selectFrom('system_dependencies').selectAll().orderBy('system_id').orderBy('position');
  if (systemIds) {
    if (systemIds.length === 0) return new Map();
    query = query.where('system_id', 'in', systemIds);
  }
  const map = new Map<string, string[]>();
  for (const row of await query.execute()) {
    const list = map.get(row.system_id) ?? [];
    list.push(row.depends_on_id);
    map.set(row.system_id, list);
  }
  return map;
}

/** Every system with its direct dependencies, in catalogue order. */
export async function listSystems(db: Db): Promise<System[]> {
  const rows = await db.selectFrom('systems').selectAll().orderBy('position').orderBy('id').execute();
  const deps = await dependencyMap(db);
  return rows.map((r) => toSystem(r, deps.get(r.id) ?? []));
}

/** One system with its direct dependencies, or null. */
export async function getSystem(db: Db, id: string): Promise<System | null> {
  const row = await db.selectFrom('systems').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const deps = await dependencyMap(db, [id]);
  return toSystem(row, deps.get(id) ?? []);
}

/** The ids of the systems that depend directly on the given one, in catalogue order. */
export async function directDependents(db: Db, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('system_dependencies')
    .innerJoin('systems', 'systems.id', 'system_dependencies.system_id')
    .select('system_dependencies.system_id as id')
    .where('system_dependencies.depends_on_id', '=', id)
    .orderBy('systems.position')
    .orderBy('systems.id')
    .execute();
  return rows.map((r) => r.id);
}

/** The whole catalogue in catalogue order, as of one moment; `fallback` stands in when no organisation was stored. */
export async function loadCatalogue(db: Db, fallback: Organisation): Promise<Catalogue> {
  if (db.isTransaction) return readCatalogue(db, fallback);
  // One snapshot: read table by table outside a transaction, an import committed in between would be seen
  // half, the systems from before it with the dependencies from after it.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => readCatalogue(trx, fallback));
}

async function readCatalogue(db: Db, fallback: Organisation): Promise<Catalogue> {
  const [organisation, teams, units, systems] = [
    await getOrganisation(db),
    await listTeams(db),
    await listUnits(db),
    await listSystems(db),
  ];
  return { version: 1, organisation: organisation ?? fallback, teams, units, systems };
}

/** Whether any unit, team or system is stored. */
export async function catalogueIsEmpty(db: Db): Promise<boolean> {
  for (const table of ['units', 'teams', 'systems'] as const) {
    const row = await db.selectFrom(table).select('id').limit(1).executeTakeFirst();
    if (row) return false;
  }
  return true;
}

async function nextPosition(db: Db, table: 'units' | 'teams' | 'systems'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('position').as('max'))
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Adds a unit at the end of the catalogue. */
export async function insertUnit(db: Db, unit: Unit): Promise<void> {
  const position = await nextPosition(db, 'units');
  await db
    .insertInto('units')
    .values({ id: unit.id, name: unit.name, kind: unit.kind, contacts: JSON.stringify(unit.contacts), position })
    .execute();
}

/** Overwrites a unit's fields (its place in the catalogue stays). */
export async function updateUnit(db: Db, unit: Unit): Promise<void> {
  await db
    .updateTable('units')
    .set({ name: unit.name, kind: unit.kind, contacts: JSON.stringify(unit.contacts) })
    .where('id', '=', unit.id)
    .execute();
}

/** Removes a unit. */
export async function deleteUnit(db: Db, id: string): Promise<void> {
  await db.deleteFrom('units').where('id', '=', id).execute();
}

/** Adds a team at the end of the catalogue. */
export async function insertTeam(db: Db, team: Team): Promise<void> {
  const position = await nextPosition(db, 'teams');
  await db.insertInto('teams').values({ id: team.id, name: team.name, capacity: team.capacity, position }).execute();
}

/** Overwrites a team's fields. */
export async function updateTeam(db: Db, team: Team): Promise<void> {
  await db.updateTable('teams').set({ name: team.name, capacity: team.capacity }).where('id', '=', team.id).execute();
}

/** Removes a team. */
export async function deleteTeam(db: Db, id: string): Promise<void> {
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

async function insertDependencies(db: Db, systems: System[]): Promise<void> {
  const rows = systems.flatMap((s) =>
    s.depends_on.map((d, position) => ({ system_id: s.id, depends_on_id: d, position })),
  );
  for (const chunk of chunks(rows)) await db.insertInto('system_dependencies').values(chunk).execute();
}

/** Adds a system (and its dependencies) at the end of the catalogue. */
export async function insertSystem(db: Db, system: System, at: string): Promise<void> {
  const position = await nextPosition(db, 'systems');
  await db
    .insertInto('systems')
    .values(systemColumns(system, position, at))
    .execute();
  await insertDependencies(db, [system]);
}

/** Overwrites a system's fields and dependencies (its place in the catalogue stays). */
export async function updateSystem(db: Db, system: System, at: string): Promise<void> {
  const { id: _id, position: _position, ...columns } = systemColumns(system, 0, at);
  await db.updateTable('systems').set(columns).where('id', '=', system.id).execute();
  await db.deleteFrom('system_dependencies').where('system_id', '=', system.id).execute();
  await insertDependencies(db, [system]);
}

/** Removes a system and its own dependency rows (callers check first that nothing needs it). */
export async function deleteSystem(db: Db, id: string): Promise<void> {
  await db.deleteFrom('system_dependencies').where('system_id', '=', id).execute();
  await db.deleteFrom('systems').where('id', '=', id).execute();
}

/** Replaces every unit, team, system and dependency with the given catalogue, keeping its order. */
export async function replaceCatalogue(db: Db, catalogue: Catalogue, at: string): Promise<void> {
  // Children before parents: dependencies and systems reference teams and units.
  await db.deleteFrom('system_dependencies').execute();
  await db.deleteFrom('systems').execute();
  await db.deleteFrom('teams').execute();
  await db.deleteFrom('units').execute();
  await setOrganisation(db, catalogue.organisation);
  const units = catalogue.units.map((u, position) => ({
    id: u.id,
    name: u.name,
    kind: u.kind,
    contacts: JSON.stringify(u.contacts),
    position,
  }));
  for (const chunk of chunks(units)) await db.insertInto('units').values(chunk).execute();
  const teams = catalogue.teams.map((t, position) => ({ id: t.id, name: t.name, capacity: t.capacity, position }));
  for (const chunk of chunks(teams)) await db.insertInto('teams').values(chunk).execute();
  const systems = catalogue.systems.map((s, position) => systemColumns(s, position, at));
  for (const chunk of chunks(systems)) await db.insertInto('systems').values(chunk).execute();
  await insertDependencies(db, catalogue.systems);
}

/** The users bound to any of the given units (reporters), for the check before a unit goes. */
export async function usersBoundToUnits(
  db: Db,
  unitIds: string[],
): Promise<{ id: string; email: string; unitId: string }[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'unit_id'])
    .where('unit_id', 'in', unitIds)
    .orderBy('email')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, unitId: r.unit_id ?? '' }));
}

/** Records changes to the catalogue. */
export async function appendChanges(db: Db, changes: NewCatalogueChange[]): Promise<void> {
  const rows = changes.map((c) => ({
    id: c.id,
    at: c.at,
    actor_user_id: c.actorUserId,
    actor_label: c.actor,
    source: c.source,
    entity: c.entity,
    entity_id: c.entityId,
    action: c.action,
    before: c.before === null || c.before === undefined ? null : JSON.stringify(c.before),
    after: c.after === null || c.after === undefined ? null : JSON.stringify(c.after),
  }));
  for (const chunk of chunks(rows)) await db.insertInto('catalogue_changes').values(chunk).execute();
}

/** Recorded changes, newest first (ties: the later-recorded id first). */
export async function listChanges(db: Db, filter: ChangeFilter = {}): Promise<CatalogueChange[]> {
  let query = db.selectFrom('catalogue_changes').selectAll();
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map(toChange);
}
