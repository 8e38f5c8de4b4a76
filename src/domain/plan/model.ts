/**
 * The planner's compact form of a catalogue: integer indices, typed arrays and adjacency in
 * compressed rows, so that the schedule and the forecast touch no strings and no objects.
 */
import type { Catalogue, System } from '../catalogue/types.js';
import { DEFAULT_ESTIMATE } from '../catalogue/types.js';
import { LifeboatError } from '../errors.js';
import type { Learning } from './actuals.js';
import type { LearnedForecast } from './learning.js';
import { rankByEffectivePriority } from './priority.js';

/** Where a system stands when the plan starts. */
export const STATE_TODO = 0;
/** `limited` or `operational`: finished at time 0. */
export const STATE_DONE = 1;
/** `restoring` or `verifying`: started at 0, holding a slot of its team. */
export const STATE_IN_PROGRESS = 2;

/** The compiled catalogue the schedule and forecast run on. */
export interface PlanModel {
  n: number;
  ids: string[];
  index: Map<string, number>;
  systems: System[];
  teamIds: string[];
  teamCapacity: Int32Array;
  /** Team index per system, -1 when it has none (no capacity limit). */
  team: Int32Array;
  /** Dependencies of system i: deps[depStart[i] .. depStart[i+1]). */
  depStart: Int32Array;
  deps: Int32Array;
  /** Dependents of system i: out[outStart[i] .. outStart[i+1]). */
  outStart: Int32Array;
  out: Int32Array;
  low: Float64Array;
  likely: Float64Array;
  high: Float64Array;
  /** 1 where the catalogue gave no estimate (DEFAULT_ESTIMATE is used and the plan warns). */
  defaulted: Uint8Array;
  state: Uint8Array;
  /** For systems in progress: the hours left (remaining_hours, else likely); NaN otherwise. */
  remaining: Float64Array;
  /** 1 where remaining_hours was given explicitly. */
  remainingGiven: Uint8Array;
  /** Own priority tuple; NaN for a missing value. */
  society: Float64Array;
  organisation: Float64Array;
  rto: Float64Array;
  /** Effective priority: the highest own priority among the system and all its dependents. */
  effSource: Int32Array;
  /** Position in the order of effective priority (0 = first), ties by id: the team heaps' key. */
  rank: Int32Array;
  /** The system at each rank. */
  byRank: Int32Array;
  /** Dependencies first. */
  topo: Int32Array;
  /** Hours each system took (NaN where unknown); set only when the plan was given actuals. */
  took?: Float64Array;
  /** Hours each system in progress has taken so far (NaN where unknown); only with actuals. */
  elapsed?: Float64Array;
  /** What the runs draw from when they learn (issue 11); absent, the forecast is DESIGN.md's. */
  learned?: LearnedForecast;
  /** The summary of what was learned, for the plan's `learning`. */
  learning?: Learning;
}

/** What a plan may change about the catalogue without editing it (e.g. `--capacity`). */
export interface ModelOptions {
  capacity?: Record<string, number>;
}

