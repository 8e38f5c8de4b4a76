import { catalogueAudience } from '../../domain/access.js';
import { changedFields, isPlanRelevant, isStatusOnly, planFieldsOf } from '../../domain/catalogue/changes.js';
import type { FileEncoding } from '../../domain/catalogue/decode.js';
import type { CatalogueDiff } from '../../domain/catalogue/diff.js';
import { diffCatalogues } from '../../domain/catalogue/diff.js';
import { type ImportMode, MERGE } from '../../domain/catalogue/merge.js';
import { formatIssue, type ParseResult, parseImportText } from '../../domain/catalogue/parse.js';
import { catalogueToJson, catalogueToPlain, catalogueToYaml } from '../../domain/catalogue/serialise.js';
import type {
  Catalogue,
  CatalogueIssue,
  Organisation,
  System,
  SystemKind,
  SystemStatus,
  Team,
  Unit,
} from '../../domain/catalogue/types.js';
import { validateCatalogue } from '../../domain/catalogue/validate.js';
import { LifeboatError } from '../../domain/errors.js';
import { CATALOGUE_EDITORS, INTERNAL_READERS, STATUS_FIELDS } from '../../domain/roles.js';
import {
  appendChanges,
  type CatalogueChange,
  type ChangeEntity,
  type ChangeFilter,
  deleteSystem as deleteSystemRow,
  deleteTeam as deleteTeamRow,
  deleteUnit as deleteUnitRow,
  getOrganisation,
  insertSystem,
  insertTeam,
  insertUnit,
  listChanges,
  loadCatalogue,
  type NewCatalogueChange,
  replaceCatalogue,
  setOrganisation,
  updateSystem as updateSystemRow,
  updateTeam as updateTeamRow,
  updateUnit as updateUnitRow,
  usersBoundToUnits,
} from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import { OtherUnitRefusal } from '../audit/refusals.js';
import type { AuthUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { checkStatusChange, recordImportedStatuses, recordStatusChange } from '../gates/gates.service.js';
import { recordEvent } from '../journal/record.js';
import { emit } from '../tx.js';

/** What the catalogue service needs from the app: time and ids. */
export type CatalogueDeps = Pick<AppDeps, 'clock' | 'ids'>;

/** Who makes a change: a user (id and e-mail) or the command line. */
export interface Actor {
  userId: string | null;
  label: string;
}

/** The actor of a change made from the command line. */
export const CLI_ACTOR: Actor = { userId: null, label: 'cli' };

/** The actor for an authenticated caller. */
export function actorOf(user: AuthUser): Actor {
  return { userId: user.id, label: user.email };
}

/** Stands in for the organisation until a catalogue is imported. */
export const FALLBACK_ORGANISATION: Organisation = {
  name: 'Organisation',
  locale: 'sv',
  timezone: 'Europe/Stockholm',
};

/** A short reference to a system, as lists of needs and dependents show it. */
export interface SystemRef {
  id: string;
  name: string;
  kind: SystemKind;
  status: SystemStatus;
}

/** A system with its direct dependents, as the list shows it. */
export type SystemWithDependents = System & { dependents: string[] };

/** One system and its neighbourhood in the dependency graph. */
export interface SystemDetail {
  system: System;
  needs: SystemRef[];
  needed_by: SystemRef[];
  needs_all?: SystemRef[];
  needed_by_all?: SystemRef[];
  /** The change history with its actors' e-mail addresses: only for roles that read the internal picture. */
  changes?: ChangeView[];
}

/** A recorded change as the API shows it. */
export type ChangeView = Omit<CatalogueChange, 'actorUserId' | 'entityId'> & { entity_id: string };

function changeView(c: CatalogueChange): ChangeView {
  return {
    id: c.id,
    at: c.at,
    actor: c.actor,
    source: c.source,
    entity: c.entity,
    entity_id: c.entityId,
    action: c.action,
    before: c.before,
    after: c.after,
  };
}

/** What an import would do (preview) or did. */
export interface ImportResult {
  diff: CatalogueDiff;
  /** Merge or replace, statuses kept or taken from the file. */
  mode: ImportMode;
  /** How the file was decoded: `windows-1252` comes with a warning. */
  encoding: FileEncoding;
  /** Lines in `FILE:LINE: FIELD: message` form: nothing stops the import, but look. */
  warnings: string[];
  /** One line for people: `added 3, changed 1, removed 0`. */
  summary: string;
}

/** Export formats. */
export type ExportFormat = 'yaml' | 'json';

/** Loads the whole catalogue; a reporter sees only its own unit among units. */
export async function getCatalogue(db: Db, user?: AuthUser): Promise<Catalogue> {
  const catalogue = await loadCatalogue(db, FALLBACK_ORGANISATION);
  if (user?.role === 'reporter') catalogue.units = catalogue.units.filter((u) => u.id === user.unitId);
  return catalogue;
}

function refOf(s: System): SystemRef {
  return { id: s.id, name: s.name, kind: s.kind, status: s.status ?? 'down' };
}

function dependentsMap(systems: System[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of systems) map.set(s.id, []);
  for (const s of systems) for (const d of s.depends_on) map.get(d)?.push(s.id);
  return map;
}

// Everything reachable from `start` along `next`, excluding `start`, in catalogue order.
function reachable(systems: System[], start: string, next: (id: string) => string[]): SystemRef[] {
  const seen = new Set<string>();
  const stack = [...next(start)];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id) || id === start) continue;
    seen.add(id);
    stack.push(...next(id));
  }
  return systems.filter((s) => seen.has(s.id)).map(refOf);
}

