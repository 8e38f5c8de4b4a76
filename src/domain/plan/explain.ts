/**
 * Explanations of the plan for people: "why not yet" (what holds a system now) and "why before"
 * (the priority it carries and whom it carries it for).
 */
import type { Catalogue, SystemStatus } from '../catalogue/types.js';
import { LifeboatError } from '../errors.js';
import type { PlanModel } from './model.js';
import { effectiveTuple, ownTuple, type PriorityTuple } from './priority.js';

/** A gate of a system and where it stands. */
export interface GateState {
  gate: string;
  state: 'pending' | 'passed' | 'waived' | 'failed' | string;
}

/** One unfinished dependency on the way to the roots, and the unfinished dependencies it waits on. */
export interface BlockingSystem {
  id: string;
  status: SystemStatus;
  /** Its own unfinished dependencies; empty for a root (it can be worked on now). */
  waiting_on: string[];
}

/** Why a system is not back yet. */
export interface WhyNotYet {
  id: string;
  status: SystemStatus;
  /** limited or operational: nothing holds it. */
  finished: boolean;
  /** The system's unfinished direct dependencies. */
  waiting_on: string[];
  /** Every unfinished dependency, direct or transitive, nearest first. */
  chain: BlockingSystem[];
  /** The unfinished dependencies that wait on nothing: where the work is now. */
  roots: string[];
  /** Its gates not yet passed or waived (only when gates were given). */
  gates_pending: string[];
}

function isFinished(status: SystemStatus): boolean {
  return status === 'limited' || status === 'operational';
}

/**
 * The chain of unfinished dependencies that holds a system, down to the roots, and its gates not
 * yet passed. `statuses` overrides the catalogue's statuses (e.g. an incident's current state).
 */
export function whyNotYet(
  catalogue: Catalogue,
  id: string,
  options: { statuses?: Record<string, SystemStatus>; gates?: GateState[] } = {},
): WhyNotYet {
  const byId = new Map(catalogue.systems.map((s) => [s.id, s]));
  const root = byId.get(id);
  if (!root)
    throw new LifeboatError('not_found', `no system ${id}`, { field: 'id', key: 'err.plan.noSystem', params: { id } });
  const statusOf = (sid: string): SystemStatus => options.statuses?.[sid] ?? byId.get(sid)?.status ?? 'down';
  const unfinishedDeps = (sid: string): string[] =>
    (byId.get(sid)?.depends_on ?? []).filter((d) => !isFinished(statusOf(d)));
  const status = statusOf(id);
  const gates_pending = (options.gates ?? [])
    .filter((g) => g.state !== 'passed' && g.state !== 'waived')
    .map((g) => g.gate);
  if (isFinished(status)) {
    return { id, status, finished: true, waiting_on: [], chain: [], roots: [], gates_pending };
  }
  const waiting_on = unfinishedDeps(id);
  const chain: BlockingSystem[] = [];
  const seen = new Set<string>(waiting_on);
  const queue = [...waiting_on];
  for (let q = 0; q < queue.length; q++) {
    const sid = queue[q];
    const next = unfinishedDeps(sid);
    chain.push({ id: sid, status: statusOf(sid), waiting_on: next });
    for (const d of next) {
      if (!seen.has(d)) {
        seen.add(d);
        queue.push(d);
      }
    }
  }
  const roots = chain.filter((b) => b.waiting_on.length === 0).map((b) => b.id);
  return { id, status, finished: false, waiting_on, chain, roots, gates_pending };
}

/** Why a system comes where it does in the order. */
export interface WhyBefore {
  id: string;
  /** Its effective priority (society, organisation, -rto_hours); null for a missing value. */
  priority: PriorityTuple;
  own_priority: PriorityTuple;
  /** The dependent whose priority it carries; null when its own is the highest. */
  inherited_from: string | null;
  /** From the system up to inherited_from, each needed by the next. */
  path: string[];
  /** When compared with another system: which comes first, and what decided it. */
  compared_with?: {
    id: string;
    priority: PriorityTuple;
    first: string;
    decided_by: 'society' | 'organisation' | 'rto_hours' | 'id';
  };
}

/** The priority tuple of a system, the dependent it inherited it from, and (optionally) why it precedes another. */
export function whyBefore(model: PlanModel, id: string, otherId?: string): WhyBefore {
  const i = model.index.get(id);
  if (i === undefined)
    throw new LifeboatError('not_found', `no system ${id}`, { field: 'id', key: 'err.plan.noSystem', params: { id } });
  const source = model.effSource[i];
  const result: WhyBefore = {
    id,
    priority: effectiveTuple(model, i),
    own_priority: ownTuple(model, i),
    inherited_from: source === i ? null : model.ids[source],
    path: dependentPath(model, i, source).map((k) => model.ids[k]),
  };
  if (otherId !== undefined) {
    const j = model.index.get(otherId);
    if (j === undefined)
      throw new LifeboatError('not_found', `no system ${otherId}`, {
        field: 'other',
        key: 'err.plan.noSystem',
        params: { id: otherId },
      });
    const a = effectiveTuple(model, i);
    const b = effectiveTuple(model, j);
    const keys = ['society', 'organisation', 'rto_hours'] as const;
    let decided: NonNullable<WhyBefore['compared_with']>['decided_by'] = 'id';
    for (let k = 0; k < 3; k++) {
      if ((a[k] ?? Number.NEGATIVE_INFINITY) !== (b[k] ?? Number.NEGATIVE_INFINITY)) {
        decided = keys[k];
        break;
      }
    }
    const first = model.rank[i] < model.rank[j] ? id : otherId;
    result.compared_with = { id: otherId, priority: b, first, decided_by: decided };
  }
  return result;
}

/** A shortest path from system i up through its dependents to `to` (inclusive), by breadth-first search. */
function dependentPath(model: PlanModel, from: number, to: number): number[] {
  if (from === to) return [from];
  const prev = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (let p = model.outStart[v]; p < model.outStart[v + 1]; p++) {
      const w = model.out[p];
      if (prev.has(w)) continue;
      prev.set(w, v);
      if (w === to) {
        const path = [w];
        for (let u = v; u !== -1; u = prev.get(u) ?? -1) path.push(u);
        return path.reverse();
      }
      queue.push(w);
    }
  }
  return [from];
}
