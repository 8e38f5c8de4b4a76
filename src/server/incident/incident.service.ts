/**
 * Incidents (issue 8 part 1): one open at a time, a forecast stored at the opening, every write logged
 * in the event log and announced as `incident.changed`; and the recovery board built from them.
 */
import type { Catalogue } from '../../domain/catalogue/types.js';
import { LifeboatError } from '../../domain/errors.js';
import { actualCurve, type BoardFilter, buildBoard, isBack } from '../../domain/incident/board.js';
import {
  forecastCurve,
  type Incident,
  type IncidentDetail,
  type IncidentPhase,
  type IncidentSeverity,
  type StoredForecast,
} from '../../domain/incident/incident.js';
import { INTERNAL } from '../../domain/live/events.js';
import type { Db } from '../../store/database.js';
import { listGateStates } from '../../store/gates/gates.repository.js';
import {
  activeIncidentId,
  getIncident,
  type IncidentRecord,
  insertIncident,
  listIncidents,
  listStatusChanges,
  updateIncident,
} from '../../store/incident/incident.repository.js';
import { type Actor, getCatalogue } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { PlanCache, planOptions } from '../plan/plan.service.js';
import { emit, lock } from '../tx.js';

/** What the incident service needs from the app. */
/** `plans` is the server's cache (its planner thread); without it the forecast is computed inline. */
export type IncidentDeps = Pick<AppDeps, 'clock' | 'ids' | 'plans'>;

/** The fields a caller may give when opening an incident. */
export interface NewIncident {
  title: string;
  detected_at: string;
  phase?: IncidentPhase;
  severity: IncidentSeverity;
  exercise?: boolean;
}

/** The fields a caller may change. */
export type IncidentPatch = Partial<Omit<NewIncident, 'phase'> & { phase: IncidentPhase }>;

function detailOf(record: IncidentRecord): IncidentDetail {
  return { ...record, forecast: (record.forecast as StoredForecast | null) ?? null } as IncidentDetail;
}

/** An incident without its forecast, for lists and the board. */
export function summaryOf(detail: IncidentDetail): Incident {
  const { forecast: _forecast, ...rest } = detail;
  return rest;
}

function noIncident(id: string): LifeboatError {
  return new LifeboatError('not_found', `There is no incident "${id}".`, {
    field: 'id',
    key: 'err.incident.noIncident',
    params: { id },
  });
}

// A title of spaces only would leave the incident without a name on every page.
function checkTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed) {
    throw new LifeboatError('validation_failed', 'Give the incident a title.', {
      field: 'title',
      key: 'err.incident.blankTitle',
    });
  }
  return trimmed;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

// An ISO 8601 time with its zone (a time without one would be read in the server's zone), and not later than
// the clock: a detection in the future is a typing mistake (a wrong day or zone), not a prediction.
function checkDetected(detectedAt: string, now: Date): string {
  const t = new Date(detectedAt);
  if (!ISO_TIME.test(detectedAt) || Number.isNaN(t.getTime())) {
    throw new LifeboatError(
      'validation_failed',
      'Give the detection time as an ISO 8601 date-time with its zone, e.g. 2026-11-29T06:30:00+01:00.',
      { field: 'detected_at', key: 'err.incident.badTime' },
    );
  }
  if (t.getTime() > now.getTime()) {
    throw new LifeboatError('validation_failed', 'The detection time cannot be later than now.', {
      field: 'detected_at',
      key: 'err.incident.futureDetection',
    });
  }
  return t.toISOString();
}

/**
 * The forecast to store at the opening: the plan of the catalogue as it stands (statuses included),
 * per system and as the curve of systems back by each hour; hours count from `asOf`, the opening.
 */
export async function forecastAtOpening(
  catalogue: Catalogue,
  asOf: Date,
  plans: PlanCache = new PlanCache(),
): Promise<StoredForecast> {
  const options = planOptions({});
  // The same options as GET /api/plan: usually a hit in the server's cache, else one run on its planner thread.
  const plan = await plans.plan(catalogue, options);
  const systems = plan.systems.map((s) => ({ id: s.id, p50_h: s.p50_h, p90_h: s.p90_h }));
  return {
    as_of: asOf.toISOString(),
    runs: options.runs,
    seed: options.seed,
    total: systems.length,
    p50_h: plan.forecast.p50_h,
    p90_h: plan.forecast.p90_h,
    systems,
    curve: forecastCurve(systems),
  };
}

/** GET /api/incidents: every incident, the open one first. */
export async function listAllIncidents(db: Db): Promise<Incident[]> {
  return (await listIncidents(db)).map((r) => summaryOf(detailOf(r)));
}

/** GET /api/incidents/:id. */
export async function incidentDetail(db: Db, id: string): Promise<IncidentDetail> {
  const record = await getIncident(db, id);
  if (!record) throw noIncident(id);
  return detailOf(record);
}

/** The open incident, or null. */
export async function activeIncident(db: Db): Promise<IncidentDetail | null> {
  const id = await activeIncidentId(db);
  return id ? incidentDetail(db, id) : null;
}

/**
 * POST /api/incidents: opens an incident and stores the forecast as it stands. A second while one is open
 * is a 409 naming the open one. `opts.at` backdates the opening (the demo's history), else the clock.
 */