/** Compiles a validated catalogue; throws invalid_catalogue on an unknown reference or a cycle. */
export function compileModel(catalogue: Catalogue, options: ModelOptions = {}): PlanModel {
  const systems = catalogue.systems;
  const n = systems.length;
  const ids = new Array<string>(n);
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    ids[i] = systems[i].id;
    index.set(systems[i].id, i);
  }
  const teamIds = catalogue.teams.map((t) => t.id);
  const teamIndex = new Map<string, number>();
  const teamCapacity = new Int32Array(teamIds.length);
  catalogue.teams.forEach((t, k) => {
    teamIndex.set(t.id, k);
    teamCapacity[k] = t.capacity;
  });
  for (const [teamId, capacity] of Object.entries(options.capacity ?? {})) {
    const k = teamIndex.get(teamId);
    if (k === undefined)
      throw new LifeboatError('bad_request', `unknown team ${teamId}`, {
        field: 'capacity',
        key: 'err.plan.unknownTeam',
        params: { id: teamId },
      });
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new LifeboatError('bad_request', `capacity of ${teamId} must be an integer >= 1`, {
        field: 'capacity',
        key: 'err.plan.capacityOf',
        params: { id: teamId },
      });
    }
    teamCapacity[k] = capacity;
  }

  const team = new Int32Array(n);
  const depStart = new Int32Array(n + 1);
  const indegree = new Int32Array(n);
  const low = new Float64Array(n);
  const likely = new Float64Array(n);
  const high = new Float64Array(n);
  const defaulted = new Uint8Array(n);
  const state = new Uint8Array(n);
  const remaining = new Float64Array(n).fill(Number.NaN);
  const remainingGiven = new Uint8Array(n);
  const society = new Float64Array(n);
  const organisation = new Float64Array(n);
  const rto = new Float64Array(n);
  let edges = 0;
  for (let i = 0; i < n; i++) {
    const s = systems[i];
    edges += s.depends_on?.length ?? 0;
    depStart[i + 1] = edges;
    if (s.team === undefined || s.team === null) team[i] = -1;
    else {
      const k = teamIndex.get(s.team);
      if (k === undefined) {
        throw new LifeboatError('invalid_catalogue', `${s.id}: unknown team ${s.team}`, {
          field: 'team',
          key: 'err.plan.systemUnknownTeam',
          params: { system: s.id, team: s.team },
        });
      }
      team[i] = k;
    }
    const e = s.estimate_hours ?? DEFAULT_ESTIMATE;
    if (s.estimate_hours === undefined) defaulted[i] = 1;
    low[i] = e.low;
    likely[i] = e.likely;
    high[i] = e.high;
    society[i] = s.society ?? Number.NaN;
    organisation[i] = s.organisation ?? Number.NaN;
    rto[i] = s.rto_hours ?? Number.NaN;
    const status = s.status ?? 'down';
    if (status === 'limited' || status === 'operational') state[i] = STATE_DONE;
    else if (status === 'restoring' || status === 'verifying') {
      state[i] = STATE_IN_PROGRESS;
      remainingGiven[i] = s.remaining_hours === undefined ? 0 : 1;
      remaining[i] = s.remaining_hours ?? e.likely;
    }
  }
  const deps = new Int32Array(edges);
  const outCount = new Int32Array(n + 1);
  for (let i = 0, p = 0; i < n; i++) {
    for (const d of systems[i].depends_on ?? []) {
      const j = index.get(d);
      if (j === undefined) {
        throw new LifeboatError('invalid_catalogue', `${ids[i]}: depends on unknown system ${d}`, {
          field: 'depends_on',
          details: { systems: [ids[i], d] },
        });
      }
      deps[p++] = j;
      outCount[j + 1]++;
      indegree[i]++;
    }
  }
  const outStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) outStart[i + 1] = outStart[i] + outCount[i + 1];
  const out = new Int32Array(edges);
  const fill = outStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let p = depStart[i]; p < depStart[i + 1]; p++) out[fill[deps[p]]++] = i;
  }

  // Kahn's order, dependencies first; whatever is left over lies on or behind a cycle.
  const topo = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) topo[tail++] = i;
  while (head < tail) {
    const v = topo[head++];
    for (let p = outStart[v]; p < outStart[v + 1]; p++) if (--indegree[out[p]] === 0) topo[tail++] = out[p];
  }
  if (tail < n) {
    const cycle = findCycle(n, depStart, deps, indegree).map((i) => ids[i]);
    throw new LifeboatError(
      'invalid_catalogue',
      `dependency cycle (each needs the next): ${[...cycle, cycle[0]].join(' -> ')}`,
      {
        field: 'depends_on',
        details: { systems: cycle },
      },
    );
  }

  const model: PlanModel = {
    n,
    ids,
    index,
    systems,
    teamIds,
    teamCapacity,
    team,
    depStart,
    deps,
    outStart,
    out,
    low,
    likely,
    high,
    defaulted,
    state,
    remaining,
    remainingGiven,
    society,
    organisation,
    rto,
    effSource: new Int32Array(n),
    rank: new Int32Array(n),
    byRank: new Int32Array(n),
    topo,
  };
  rankByEffectivePriority(model);
  return model;
}

/** One cycle among the systems Kahn's algorithm could not order (those with indegree left). */
function findCycle(n: number, depStart: Int32Array, deps: Int32Array, left: Int32Array): number[] {
  // Every unordered system has an unordered dependency, so walking them must revisit one.
  let v = 0;
  while (v < n && left[v] === 0) v++;
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  while (!seenAt.has(v)) {
    seenAt.set(v, path.length);
    path.push(v);
    let next = -1;
    for (let p = depStart[v]; p < depStart[v + 1]; p++) {
      if (left[deps[p]] > 0) {
        next = deps[p];
        break;
      }
    }
    if (next < 0) return path;
    v = next;
  }
  return path.slice(seenAt.get(v));
}

/** The typed arrays a forecast worker needs; every buffer may be copied or transferred. */
export interface ModelTransfer {
  n: number;
  teamIds: string[];
  teamCapacity: Int32Array;
  team: Int32Array;
  depStart: Int32Array;
  deps: Int32Array;
  outStart: Int32Array;
  out: Int32Array;
  low: Float64Array;
  likely: Float64Array;
  high: Float64Array;
  state: Uint8Array;
  remaining: Float64Array;
  remainingGiven: Uint8Array;
  rto: Float64Array;
  rank: Int32Array;
  byRank: Int32Array;
  learned?: LearnedForecast;
}

/** The part of a model a forecast needs (no ids or objects: runs only compare ranks and times). */
export function modelForTransfer(m: PlanModel): ModelTransfer {
  const { n, teamIds, teamCapacity, team, depStart, deps, outStart, out, low, likely, high } = m;
  const { state, remaining, remainingGiven, rto, rank, byRank, learned } = m;
  return {
    ...(learned ? { learned } : {}),
    n,
    teamIds,
    teamCapacity,
    team,
    depStart,
    deps,
    outStart,
    out,
    low,
    likely,
    high,
    state,
    remaining,
    remainingGiven,
    rto,
    rank,
    byRank,
  };
}

/** Rebuilds a model for forecast runs from modelForTransfer's output (not for detailed plans). */
export function modelFromTransfer(t: ModelTransfer): PlanModel {
  const n = t.n;
  return {
    ...t,
    ids: [],
    index: new Map(),
    systems: [],
    defaulted: new Uint8Array(n),
    society: new Float64Array(n),
    organisation: new Float64Array(n),
    effSource: new Int32Array(n),
    topo: new Int32Array(n),
  };
}
