import type { Organisation } from '../../domain/catalogue/types.js';
import { LifeboatError } from '../../domain/errors.js';
import { type Audience, INTERNAL } from '../../domain/live/events.js';
import {
  type Deadline,
  deadlinesBetween,
  defaultWindow,
  instantOf,
  mustReport,
  type RhythmKind,
  windowOf,
} from '../../domain/situation/rhythm.js';
import { type ZoneFormatter, zoneFormatter } from '../../domain/time.js';
import { getOrganisation, listUnits } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import {
  endRhythm,
  getRhythm,
  insertRhythm,
  listRhythms,
  type StoredRhythm,
} from '../../store/situation/rhythm.repository.js';
import type { AuthUser } from '../auth/guard.js';
import { actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { emit } from '../tx.js';

type Deps = Pick<AppDeps, 'clock' | 'ids'>;

/** How long before a deadline units are reminded when the rule does not say. */
export const DEFAULT_REMIND_MINUTES = 60;

/** The organisation's zone and language (Stockholm and Swedish until a catalogue names them). */
export async function organisationSettings(db: Db): Promise<{ zone: ZoneFormatter; locale: Organisation['locale'] }> {
  const organisation = await getOrganisation(db);
  return {
    zone: zoneFormatter(organisation?.timezone ?? 'Europe/Stockholm', { fallback: 'Europe/Stockholm' }),
    locale: organisation?.locale === 'en' ? 'en' : 'sv',
  };
}

/** The deadlines an incident's rules make in a window. */
export async function incidentDeadlines(
  db: Db,
  incidentId: string | null,
  window: { from: number; to: number },
  zone: ZoneFormatter,
): Promise<Deadline[]> {
  if (incidentId === null) return [];
  return deadlinesBetween(await listRhythms(db, incidentId), window.from, window.to, zone);
}

function view(rule: StoredRhythm, now: Date) {
  return {
    id: rule.id,
    kind: rule.kind,
    time_of_day: rule.time_of_day,
    at: rule.at,
    unit_ids: rule.unit_ids,
    remind_minutes: rule.remind_minutes,
    starts_at: rule.starts_at,
    ends_at: rule.ends_at,
    active: rule.ends_at === null || Date.parse(rule.ends_at) > now.getTime(),
    created_at: rule.created_at,
  };
}

/** A rule as the API returns it. */
export type RhythmView = ReturnType<typeof view>;

/** The active incident's rules (ended ones too), the units they may name, and the deadlines of the default window. */
export async function listRhythmsFor(db: Db, now: Date) {
  const incidentId = await activeIncidentId(db);
  const { zone } = await organisationSettings(db);
  const rules = incidentId ? await listRhythms(db, incidentId) : [];
  const window = defaultWindow(now.getTime(), zone);
  const units = await listUnits(db);
  return {
    now: now.toISOString(),
    time_zone: zone.zone,
    incident_id: incidentId,
    rules: rules.map((r) => view(r, now)),
    units: units.map((u) => ({ id: u.id, name: u.name })),
    deadlines: deadlinesBetween(rules, window.from, window.to, zone).map((d) => ({ at: d.at, unit_ids: d.unit_ids })),
  };
}

/** What POST /api/rhythms may say. */
export interface NewRhythmInput {
  kind: RhythmKind;
  time_of_day?: string;
  at?: string;
  unit_ids?: string[];
  remind_minutes?: number;
}

async function incidentOrRefuse(db: Db): Promise<string> {
  const incidentId = await activeIncidentId(db);
  if (incidentId === null) {
    throw new LifeboatError('conflict', 'Open an incident first: the reporting rhythm belongs to it.', {
      key: 'err.rhythm.noIncident',
    });
  }
  return incidentId;
}

// Every reporter a rule concerns must learn that its deadlines changed: the units it names, or everyone.
async function announce(trx: Db, now: Date, rule: StoredRhythm): Promise<void> {
  const audiences: Audience[] =
    rule.unit_ids.length === 0 ? [{ kind: 'public' }] : rule.unit_ids.map((unit_id) => ({ kind: 'unit', unit_id }));
  if (rule.unit_ids.length > 0) audiences.unshift(INTERNAL);
  for (const audience of audiences) await emit(trx, now, { type: 'rhythm.changed', audience, data: { id: rule.id } });
}

/**
 * Starts a rule in the active incident. It counts from now: a daily rule makes no deadline before it was set
 * and a one-off deadline must lie ahead, so that no unit is ever found missing for a deadline it never had.
 */
export async function createRhythm(trx: Db, deps: Deps, user: AuthUser, input: NewRhythmInput): Promise<RhythmView> {
  const incidentId = await incidentOrRefuse(trx);
  const now = deps.clock();
  let at: string | null = null;
  let timeOfDay: string | null = null;
  if (input.kind === 'daily') {
    if (input.at !== undefined) throw oneTime('at');
    if (input.time_of_day === undefined) {
      throw new LifeboatError('validation_failed', 'A daily deadline needs its time of day (HH:MM).', {
        field: 'time_of_day',
        key: 'err.rhythm.timeRequired',
      });
    }
    timeOfDay = input.time_of_day;
  } else {
    if (input.time_of_day !== undefined) throw oneTime('time_of_day');
    if (input.at === undefined) {
      throw new LifeboatError('validation_failed', 'A one-off deadline needs its date and time.', {
        field: 'at',
        key: 'err.rhythm.atRequired',
      });
    }
    const ms = instantOf(input.at, 'at');
    if (ms <= now.getTime()) {
      throw new LifeboatError('validation_failed', 'A one-off deadline must lie ahead.', {
        field: 'at',
        key: 'err.rhythm.atPast',
      });
    }
    at = new Date(ms).toISOString();
  }
  const known = new Set((await listUnits(trx)).map((u) => u.id));
  (input.unit_ids ?? []).forEach((id, i) => {
    if (!known.has(id)) {
      throw new LifeboatError('validation_failed', `There is no unit "${id}".`, {
        field: `unit_ids[${i}]`,
        key: 'err.catalogue.noUnit',
        params: { id },
      });
    }
  });
  const actor = actorOf(user);
  const rule: StoredRhythm = {
    id: deps.ids(),
    incident_id: incidentId,
    kind: input.kind,
    time_of_day: timeOfDay,
    at,
    unit_ids: [...new Set(input.unit_ids ?? [])].sort(),
    remind_minutes: input.remind_minutes ?? DEFAULT_REMIND_MINUTES,
    starts_at: now.toISOString(),
    ends_at: null,
    created_at: now.toISOString(),
    created_by_user_id: actor.userId,
  };
  await insertRhythm(trx, rule);
  // The entry's text is the time alone: the log shows it as it is, and it reads the same in either language.
  await recordEvent(trx, deps, actor, {
    kind: 'rhythm',
    text: rule.kind === 'daily' ? (rule.time_of_day ?? '') : (rule.at ?? ''),
    data: { rhythm_id: rule.id, action: 'created', unit_ids: rule.unit_ids, remind_minutes: rule.remind_minutes },
  });
  await announce(trx, now, rule);
  return view(rule, now);
}

function oneTime(field: string): LifeboatError {
  return new LifeboatError(
    'validation_failed',
    'Give a time of day for a daily deadline, or a date and time for a one-off one.',
    { field, key: 'err.rhythm.oneTime' },
  );
}

/** Ends a rule now: its deadlines from now on go, those already past stay (and so does what units reported). */
export async function endRhythmFor(trx: Db, deps: Deps, user: AuthUser, id: string): Promise<RhythmView> {
  const incidentId = await incidentOrRefuse(trx);
  const rule = await getRhythm(trx, incidentId, id);
  if (!rule) {
    throw new LifeboatError('not_found', 'There is no such reporting rule.', {
      field: 'id',
      key: 'err.rhythm.notFound',
    });
  }
  const now = deps.clock();
  if (rule.ends_at !== null || !(await endRhythm(trx, id, now.toISOString()))) {
    throw new LifeboatError('conflict', 'This reporting rule has already ended.', { key: 'err.rhythm.ended' });
  }
  const ended = { ...rule, ends_at: now.toISOString() };
  await recordEvent(trx, deps, actorOf(user), {
    kind: 'rhythm',
    text: rule.kind === 'daily' ? (rule.time_of_day ?? '') : (rule.at ?? ''),
    data: { rhythm_id: rule.id, action: 'ended', unit_ids: rule.unit_ids },
  });
  await announce(trx, now, ended);
  return view(ended, now);
}

/** What GET /api/deadlines may ask. */
export interface DeadlinesQuery {
  from?: string;
  to?: string;
  unit_id?: string;
}

/**
 * The active incident's deadlines in a window. A reporter gets only its own unit's, and learns no other unit's
 * id (another unit asked for is "not found"); an internal reader may narrow to one unit.
 */
export async function listDeadlinesFor(db: Db, now: Date, user: AuthUser, query: DeadlinesQuery) {
  const { zone } = await organisationSettings(db);
  const window = windowOf(query, now.getTime(), zone);
  let unitId = query.unit_id ?? null;
  if (user.role === 'reporter') {
    if (unitId !== null && unitId !== user.unitId) {
      throw new LifeboatError('not_found', `There is no unit "${unitId}".`, {
        field: 'unit_id',
        key: 'err.catalogue.noUnit',
        params: { id: unitId },
      });
    }
    unitId = user.unitId;
    if (unitId === null) return { deadlines: [], time_zone: zone.zone };
  } else if (unitId !== null && !(await listUnits(db)).some((u) => u.id === unitId)) {
    throw new LifeboatError('validation_failed', `There is no unit "${unitId}".`, {
      field: 'unit_id',
      key: 'err.catalogue.noUnit',
      params: { id: unitId },
    });
  }
  const all = await incidentDeadlines(db, await activeIncidentId(db), window, zone);
  const mine = unitId === null ? all : all.filter((d) => mustReport(d, unitId));
  return {
    deadlines: mine.map((d) => ({
      at: d.at,
      unit_ids: user.role === 'reporter' && unitId !== null ? [unitId] : d.unit_ids,
      remind_minutes: d.remind_minutes,
    })),
    time_zone: zone.zone,
  };
}
