/**
 * The restart plan of the stored catalogue (docs/api.md, "Plan"): the plan itself, what-ifs and the
 * explanations for one system. The planning is the domain's; this module loads, caches and dates.
 */
import type { Catalogue, SystemStatus } from '../../domain/catalogue/types.js';
import { actualsOf } from '../../domain/plan/actuals.js';
import {
  type DatedSystem,
  dateAt,
  datedSystem,
  withDates as datePlan,
  type PlanDates,
} from '../../domain/plan/dates.js';
import { type WhyBefore, type WhyNotYet, whyBefore, whyNotYet } from '../../domain/plan/explain.js';
import { checkForecastSize } from '../../domain/plan/forecast.js';
import { compileModel } from '../../domain/plan/model.js';
import { DEFAULT_PLAN_OPTIONS, type PlanOptions, type PlanResult, type PlanSystem } from '../../domain/plan/plan.js';
import type { WhatIfChanges, WhatIfResult } from '../../domain/plan/what-if.js';
import { type ZoneFormatter, zoneFormatter } from '../../domain/time.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId, listIncidentStatusHistory } from '../../store/incident/incident.repository.js';
import { getCatalogue } from '../catalogue/catalogue.service.js';
import { listSystemGates } from '../gates/gates.service.js';
import { cachedJob, Memo } from './memo.js';
import { inlinePlanner, type Planner } from './planner.js';

/** The forecast options a caller may set. */
export interface PlanRequest {
  runs?: number;
  seed?: number;
}

/** Dates added to a plan: each time as an ISO date-time in the organisation's time zone. */
export interface DatedPlan extends PlanDates {
  /** The instant the plan counts from, in UTC (`deps.clock()`); `as_of` is the same in the zone. */
  as_of_utc: string;
  time_zone: string;
}

/**
 * What POST /api/plan/what-if answers: both plans and the changes, whole and per system; the plans in two
 * parts each, as GET /api/plan's (`PlanAnswer`), so that they too are dated and written a slice at a time.
 */
export interface WhatIfAnswer {
  base: PlanAnswer;
  variant: PlanAnswer;
  delta: { whole: WhatIfResult['whole']; systems: WhatIfResult['systems'] };
}

/** The explanations for one system, with the names and statuses of every system they mention. */
export interface WhyResponse {
  why_not_yet: WhyNotYet;
  why_before: WhyBefore;
  systems: Record<string, { name: string; status: SystemStatus }>;
}

const CACHE_SIZE = 16;

/**
 * Plans by content: the key is a hash of the whole catalogue (statuses and remaining hours
 * included) and the options, so any change to the catalogue misses and recomputes by itself,
 * and repeated reads of an unchanged catalogue cost one load and one hash. The computing is the
 * planner's (a worker thread in a server, see planner.ts); two requests for the same key while it
 * runs share the one computation.
 */
export class PlanCache {
  private readonly memo = new Memo<PlanResult>(CACHE_SIZE);

  /** `planner` computes (default: on the calling thread, for the CLI, the demo and tests). */
  constructor(readonly planner: Planner = inlinePlanner()) {}

  /** Plans served from the cache or from a computation already running. */
  get hits(): number {
    return this.memo.hits;
  }

  /** Plans computed. */
  get misses(): number {
    return this.memo.misses;
  }

  /** The plan of a catalogue with these options, from the cache when it was computed before. */
  plan(catalogue: Catalogue, options: PlanOptions): Promise<PlanResult> {
    return cachedJob(this.memo, this.planner, 'plan', { catalogue, options });
  }

  /** A what-if of a catalogue (never cached: each one is asked once), on the same planner. */
  whatIf(catalogue: Catalogue, changes: WhatIfChanges, options: PlanOptions): Promise<WhatIfResult> {
    return this.planner.run('whatIf', { catalogue, changes, options });
  }
}

/** The domain's options for a request: DESIGN.md's defaults where the caller gave none. */
export function planOptions(request: PlanRequest): PlanOptions {
  return {
    runs: request.runs ?? DEFAULT_PLAN_OPTIONS.runs,
    seed: request.seed ?? DEFAULT_PLAN_OPTIONS.seed,
    friction: DEFAULT_PLAN_OPTIONS.friction,
  };
}

/**
 * The step the moment of a plan with actuals is floored to. The actuals are hours before that
 * moment, so they change with the clock; floored, they (and the plan's cache key) stay the same
 * for ten minutes, and the plan is computed once per step instead of once per request.
 */
export const ACTUALS_STEP_MS = 10 * 60_000;

/** What the current plan is computed from, and the moment its hours count from. */
export interface PlanInput {
  catalogue: Catalogue;
  options: PlanOptions;
  /** `now`, or with actuals `now` floored to ACTUALS_STEP_MS (the plan's hour 0). */
  asOf: Date;
}

/**
 * The catalogue, options and moment of the current plan, the one every reader of it shares (the
 * plan API, the advice, the situation picture, the public site): with the open incident's status
 * history as actuals when it has any, so that the forecast learns from it (issue 11); otherwise
 * today's forecast from `now`.
 */