/** Every system with its direct dependents, in catalogue order. */
export async function listSystemsWithDependents(db: Db): Promise<SystemWithDependents[]> {
  const { systems } = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const dependents = dependentsMap(systems);
  return systems.map((s) => ({ ...s, dependents: dependents.get(s.id) ?? [] }));
}

/** One system with what it needs and what needs it (transitively both ways on request), and its changes. */
export async function getSystemDetail(
  db: Db,
  id: string,
  transitive: boolean,
  user: Pick<AuthUser, 'role'>,
): Promise<SystemDetail> {
  const { systems } = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const byId = new Map(systems.map((s) => [s.id, s]));
  const system = byId.get(id);
  if (!system)
    throw new LifeboatError('not_found', `There is no system "${id}".`, {
      field: 'id',
      key: 'err.catalogue.noSystem',
      params: { id },
    });
  const dependents = dependentsMap(systems);
  const refs = (ids: string[]) => ids.flatMap((d) => (byId.has(d) ? [refOf(byId.get(d) as System)] : []));
  const detail: SystemDetail = {
    system,
    needs: refs(system.depends_on),
    needed_by: refs(dependents.get(id) ?? []),
  };
  // A reporter sees the systems but not who changed them: the history names staff by e-mail address.
  if (INTERNAL_READERS.includes(user.role)) {
    detail.changes = (await listChanges(db, { entity: 'system', entityId: id, limit: 50 })).map(changeView);
  }
  if (transitive) {
    detail.needs_all = reachable(systems, id, (x) => byId.get(x)?.depends_on ?? []);
    detail.needed_by_all = reachable(systems, id, (x) => dependents.get(x) ?? []);
  }
  return detail;
}

/** Every unit in catalogue order; a reporter gets only its own. */
export async function listUnitsFor(db: Db, user: AuthUser): Promise<Unit[]> {
  return (await getCatalogue(db, user)).units;
}

/** One unit and the systems it owns; a reporter may ask only for its own. */
export async function getUnitDetail(db: Db, user: AuthUser, id: string): Promise<{ unit: Unit; systems: System[] }> {
  const notFound = { field: 'id', key: 'err.catalogue.noUnit', params: { id } };
  // Before the look-up, and worded as "not found": a reporter must not learn which other units exist.
  if (user.role === 'reporter' && user.unitId !== id) {
    throw new OtherUnitRefusal(`There is no unit "${id}".`, notFound, { record: 'unit', id, unit_id: id });
  }
  const catalogue = await getCatalogue(db);
  const unit = catalogue.units.find((u) => u.id === id);
  if (!unit) throw new LifeboatError('not_found', `There is no unit "${id}".`, notFound);
  return { unit, systems: catalogue.systems.filter((s) => s.owner === id) };
}