export async function openIncident(
  trx: Db,
  deps: IncidentDeps,
  actor: Actor,
  input: NewIncident,
  opts: { at?: Date } = {},
): Promise<IncidentDetail> {
  // Two staff members opening at once must give one incident and one 409.
  await lock(trx, 'incident');
  const now = opts.at ?? deps.clock();
  const open = await activeIncident(trx);
  if (open) {
    throw new LifeboatError(
      'conflict',
      `The incident "${open.title}" is still open: close it before opening another.`,
      {
        key: 'err.incident.alreadyOpen',
        params: { title: open.title },
        details: { id: open.id },
      },
    );
  }
  const detected = checkDetected(input.detected_at, now);
  const record: IncidentRecord = {
    id: deps.ids(),
    title: checkTitle(input.title),
    detected_at: detected,
    phase: input.phase ?? 'detection_analysis',
    severity: input.severity,
    exercise: input.exercise ?? false,
    created_at: now.toISOString(),
    created_by: actor.userId,
    updated_at: now.toISOString(),
    closed_at: null,
    forecast: await forecastAtOpening(await getCatalogue(trx), now, deps.plans),
  };
  await insertIncident(trx, record);
  await logChange(trx, deps, actor, record.id, 'open', ['title', 'detected_at', 'phase', 'severity', 'exercise'], now);
  return detailOf(record);
}

/** PATCH /api/incidents/:id: changes what was given; a closed incident can no longer change (409). */
export async function patchIncident(
  trx: Db,
  deps: IncidentDeps,
  actor: Actor,
  id: string,
  patch: IncidentPatch,
): Promise<IncidentDetail> {
  await lock(trx, 'incident');
  const now = deps.clock();
  const current = await incidentDetail(trx, id);
  if (current.closed_at) throw closedIncident(current);
  const fields: Parameters<typeof updateIncident>[2] = { updated_at: now.toISOString() };
  if (patch.title !== undefined) fields.title = checkTitle(patch.title);
  if (patch.detected_at !== undefined) fields.detected_at = checkDetected(patch.detected_at, now);
  if (patch.phase !== undefined) fields.phase = patch.phase;
  if (patch.severity !== undefined) fields.severity = patch.severity;
  if (patch.exercise !== undefined) fields.exercise = patch.exercise;
  const changed = Object.keys(fields).filter(
    (k) => k !== 'updated_at' && fields[k as keyof typeof fields] !== current[k as keyof IncidentDetail],
  );
  if (changed.length === 0) return current;
  await updateIncident(trx, id, fields);
  await logChange(trx, deps, actor, id, 'update', changed, now);
  return incidentDetail(trx, id);
}

/** POST /api/incidents/:id/close: closes the open incident; it stays readable. Closing twice is a 409. */
export async function closeIncident(trx: Db, deps: IncidentDeps, actor: Actor, id: string): Promise<IncidentDetail> {
  await lock(trx, 'incident');
  const now = deps.clock();
  const current = await incidentDetail(trx, id);
  if (current.closed_at) throw closedIncident(current);
  // Logged before the close so that the entry still belongs to this incident.
  await logChange(trx, deps, actor, id, 'close', ['closed_at'], now);
  await updateIncident(trx, id, { closed_at: now.toISOString(), updated_at: now.toISOString() });
  return incidentDetail(trx, id);
}

function closedIncident(incident: IncidentDetail): LifeboatError {
  return new LifeboatError('conflict', `The incident "${incident.title}" is closed and can no longer be changed.`, {
    key: 'err.incident.closed',
    params: { title: incident.title },
  });
}

async function logChange(
  trx: Db,
  deps: IncidentDeps,
  actor: Actor,
  id: string,
  action: 'open' | 'update' | 'close',
  fields: string[],
  at: Date,
): Promise<void> {
  await recordEvent(trx, { ...deps, clock: () => at }, actor, {
    kind: 'incident',
    data: { incident_id: id, action, fields },
  });
  await emit(trx, at, { type: 'incident.changed', audience: INTERNAL, data: { id } });
}

/** GET /api/board: the columns (filtered), the names for the filters, and the chart of the open incident. */
export async function board(db: Db, now: Date, filter: BoardFilter) {
  const catalogue = await getCatalogue(db);
  const states = await listGateStates(db);
  const incident = await activeIncident(db);
  const columns = buildBoard(catalogue.systems, states, now, filter);
  let chart = null;
  if (incident) {
    const since = incident.detected_at;
    const changes = await listStatusChanges(db, since);
    const backNow = catalogue.systems.filter((s) => isBack(s.status)).length;
    chart = {
      detected_at: incident.detected_at,
      opened_at: incident.created_at,
      total: catalogue.systems.length,
      forecast: incident.forecast,
      actual: actualCurve(backNow, changes, since, now.toISOString()),
    };
  }
  const named = (xs: { id: string; name: string }[]) => xs.map(({ id, name }) => ({ id, name }));
  return {
    as_of: now.toISOString(),
    incident: incident ? summaryOf(incident) : null,
    total: columns.reduce((n, c) => n + c.count, 0),
    columns,
    teams: named(catalogue.teams),
    units: named(catalogue.units),
    systems: named(catalogue.systems),
    chart,
  };
}
