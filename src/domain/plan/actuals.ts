/**
 * What the status history says of each system (DESIGN.md, `status_history`; issue 11): when it
 * first started restoring and when it was first back, as hours relative to the plan's start
 * ("now", the as-of moment), so negative hours lie in the past.
 */

import { type Catalogue, SYSTEM_STATUSES, type SystemStatus } from '../catalogue/types.js';
import { parseInstant } from '../time.js';

/** One recorded status change of one system; `at` in epoch milliseconds. */
export interface StatusChange {
  system_id: string;
  status: SystemStatus;
  at: number;
}

/** One system's actuals in hours relative to the plan's start (now = 0, the past negative). */
export interface Actual {
  /** Its first `restoring`; null when the history never shows one. */
  started_h: number | null;
  /** Its first `limited` or `operational` after it started; null while it is not back. */
  back_h: number | null;
}

/** Actuals by system id; only systems with something in their history appear. */
export type Actuals = Record<string, Actual>;

const HOUR_MS = 3_600_000;

/**
 * Folds status changes (any order) into actuals relative to `asOf` (epoch ms): started is the
 * first `restoring`, back the first `limited` or `operational` at or after it; changes after
 * `asOf` have not happened yet and are ignored.
 */
export function actualsFromChanges(changes: readonly StatusChange[], asOf: number): Actuals {
  const sorted = changes.filter((c) => c.at <= asOf).sort((a, b) => a.at - b.at);
  const started = new Map<string, number>();
  const back = new Map<string, number>();
  for (const c of sorted) {
    if (c.status === 'restoring' && !started.has(c.system_id)) started.set(c.system_id, c.at);
    else if ((c.status === 'limited' || c.status === 'operational') && !back.has(c.system_id)) {
      if (started.has(c.system_id)) back.set(c.system_id, c.at);
    }
  }
  const out: Actuals = {};
  for (const [id, at] of started) {
    const b = back.get(id);
    out[id] = { started_h: (at - asOf) / HOUR_MS, back_h: b === undefined ? null : (b - asOf) / HOUR_MS };
  }
  return out;
}

const STATUSES = new Set<string>(SYSTEM_STATUSES);

/**
 * The actuals of an incident's stored status history as of `asOf` (the server floors `now` to it,
 * ACTUALS_STEP_MS in src/server/plan/plan.service.ts): changes made since `asOf` (but not after
 * `now`) count as made at `asOf`, so a system that just came back is back in its actuals too;
 * systems no longer in the catalogue, and statuses no one knows, are left out. Null without any.
 */
export function actualsOf(
  history: readonly { system_id: string; to: string; at: string }[],
  catalogue: Catalogue,
  now: Date,
  asOf: Date,
): Actuals | null {
  const ids = new Set(catalogue.systems.map((s) => s.id));
  const until = asOf.getTime();
  const changes: StatusChange[] = [];
  for (const h of history) {
    const at = Date.parse(h.at);
    if (!ids.has(h.system_id) || !STATUSES.has(h.to) || !(at <= now.getTime())) continue;
    changes.push({ system_id: h.system_id, status: h.to as SystemStatus, at: Math.min(at, until) });
  }
  const actuals = actualsFromChanges(changes, until);
  return Object.keys(actuals).length > 0 ? actuals : null;
}

/** What the forecast learned from the history: the posterior of the shared friction factor. */
export interface Learning {
  /** Systems that are back, whose actual duration informed the factor. */
  finished: number;
  /** Systems still in progress, whose hours so far informed it as a lower bound. */
  in_progress: number;
  /** Median and 90 % interval (5th, 95th percentile) of the friction factor the runs draw. */
  factor_p50: number;
  factor_p05: number;
  factor_p95: number;
}

/**
 * The status changes a validated catalogue's `status_history` records (DESIGN.md), and the latest
 * instant among them (epoch ms; null without any), which is "now" when the plan is given no as-of.
 */
export function statusChangesOf(catalogue: Catalogue): { changes: StatusChange[]; latest: number | null } {
  const changes: StatusChange[] = [];
  let latest: number | null = null;
  for (const s of catalogue.systems) {
    for (const entry of s.status_history ?? []) {
      const at = parseInstant(entry.at);
      // The validator refused instants that do not exist, so null cannot reach here from a file.
      if (at === null) continue;
      changes.push({ system_id: s.id, status: entry.status, at });
      if (latest === null || at > latest) latest = at;
    }
  }
  return { changes, latest };
}