/** Every team in catalogue order. */
export async function listTeamsAll(db: Db): Promise<Team[]> {
  return (await getCatalogue(db)).teams;
}

/** The recorded changes, newest first. */
export async function listCatalogueChanges(db: Db, filter: ChangeFilter): Promise<ChangeView[]> {
  return (await listChanges(db, filter)).map(changeView);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Issues about the record being edited are named by its own field (`team`), the way a
// form shows them; issues elsewhere (a cycle through other systems) keep their full path.
function editIssues(issues: CatalogueIssue[], list: 'systems' | 'units' | 'teams', id: string): CatalogueIssue[] {
  const prefix = new RegExp(`^${list}\\[\\d+\\](?: \\(${escapeRegExp(id)}\\))?\\.?`);
  return issues.map((i) => {
    const stripped = i.field.replace(prefix, '');
    return stripped === i.field ? i : { ...i, field: stripped || 'id' };
  });
}

function invalidEdit(issues: CatalogueIssue[]): LifeboatError {
  const first = issues[0];
  const message = first.field ? `${first.field}: ${first.message}` : first.message;
  return new LifeboatError('invalid_catalogue', message, { field: first.field || undefined, details: { issues } });
}

/** The error for a catalogue file that does not validate: 422 with every issue. */
export function invalidCatalogue(fileName: string, issues: CatalogueIssue[]): LifeboatError {
  const first = issues[0] ?? { field: '', message: 'the catalogue is not valid' };
  return new LifeboatError('invalid_catalogue', formatIssue(fileName, first), {
    field: first.field || undefined,
    details: { issues },
  });
}

/**
 * Text PostgreSQL cannot store (the NUL character, U+0000), refused on both dialects so that they
 * behave alike. Fields are named as validate.ts does.
 */
export function storageIssues(catalogue: Catalogue): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const text = (field: string, value: string | undefined) => {
    if (value?.includes('\u0000')) issues.push({ field, message: 'must not contain the NUL character (U+0000)' });
  };
  const { organisation: o } = catalogue;
  text('organisation.name', o.name);
  text('organisation.timezone', o.timezone);
  catalogue.teams.forEach((t, i) => {
    text(`teams[${i}] (${t.id}).name`, t.name);
  });
  catalogue.units.forEach((u, i) => {
    const at = `units[${i}] (${u.id})`;
    text(`${at}.name`, u.name);
    u.contacts.forEach((c, j) => {
      text(`${at}.contacts[${j}].name`, c.name);
      text(`${at}.contacts[${j}].phone`, c.phone);
      text(`${at}.contacts[${j}].email`, c.email);
    });
  });
  catalogue.systems.forEach((s, i) => {
    const at = `systems[${i}] (${s.id})`;
    text(`${at}.name`, s.name);
    text(`${at}.public_name`, s.public_name);
    const help = s.public_help;
    if (typeof help === 'string') text(`${at}.public_help`, help);
    else if (help) for (const [lang, t] of Object.entries(help)) text(`${at}.public_help.${lang}`, t);
  });
  return issues;
}

// Validates the whole catalogue as it would be after an edit (references, cycles,
// estimate order, storage limits) and returns it normalised, or throws 422 naming the edited field.
function validateEdited(candidate: unknown, list: 'systems' | 'units' | 'teams', id: string): Catalogue {
  const result = validateCatalogue(candidate);
  if (!result.ok) throw invalidEdit(editIssues(result.issues, list, id));
  const limits = storageIssues(result.catalogue);
  if (limits.length > 0) throw invalidEdit(editIssues(limits, list, id));
  return result.catalogue;
}

function change(
  deps: CatalogueDeps,
  actor: Actor,
  source: 'import' | 'edit',
  entity: ChangeEntity,
  entityId: string,
  before: unknown,
  after: unknown,
): NewCatalogueChange {
  const action = before === null ? 'add' : after === null ? 'remove' : 'change';
  return {
    id: deps.ids(),
    at: deps.clock().toISOString(),
    actor: actor.label,
    actorUserId: actor.userId,
    source,
    entity,
    entityId,
    action,
    before,
    after,
  };
}

