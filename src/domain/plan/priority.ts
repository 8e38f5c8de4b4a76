/**
 * Effective priority (DESIGN.md, "Effective priority"): a system's own priority is
 * (society, organisation, -rto_hours), higher first, a missing value lowest; its effective
 * priority is the highest own priority among itself and everything that depends on it.
 */
import type { PlanModel } from './model.js';

/** A priority tuple as the plan reports it: a missing value is null. */
export type PriorityTuple = [number | null, number | null, number | null];

/** The own priority tuple of system i. */
export function ownTuple(model: PlanModel, i: number): PriorityTuple {
  const s = model.society[i];
  const o = model.organisation[i];
  const r = model.rto[i];
  return [Number.isNaN(s) ? null : s, Number.isNaN(o) ? null : o, Number.isNaN(r) ? null : r === 0 ? 0 : -r];
}

/** The effective priority tuple of system i (the own tuple of the system it inherits from). */
export function effectiveTuple(model: PlanModel, i: number): PriorityTuple {
  return ownTuple(model, model.effSource[i]);
}

/** Compares two tuples: > 0 when a comes first, 0 when equal; null counts lowest. */
export function compareTuples(a: PriorityTuple, b: PriorityTuple): number {
  for (let k = 0; k < 3; k++) {
    const x = a[k] ?? Number.NEGATIVE_INFINITY;
    const y = b[k] ?? Number.NEGATIVE_INFINITY;
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

/** Compares the own priorities of systems i and j: > 0 when i's is higher, 0 when equal. */
export function compareOwn(model: PlanModel, i: number, j: number): number {
  const { society, organisation, rto } = model;
  const si = Number.isNaN(society[i]) ? -1 : society[i];
  const sj = Number.isNaN(society[j]) ? -1 : society[j];
  if (si !== sj) return si > sj ? 1 : -1;
  const oi = Number.isNaN(organisation[i]) ? -1 : organisation[i];
  const oj = Number.isNaN(organisation[j]) ? -1 : organisation[j];
  if (oi !== oj) return oi > oj ? 1 : -1;
  // A shorter RTO is more urgent; a missing one counts as the longest.
  const ri = Number.isNaN(rto[i]) ? Number.POSITIVE_INFINITY : rto[i];
  const rj = Number.isNaN(rto[j]) ? Number.POSITIVE_INFINITY : rto[j];
  if (ri !== rj) return ri < rj ? 1 : -1;
  return 0;
}

/**
 * Fills model.effSource (whose own priority each system carries: itself unless a dependent's is
 * strictly higher; among equal dependents' the smaller id), model.rank and model.byRank.
 */
export function rankByEffectivePriority(model: PlanModel): void {
  const { n, topo, outStart, out, effSource, ids } = model;
  for (let t = n - 1; t >= 0; t--) {
    const v = topo[t];
    let best = v;
    for (let p = outStart[v]; p < outStart[v + 1]; p++) {
      const cand = effSource[out[p]];
      const c = compareOwn(model, cand, best);
      if (c > 0 || (c === 0 && best !== v && cand !== best && ids[cand] < ids[best])) best = cand;
    }
    effSource[v] = best;
  }
  // Sort keys packed per system so the comparator reads numbers, not tuples.
  const major = new Float64Array(n);
  const minor = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const src = effSource[i];
    const s = Number.isNaN(model.society[src]) ? -1 : model.society[src];
    const o = Number.isNaN(model.organisation[src]) ? -1 : model.organisation[src];
    major[i] = s * 16 + o;
    minor[i] = Number.isNaN(model.rto[src]) ? Number.POSITIVE_INFINITY : model.rto[src];
  }
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    if (major[a] !== major[b]) return major[b] - major[a];
    if (minor[a] !== minor[b]) return minor[a] < minor[b] ? -1 : 1;
    return ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0;
  });
  for (let r = 0; r < n; r++) {
    model.byRank[r] = order[r];
    model.rank[order[r]] = r;
  }
}