export async function currentPlanInput(db: Db, now: Date, request: PlanRequest = {}): Promise<PlanInput> {
  const catalogue = await getCatalogue(db);
  const options = planOptions(request);
  // Refused here, as a 400 on `runs`, rather than as a worker that runs out of memory.
  checkForecastSize(options.runs, catalogue.systems.length);
  const incidentId = await activeIncidentId(db);
  if (!incidentId) return { catalogue, options, asOf: now };
  const asOf = new Date(Math.floor(now.getTime() / ACTUALS_STEP_MS) * ACTUALS_STEP_MS);
  const actuals = actualsOf(await listIncidentStatusHistory(db, incidentId), catalogue, now, asOf);
  return actuals ? { catalogue, options: { ...options, actuals }, asOf } : { catalogue, options, asOf: now };
}

/**
 * GET /api/plan's answer in two parts: the plan dated but for its systems, and its systems with the
 * function that dates one, so that a 10,000-system plan is dated a slice at a time as it is written.
 */
export interface PlanAnswer {
  plan: Omit<DatedPlan, 'systems'>;
  systems: PlanSystem[];
  date: (system: PlanSystem) => DatedSystem;
}

/** GET /api/plan: the plan of the stored catalogue (learning from the open incident), dated from its moment. */
export async function currentPlan(db: Db, cache: PlanCache, now: Date, request: PlanRequest): Promise<PlanAnswer> {
  const { catalogue, options, asOf } = await currentPlanInput(db, now, request);
  const zone = planZone(catalogue.organisation.timezone);
  return answerOf(await cache.plan(catalogue, options), asOf, zone);
}

// A plan as its dated head and its systems, with the function that dates one of them.
function answerOf({ systems, ...rest }: PlanResult, asOf: Date, zone: ZoneFormatter): PlanAnswer {
  const { systems: _none, ...plan } = datedWith({ ...rest, systems: [] }, asOf, zone);
  const at = dateAt(zone, asOf.getTime());
  return { plan, systems, date: (system) => datedSystem(system, at) };
}

/** POST /api/plan/what-if: the stored plan beside a changed copy; nothing is written. */
export async function planWhatIf(
  db: Db,
  cache: PlanCache,
  now: Date,
  request: PlanRequest & WhatIfChanges,
): Promise<WhatIfAnswer> {
  // The same actuals as the plan, so that the what-if's base is the plan the page shows.
  const { catalogue, options, asOf } = await currentPlanInput(db, now, request);
  const changes: WhatIfChanges = {};
  if (request.capacity) changes.capacity = request.capacity;
  if (request.done) changes.done = request.done;
  if (request.estimates) changes.estimates = request.estimates;
  const result = await cache.whatIf(catalogue, changes, options);
  const zone = planZone(catalogue.organisation.timezone);
  return {
    base: answerOf(result.base, asOf, zone),
    variant: answerOf(result.variant, asOf, zone),
    delta: { whole: result.whole, systems: result.systems },
  };
}

/** GET /api/systems/:id/why: what holds the system, and where its priority comes from. */
export async function explainSystem(db: Db, id: string, now: Date): Promise<WhyResponse> {
  const catalogue = await getCatalogue(db);
  // The stored gate states, as they count now (an expired waiver is pending again).
  const gates = catalogue.systems.some((s) => s.id === id) ? (await listSystemGates(db, id, now)).gates : [];
  const notYet = whyNotYet(catalogue, id, { gates: gates.map((g) => ({ gate: g.id, state: g.state })) });
  const before = whyBefore(compileModel(catalogue), id);
  const mentioned = new Set<string>([id, ...before.path, ...notYet.chain.map((b) => b.id)]);
  if (before.inherited_from) mentioned.add(before.inherited_from);
  const systems: WhyResponse['systems'] = {};
  for (const s of catalogue.systems) {
    if (mentioned.has(s.id)) systems[s.id] = { name: s.name, status: s.status ?? 'down' };
  }
  return { why_not_yet: notYet, why_before: before, systems };
}

/**
 * The plan with every time also as a date in the given time zone (as `lifeboat plan --as-of` prints).
 * An unknown zone (the catalogue validates it, but an old database might not) falls back to UTC.
 */
export function withDates(plan: PlanResult, asOf: Date, timeZone: string): DatedPlan {
  return datedWith(plan, asOf, planZone(timeZone));
}

// The organisation's zone for a plan's dates; an unknown one (see withDates) is UTC.
function planZone(timeZone: string): ZoneFormatter {
  return zoneFormatter(timeZone, { fallback: 'UTC' });
}

function datedWith(plan: PlanResult, asOf: Date, zone: ZoneFormatter): DatedPlan {
  const { as_of, makespan_at, ...dated } = datePlan(plan, asOf.getTime(), zone);
  return { ...dated, as_of_utc: asOf.toISOString(), as_of, time_zone: zone.zone, makespan_at };
}