function dropNulls(patch: Record<string, unknown>): { set: Record<string, unknown>; clear: string[] } {
  const set: Record<string, unknown> = {};
  const clear: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) clear.push(k);
    else if (v !== undefined) set[k] = v;
  }
  return { set, clear };
}

function applyPatch<T extends object>(record: T, patch: Record<string, unknown>): Record<string, unknown> {
  const { set, clear } = dropNulls(patch);
  const out: Record<string, unknown> = { ...record, ...set };
  for (const k of clear) delete out[k];
  return out;
}

/**
 * Records catalogue changes where they are written (catalogue_changes), tells live pages
 * (`catalogue.changed` {entity, id, action}) and writes plan-relevant ones (adds, removes, dependencies,
 * estimates, team, gates, capacity) in the event log. Status events are the status rules' own.
 */
async function recordChanges(db: Db, deps: CatalogueDeps, actor: Actor, changes: NewCatalogueChange[]): Promise<void> {
  await appendChanges(db, changes);
  if (changes.length === 0) return;
  const now = deps.clock();
  // An import tells once, as one change of the whole catalogue: pages reload it all anyway.
  if (changes.some((c) => c.source === 'import')) {
    await emit(db, now, {
      type: 'catalogue.changed',
      audience: { kind: 'public' },
      data: { entity: 'catalogue', id: null, action: 'import' },
    });
    await recordEvent(db, deps, actor, {
      kind: 'catalogue',
      text: `import: ${changes.length} changes`,
      data: { entity: 'catalogue', entity_id: null, action: 'import', fields: [] },
    });
    return;
  }
  for (const c of changes) {
    const fields = changedFields(c.before, c.after);
    // A change of status alone is told once, as `system.status`, by the status rule's own writer.
    if (!isStatusOnly(c.entity, c.action, fields))
      await emit(db, now, {
        type: 'catalogue.changed',
        audience: catalogueAudience(c.entity, c.entityId, c.after ?? c.before),
        data: { entity: c.entity, id: c.entityId, action: c.action },
      });
    if (!isPlanRelevant(c.entity, c.action, fields)) continue;
    await recordEvent(db, deps, actor, {
      kind: 'catalogue',
      system_id: c.entity === 'system' ? c.entityId : undefined,
      unit_id: c.entity === 'unit' ? c.entityId : undefined,
      data: {
        entity: c.entity,
        entity_id: c.entityId,
        action: c.action,
        fields: c.action === 'change' ? planFieldsOf(c.entity, fields) : [],
      },
    });
  }
}

// ---- systems ----

/** Adds a system at the end of the catalogue. */
export async function createSystem(db: Db, deps: CatalogueDeps, actor: Actor, input: unknown): Promise<System> {
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const id = (input as { id: string }).id;
  if (current.systems.some((s) => s.id === id)) {
    throw new LifeboatError('conflict', `id: there is already a system "${id}"`, {
      field: 'id',
      key: 'err.catalogue.systemExists',
      params: { id },
    });
  }
  const next = validateEdited({ ...current, systems: [...current.systems, input] }, 'systems', id);
  const system = next.systems[next.systems.length - 1];
  await insertSystem(db, system, deps.clock().toISOString());
  await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'system', id, null, system)]);
  return system;
}

/**
 * Changes some fields of a system (null clears an optional field). A caller who is not
 * a catalogue editor may change only the estimate and the status.
 */
