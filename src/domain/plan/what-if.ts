/**
 * What-if: plan a changed copy of the catalogue (team capacities, systems marked done, moved
 * estimates) beside the real one, with the same seed, and compare, without changing anything.
 */
import type { Catalogue, Estimate } from '../catalogue/types.js';
import { LifeboatError } from '../errors.js';
import { computePlan, type PlanOptions, type PlanResult, roundHours } from './plan.js';

/** The changes of a what-if. */
export interface WhatIfChanges {
  /** Team id to capacity (an integer >= 1). */
  capacity?: Record<string, number>;
  /** Systems to treat as back in service. */
  done?: string[];
  /** System id to a new estimate. */
  estimates?: Record<string, Estimate>;
}

/** A value in both plans and the change (variant - base). */
export interface Delta {
  base: number;
  variant: number;
  delta: number;
}

/** The comparison of the real plan with the what-if. */
export interface WhatIfResult {
  base: PlanResult;
  variant: PlanResult;
  whole: { finish_h: Delta; p50_h: Delta; p90_h: Delta };
  systems: Array<{ id: string; finish_h: Delta; p50_h: Delta; p90_h: Delta }>;
}

/** A copy of the catalogue with the changes applied; throws bad_request naming a bad change. */
export function applyWhatIf(catalogue: Catalogue, changes: WhatIfChanges): Catalogue {
  const ids = new Set(catalogue.systems.map((s) => s.id));
  const teams = new Set(catalogue.teams.map((t) => t.id));
  for (const [team, capacity] of Object.entries(changes.capacity ?? {})) {
    if (!teams.has(team))
      throw new LifeboatError('bad_request', `unknown team ${team}`, {
        field: `capacity.${team}`,
        key: 'err.plan.unknownTeam',
        params: { id: team },
      });
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new LifeboatError('bad_request', 'capacity must be an integer >= 1', {
        key: 'err.plan.capacity',
        field: `capacity.${team}`,
      });
    }
  }
  for (const [k, id] of (changes.done ?? []).entries()) {
    if (!ids.has(id))
      throw new LifeboatError('bad_request', `unknown system ${id}`, {
        field: `done[${k}]`,
        key: 'err.plan.unknownSystem',
        params: { id },
      });
  }
  for (const [id, e] of Object.entries(changes.estimates ?? {})) {
    if (!ids.has(id))
      throw new LifeboatError('bad_request', `unknown system ${id}`, {
        field: `estimates.${id}`,
        key: 'err.plan.unknownSystem',
        params: { id },
      });
    const ok = [e.low, e.likely, e.high].every((x) => Number.isFinite(x)) && 0 <= e.low && e.low <= e.likely;
    if (!ok || e.likely > e.high) {
      throw new LifeboatError('bad_request', 'expected 0 <= low <= likely <= high', {
        key: 'err.plan.estimateOrder',
        field: `estimates.${id}`,
      });
    }
  }
  const done = new Set(changes.done ?? []);
  return {
    ...catalogue,
    teams: catalogue.teams.map((t) => ({ ...t, capacity: changes.capacity?.[t.id] ?? t.capacity })),
    systems: catalogue.systems.map((s) => {
      const estimate = changes.estimates?.[s.id];
      if (!done.has(s.id) && !estimate) return s;
      const copy = { ...s };
      if (estimate) copy.estimate_hours = { low: estimate.low, likely: estimate.likely, high: estimate.high };
      if (done.has(s.id)) {
        copy.status = 'operational';
        delete copy.remaining_hours;
      }
      return copy;
    }),
  };
}

function delta(base: number, variant: number): Delta {
  return { base, variant, delta: roundHours(variant - base) };
}

/** Plans the catalogue and its what-if with the same options and seed, and compares them. */
export function whatIf(catalogue: Catalogue, changes: WhatIfChanges, options: PlanOptions): WhatIfResult {
  const base = computePlan(catalogue, options);
  const changed = applyWhatIf(catalogue, changes);
  // The what-if's capacities win over the options' overrides for the teams it names.
  const variant = computePlan(changed, { ...options, capacity: { ...options.capacity, ...changes.capacity } });
  return {
    base,
    variant,
    whole: {
      finish_h: delta(base.makespan_h, variant.makespan_h),
      p50_h: delta(base.forecast.p50_h, variant.forecast.p50_h),
      p90_h: delta(base.forecast.p90_h, variant.forecast.p90_h),
    },
    systems: base.systems.map((s, i) => {
      const v = variant.systems[i];
      return {
        id: s.id,
        finish_h: delta(s.finish_h, v.finish_h),
        p50_h: delta(s.p50_h, v.p50_h),
        p90_h: delta(s.p90_h, v.p90_h),
      };
    }),
  };
}