export async function updateSystem(
  db: Db,
  deps: CatalogueDeps,
  user: Pick<AuthUser, 'role'>,
  actor: Actor,
  id: string,
  input: Record<string, unknown>,
): Promise<System> {
  // The override reason is not a field of the system: it goes to the status rule and the event log.
  const { override_reason, ...patch } = input;
  const overrideReason = typeof override_reason === 'string' ? override_reason : undefined;
  if (!CATALOGUE_EDITORS.includes(user.role)) {
    const other = Object.keys(patch).find((k) => !(STATUS_FIELDS as readonly string[]).includes(k));
    if (other) {
      throw new LifeboatError('forbidden', `${other}: your role may change only ${STATUS_FIELDS.join(', ')}`, {
        key: 'err.catalogue.statusOnly',
        params: { fields: STATUS_FIELDS.join(', ') },
        field: other,
      });
    }
  }
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const index = current.systems.findIndex((s) => s.id === id);
  if (index < 0)
    throw new LifeboatError('not_found', `There is no system "${id}".`, {
      field: 'id',
      key: 'err.catalogue.noSystem',
      params: { id },
    });
  const before = current.systems[index];
  const edited = applyPatch(before, patch);
  edited.id = id;
  if (edited.depends_on === undefined) edited.depends_on = [];
  const systems = [...current.systems];
  systems[index] = edited as unknown as System;
  const next = validateEdited({ ...current, systems }, 'systems', id);
  const after = next.systems[index];
  const from = before.status ?? 'down';
  const to = after.status ?? 'down';
  // Every status writer goes through the lifecycle's rule (src/domain/gates/status.ts).
  const verdict =
    from === to ? null : await checkStatusChange(db, deps, user.role, current, before, to, overrideReason);
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    await updateSystemRow(db, after, deps.clock().toISOString());
    await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'system', id, before, after)]);
  }
  if (verdict)
    await recordStatusChange(db, deps, actor, after, from, { used: verdict.override, reason: overrideReason });
  return after;
}

/** Removes a system; 409 when other systems depend on it. */
export async function deleteSystem(db: Db, deps: CatalogueDeps, actor: Actor, id: string): Promise<void> {
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const system = current.systems.find((s) => s.id === id);
  if (!system)
    throw new LifeboatError('not_found', `There is no system "${id}".`, {
      field: 'id',
      key: 'err.catalogue.noSystem',
      params: { id },
    });
  const needers = current.systems.filter((s) => s.depends_on.includes(id)).map((s) => s.id);
  if (needers.length > 0) {
    throw new LifeboatError('conflict', `"${id}" is needed by ${needers.join(', ')}: remove those dependencies first`, {
      field: 'id',
      key: 'err.catalogue.systemNeeded',
      params: { id, ids: needers.join(', ') },
      details: { dependents: needers },
    });
  }
  await deleteSystemRow(db, id);
  await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'system', id, system, null)]);
}

// ---- units ----

/** Adds a unit at the end of the catalogue. */
export async function createUnit(db: Db, deps: CatalogueDeps, actor: Actor, input: unknown): Promise<Unit> {
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const id = (input as { id: string }).id;
  if (current.units.some((u) => u.id === id)) {
    throw new LifeboatError('conflict', `id: there is already a unit "${id}"`, {
      field: 'id',
      key: 'err.catalogue.unitExists',
      params: { id },
    });
  }
  const next = validateEdited({ ...current, units: [...current.units, input] }, 'units', id);
  const unit = next.units[next.units.length - 1];
  await insertUnit(db, unit);
  await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'unit', id, null, unit)]);
  return unit;
}

/** Changes some fields of a unit. */
export async function updateUnit(
  db: Db,
  deps: CatalogueDeps,
  actor: Actor,
  id: string,
  patch: Record<string, unknown>,
): Promise<Unit> {
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const index = current.units.findIndex((u) => u.id === id);
  if (index < 0)
    throw new LifeboatError('not_found', `There is no unit "${id}".`, {
      field: 'id',
      key: 'err.catalogue.noUnit',
      params: { id },
    });
  const before = current.units[index];
  const units = [...current.units];
  units[index] = { ...applyPatch(before, patch), id } as unknown as Unit;
  const after = validateEdited({ ...current, units }, 'units', id).units[index];
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    await updateUnitRow(db, after);
    await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'unit', id, before, after)]);
  }
  return after;
}

/** Removes a unit; 409 while systems name it as owner or reporters belong to it. */
export async function deleteUnit(db: Db, deps: CatalogueDeps, actor: Actor, id: string): Promise<void> {
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const unit = current.units.find((u) => u.id === id);
  if (!unit)
    throw new LifeboatError('not_found', `There is no unit "${id}".`, {
      field: 'id',
      key: 'err.catalogue.noUnit',
      params: { id },
    });
  const owned = current.systems.filter((s) => s.owner === id).map((s) => s.id);
  if (owned.length > 0) {
    throw new LifeboatError('conflict', `unit "${id}" owns ${owned.join(', ')}: give them another owner first`, {
      field: 'id',
      key: 'err.catalogue.unitOwns',
      params: { id, ids: owned.join(', ') },
      details: { systems: owned },
    });
  }
  const users = await usersBoundToUnits(db, [id]);
  if (users.length > 0) {
    throw new LifeboatError(
      'conflict',
      `unit "${id}" has reporters: ${users.map((u) => u.email).join(', ')}; move or remove them first`,
      { field: 'id', details: { users: users.map((u) => u.email) } },
    );
  }
  await deleteUnitRow(db, id);
  await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'unit', id, unit, null)]);
}

// ---- teams ----

/** Adds a team at the end of the catalogue. */
export async function createTeam(db: Db, deps: CatalogueDeps, actor: Actor, input: unknown): Promise<Team> {
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const id = (input as { id: string }).id;
  if (current.teams.some((t) => t.id === id)) {
    throw new LifeboatError('conflict', `id: there is already a team "${id}"`, {
      field: 'id',
      key: 'err.catalogue.teamExists',
      params: { id },
    });
  }
  const next = validateEdited({ ...current, teams: [...current.teams, input] }, 'teams', id);
  const team = next.teams[next.teams.length - 1];
  await insertTeam(db, team);
  await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'team', id, null, team)]);
  return team;
}

/** Changes some fields of a team. */
export async function updateTeam(
  db: Db,
  deps: CatalogueDeps,
  actor: Actor,
  id: string,
  patch: Record<string, unknown>,
): Promise<Team> {
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const index = current.teams.findIndex((t) => t.id === id);
  if (index < 0)
    throw new LifeboatError('not_found', `There is no team "${id}".`, {
      field: 'id',
      key: 'err.catalogue.noTeam',
      params: { id },
    });
  const before = current.teams[index];
  const teams = [...current.teams];
  teams[index] = { ...applyPatch(before, patch), id } as unknown as Team;
  const after = validateEdited({ ...current, teams }, 'teams', id).teams[index];
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    await updateTeamRow(db, after);
    await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'team', id, before, after)]);
  }
  return after;
}

/** Removes a team; 409 while systems are assigned to it. */
export async function deleteTeam(db: Db, deps: CatalogueDeps, actor: Actor, id: string): Promise<void> {
  const current = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const team = current.teams.find((t) => t.id === id);
  if (!team)
    throw new LifeboatError('not_found', `There is no team "${id}".`, {
      field: 'id',
      key: 'err.catalogue.noTeam',
      params: { id },
    });
  const assigned = current.systems.filter((s) => s.team === id).map((s) => s.id);
  if (assigned.length > 0) {
    throw new LifeboatError('conflict', `team "${id}" restores ${assigned.join(', ')}: give them another team first`, {
      field: 'id',
      key: 'err.catalogue.teamRestores',
      params: { id, ids: assigned.join(', ') },
      details: { systems: assigned },
    });
  }
  await deleteTeamRow(db, id);
  await recordChanges(db, deps, actor, [change(deps, actor, 'edit', 'team', id, team, null)]);
}

// ---- import and export ----

/** Parses an import file against the stored catalogue: inline (the CLI) or in a worker (uploads). */
export type ImportParser = (text: string, fileName: string, base: Catalogue, mode: ImportMode) => Promise<ParseResult>;

const parseInline: ImportParser = async (text, fileName, base, mode) => parseImportText(text, fileName, base, mode);

/** A file to import, already decoded, and how to import it. */
export interface ImportUpload {
  fileName: string;
  text: string;
  mode: ImportMode;
  /** How the file was decoded (uploads and the CLI read bytes; see domain/catalogue/decode.ts). */
  encoding?: FileEncoding;
  /** What decoding said, in `FILE: message` form. */
  warnings?: string[];
}

/** A file parsed against the catalogue that was stored when it was read. */
export interface ParsedImport {
  upload: ImportUpload;
  before: Catalogue;
  after: Catalogue;
  warnings: string[];
  /** The file's own warnings as issues, for rendering them in the reader's language. */
  issueWarnings?: CatalogueIssue[];
}

interface PreparedImport extends ParsedImport {
  diff: CatalogueDiff;
  orphans: { id: string; email: string; unitId: string }[];
  /** Whether an organisation was stored before (the first import sets it rather than changes it). */
  hadOrganisation: boolean;
}

/**
 * Parses a file into what the catalogue would be after importing it (merge by default; see
 * domain/catalogue/merge.ts); 422 with every issue when it does not validate. Run it outside a
 * transaction: parsing a big file must not hold the database.
 */
export async function parseImport(
  db: Db,
  upload: ImportUpload,
  parse: ImportParser = parseInline,
): Promise<ParsedImport> {
  const before = await loadCatalogue(db, FALLBACK_ORGANISATION);
  const parsed = await parse(upload.text, upload.fileName, before, upload.mode);
  if (!parsed.ok) throw invalidCatalogue(upload.fileName, parsed.issues);
  const limits = storageIssues(parsed.catalogue);
  if (limits.length > 0) throw invalidCatalogue(upload.fileName, limits);
  const warnings = [...(upload.warnings ?? []), ...parsed.warnings.map((w) => formatIssue(upload.fileName, w))];
  return { upload, before, after: parsed.catalogue, warnings, issueWarnings: parsed.warnings };
}

function samePlain(a: Catalogue, b: Catalogue): boolean {
  return JSON.stringify(catalogueToPlain(a)) === JSON.stringify(catalogueToPlain(b));
}

async function prepareImport(db: Db, parsed: ParsedImport): Promise<PreparedImport> {
  const now = await loadCatalogue(db, FALLBACK_ORGANISATION);
  if (!samePlain(now, parsed.before)) {
    throw new LifeboatError('conflict', 'The catalogue changed while the file was read; preview the import again.', {
      key: 'err.import.changed',
    });
  }
  const hadOrganisation = (await getOrganisation(db)) !== null;
  const diff = diffCatalogues(parsed.before, parsed.after);
  const orphans = await usersBoundToUnits(db, diff.removed.units);
  const warnings = [...parsed.warnings];
  const fileName = parsed.upload.fileName;
  for (const o of orphans) {
    warnings.push(`${fileName}: units: unit "${o.unitId}" would be removed, but reporter ${o.email} belongs to it`);
  }
  return { ...parsed, diff, warnings, orphans, hadOrganisation };
}

function resultOf(p: PreparedImport): ImportResult {
  return {
    diff: p.diff,
    warnings: p.warnings,
    summary: summaryOf(p),
    mode: p.upload.mode,
    encoding: p.upload.encoding ?? 'utf-8',
  };
}

/** What importing a parsed file would add, change and remove; writes nothing. */
export async function previewParsedImport(db: Db, parsed: ParsedImport): Promise<ImportResult> {
  return resultOf(await prepareImport(db, parsed));
}

/** What importing the file would add, change and remove (merge unless `mode` says replace); writes nothing. */
export async function previewImport(
  db: Db,
  fileName: string,
  content: string,
  mode: ImportMode = MERGE,
): Promise<ImportResult> {
  return previewParsedImport(db, await parseImport(db, { fileName, text: content, mode }));
}

function importChanges(deps: CatalogueDeps, actor: Actor, p: PreparedImport): NewCatalogueChange[] {
  const out: NewCatalogueChange[] = [];
  if (p.diff.organisation_changed) {
    const before = p.hadOrganisation ? p.before.organisation : null;
    out.push(change(deps, actor, 'import', 'organisation', 'organisation', before, p.after.organisation));
  }
  const kinds = [
    ['teams', 'team'],
    ['units', 'unit'],
    ['systems', 'system'],
  ] as const;
  for (const [list, entity] of kinds) {
    const find = (c: Catalogue, id: string): unknown => (c[list] as { id: string }[]).find((r) => r.id === id) ?? null;
    for (const id of p.diff.added[list]) out.push(change(deps, actor, 'import', entity, id, null, find(p.after, id)));
    for (const { id } of p.diff.changed[list]) {
      out.push(change(deps, actor, 'import', entity, id, find(p.before, id), find(p.after, id)));
    }
    for (const id of p.diff.removed[list])
      out.push(change(deps, actor, 'import', entity, id, find(p.before, id), null));
  }
  return out;
}

// A merge writes only what changes, so untouched rows keep their updated_at (and anything keyed on them).
async function writeMerge(db: Db, p: PreparedImport, at: string): Promise<void> {
  if (p.diff.organisation_changed || !p.hadOrganisation) await setOrganisation(db, p.after.organisation);
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((r) => [r.id, r]));
  const teams = byId(p.after.teams);
  const units = byId(p.after.units);
  const systems = byId(p.after.systems);
  const get = <T>(m: Map<string, T>, id: string): T => m.get(id) as T;
  for (const id of p.diff.added.teams) await insertTeam(db, get(teams, id));
  for (const { id } of p.diff.changed.teams) await updateTeamRow(db, get(teams, id));
  for (const id of p.diff.added.units) await insertUnit(db, get(units, id));
  for (const { id } of p.diff.changed.units) await updateUnitRow(db, get(units, id));
  // New systems first without their dependencies (they may need each other), then every touched one in full.
  for (const id of p.diff.added.systems) await insertSystem(db, { ...get(systems, id), depends_on: [] }, at);
  for (const id of [...p.diff.added.systems, ...p.diff.changed.systems.map((c) => c.id)]) {
    await updateSystemRow(db, get(systems, id), at);
  }
}

/**
 * Imports a parsed file (call inside a transaction): merges, or replaces the catalogue when the
 * upload says so. Refuses with 409 when a unit that reporters belong to would go, or when the
 * catalogue changed since the file was parsed.
 */
export async function applyParsedImport(
  db: Db,
  deps: CatalogueDeps,
  actor: Actor,
  parsed: ParsedImport,
): Promise<ImportResult> {
  const prepared = await prepareImport(db, parsed);
  if (prepared.orphans.length > 0) {
    const list = prepared.orphans.map((o) => `${o.email} (unit "${o.unitId}")`).join(', ');
    throw new LifeboatError(
      'conflict',
      `The import would remove units that reporters belong to: ${list}. Keep the units, or move those users first.`,
      { field: 'units', details: { users: prepared.orphans.map((o) => ({ email: o.email, unit_id: o.unitId })) } },
    );
  }
  const at = deps.clock().toISOString();
  if (parsed.upload.mode.replace) await replaceCatalogue(db, prepared.after, at);
  else await writeMerge(db, prepared, at);
  if (parsed.upload.mode.statuses) await recordImportedStatuses(db, deps, actor, prepared.before, prepared.after);
  await recordChanges(db, deps, actor, importChanges(deps, actor, prepared));
  return resultOf(prepared);
}

/** Imports a file's text (call inside a transaction): merge by default, see applyParsedImport. */
export async function applyImport(
  db: Db,
  deps: CatalogueDeps,
  actor: Actor,
  fileName: string,
  content: string,
  mode: ImportMode = MERGE,
): Promise<ImportResult> {
  return applyParsedImport(db, deps, actor, await parseImport(db, { fileName, text: content, mode }));
}

// Counts records; the organisation counts as a change only when one was stored before.
function summaryOf(p: PreparedImport): string {
  const count = (k: { teams: unknown[]; units: unknown[]; systems: unknown[] }) =>
    k.teams.length + k.units.length + k.systems.length;
  const changed = count(p.diff.changed) + (p.diff.organisation_changed && p.hadOrganisation ? 1 : 0);
  return `added ${count(p.diff.added)}, changed ${changed}, removed ${count(p.diff.removed)}`;
}

/** The stored catalogue as a file: YAML or JSON, the same bytes for the same catalogue. */
export async function exportCatalogue(db: Db, format: ExportFormat): Promise<string> {
  const catalogue = await loadCatalogue(db, FALLBACK_ORGANISATION);
  return format === 'json' ? catalogueToJson(catalogue) : catalogueToYaml(catalogue);
}
