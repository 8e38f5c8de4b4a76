/**
 * The restart plan of a catalogue: the likely schedule, the forecast, the critical chain and the
 * warnings, in the shape `lifeboat plan --json` prints (DESIGN.md, "Command line").
 */
import type { Catalogue, SystemStatus } from '../catalogue/types.js';
import { DEFAULT_ESTIMATE } from '../catalogue/types.js';
import type { Actuals, Learning } from './actuals.js';
import { type ForecastOptions, type ForecastSummary, forecast } from './forecast.js';
import { actualHours, learnForecast } from './learning.js';
import { compileModel, type ModelOptions, type PlanModel, STATE_TODO } from './model.js';
import { ownTuple, type PriorityTuple } from './priority.js';
import { likelyDurations, Scheduler } from './schedule.js';

/** Options of a plan: the forecast's and capacity overrides. */
export interface PlanOptions extends ForecastOptions, ModelOptions {
  /** The status history's actuals (issue 11); without it the forecast is exactly today's. */
  actuals?: Actuals;
  /** False keeps the actuals for display but does not learn from them (`--no-learning`). */
  learning?: boolean;
}

/** Defaults of DESIGN.md: 1000 runs, seed 1, friction 0.3. */
export const DEFAULT_PLAN_OPTIONS: ForecastOptions = { runs: 1000, seed: 1, friction: 0.3 };

/** One system's line of the plan. */
export interface PlanSystem {
  id: string;
  name: string;
  team: string | null;
  status: SystemStatus;
  ready_h: number;
  start_h: number;
  finish_h: number;
  waiting_for: string | null;
  /** Effective priority tuple (society, organisation, -rto_hours); null for a missing value. */
  priority: PriorityTuple;
  /** The dependent whose priority this system carries; null when it is its own. */
  inherited_from: string | null;
  rto_hours: number | null;
  p50_h: number;
  p90_h: number;
  /** Share of forecast runs in which it is back within rto_hours; null without an RTO. */
  p_within_rto: number | null;
  /** Hours it took from its first `restoring` to back; present only when the history says. */
  actual_h?: number;
  /** Hours it has been in progress so far; present only for a started system not yet back. */
  elapsed_h?: number;
}

/** One step of the critical chain, first to last. */
export interface ChainLink {
  id: string;
  start_h: number;
  finish_h: number;
  /**
   * What it waited for before it could start: `dependency` (the previous link is the dependency
   * that finished last), `team` (it was ready earlier; the previous link freed its team's slot),
   * or null for the first link (it could start at once, or was already in progress).
   */
  waited_for: 'dependency' | 'team' | null;
}

/** Something in the catalogue the plan wants a person to look at. */
export interface PlanWarning {
  code: 'no-estimate' | 'rto-inversion';
  system: string;
  /** For an RTO inversion: the dependencies whose RTO is longer. */
  needs?: string[];
  message: string;
}

/** The whole plan. */
export interface PlanResult {
  makespan_h: number;
  systems: PlanSystem[];
  forecast: { runs: number; seed: number; friction: number; p50_h: number; p90_h: number };
  critical_chain: ChainLink[];
  warnings: PlanWarning[];
  /** What the forecast learned from the actuals; present only when actuals were given. */
  learning?: Learning;
}

/** Plans a catalogue on the calling thread (the CLI spreads the forecast over threads instead). */
export function computePlan(catalogue: Catalogue, options: PlanOptions = DEFAULT_PLAN_OPTIONS): PlanResult {
  const model = compileModel(catalogue, options);
  applyActuals(model, options);
  return buildPlan(model, options, forecast(model, options));
}

/**
 * Gives a compiled model the plan's actuals: the hours taken, shown beside the estimates, and,
 * unless `learning` is false, the learned friction and the conditioned systems in progress that
 * the runs draw from. Without actuals it leaves the model as it is, so the plan is DESIGN.md's.
 */
export function applyActuals(model: PlanModel, options: PlanOptions): void {
  if (options.actuals === undefined) return;
  const { took, elapsed } = actualHours(model, options.actuals);
  model.took = took;
  model.elapsed = elapsed;
  if (options.learning === false) return;
  const { learned, learning } = learnForecast(model, took, elapsed, options.friction);
  model.learning = learning;
  // With nothing to learn from, the runs keep DESIGN.md's draws exactly.
  if (learning.finished > 0 || learning.in_progress > 0 || learned.condElapsed.length > 0) model.learned = learned;
}

/** Runs the likely schedule of a compiled model. */
export function likelySchedule(model: PlanModel): Scheduler {
  const scheduler = new Scheduler(model);
  scheduler.run(likelyDurations(model), true);
  return scheduler;
}

/**
 * Assembles the plan from a model, its forecast summary and (optionally) its likely schedule;
 * hours are rounded to 0.1 and chances to 0.001, as the plan is shown. Without `withSystems`
 * the systems are left out, for a caller that writes them in pieces (planSystems).
 */
export function buildPlan(
  model: PlanModel,
  options: ForecastOptions,
  summary: ForecastSummary,
  scheduler: Scheduler = likelySchedule(model),
  withSystems = true,
): PlanResult {
  return {
    makespan_h: roundHours(scheduler.makespan),
    systems: withSystems ? planSystems(model, scheduler, summary) : [],
    forecast: {
      runs: options.runs,
      seed: options.seed,
      friction: options.friction,
      p50_h: roundHours(summary.makespanP50),
      p90_h: roundHours(summary.makespanP90),
    },
    critical_chain: criticalChain(model, scheduler),
    warnings: planWarnings(model),
    ...(model.learning ? { learning: roundLearning(model.learning) } : {}),
  };
}

/** The learning summary as the plan shows it: factors to 0.01. */
function roundLearning(l: Learning): Learning {
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    finished: l.finished,
    in_progress: l.in_progress,
    factor_p50: r(l.factor_p50),
    factor_p05: r(l.factor_p05),
    factor_p95: r(l.factor_p95),
  };
}

/** The lines of systems [from, to) of the plan, in catalogue order. */
export function planSystems(
  model: PlanModel,
  scheduler: Scheduler,
  summary: ForecastSummary,
  from = 0,
  to = model.n,
): PlanSystem[] {
  const { ready, start, finish, waitingFor } = scheduler;
  const { ids, systems, team, teamIds, effSource, state, took, elapsed } = model;
  const out = new Array<PlanSystem>(Math.max(0, to - from));
  // Systems that inherit from the same source share one tuple: 100,000 systems, few sources.
  const tuples = new Map<number, PriorityTuple>();
  const { p50, p90, pWithin } = summary;
  const sharedTuple = (src: number): PriorityTuple => {
    const tuple = ownTuple(model, src);
    tuples.set(src, tuple);
    return tuple;
  };
  for (let i = from; i < to; i++) {
    const s = systems[i];
    const src = effSource[i];
    const p = pWithin[i];
    const k = team[i];
    out[i - from] = {
      id: ids[i],
      name: s.name,
      team: k >= 0 ? teamIds[k] : null,
      status: s.status ?? 'down',
      ready_h: roundHours(ready[i]),
      start_h: roundHours(start[i]),
      finish_h: roundHours(finish[i]),
      waiting_for: state[i] === STATE_TODO && waitingFor[i] >= 0 ? ids[waitingFor[i]] : null,
      priority: tuples.get(src) ?? sharedTuple(src),
      inherited_from: src === i ? null : ids[src],
      rto_hours: s.rto_hours ?? null,
      p50_h: roundHours(p50[i]),
      p90_h: roundHours(p90[i]),
      p_within_rto: Number.isNaN(p) ? null : Math.round(p * 1000) / 1000,
    };
    if (took && !Number.isNaN(took[i])) out[i - from].actual_h = roundHours(took[i]);
    if (elapsed && !Number.isNaN(elapsed[i])) out[i - from].elapsed_h = roundHours(elapsed[i]);
  }
  return out;
}

/**
 * The chain of systems that ends with the last to finish, walking back through the dependency
 * it waited for last, or, when it was ready earlier and waited for its team, through the system
 * of that team whose finish freed the slot it took (ties: the smaller id).
 */
export function criticalChain(model: PlanModel, scheduler: Scheduler): ChainLink[] {
  const { n, ids, team, state } = model;
  const { ready, start, finish, waitingFor } = scheduler;
  if (n === 0) return [];
  let last = 0;
  for (let i = 1; i < n; i++) {
    if (finish[i] > finish[last] || (finish[i] === finish[last] && ids[i] < ids[last])) last = i;
  }
  const chain: ChainLink[] = [];
  const seen = new Set<number>();
  let v = last;
  while (v >= 0 && !seen.has(v)) {
    seen.add(v);
    let prev = -1;
    let why: ChainLink['waited_for'] = null;
    if (state[v] === STATE_TODO) {
      if (team[v] >= 0 && start[v] > ready[v]) {
        prev = scheduler.slotFrom[v];
        why = 'team';
      } else if (waitingFor[v] >= 0) {
        prev = waitingFor[v];
        why = 'dependency';
      }
    }
    chain.push({
      id: ids[v],
      start_h: roundHours(start[v]),
      finish_h: roundHours(finish[v]),
      waited_for: prev >= 0 ? why : null,
    });
    v = prev;
  }
  return chain.reverse();
}

/** Systems without an estimate, and RTO inversions (an RTO shorter than that of something needed). */
export function planWarnings(model: PlanModel): PlanWarning[] {
  const { n, ids, defaulted, rto, depStart, deps } = model;
  const warnings: PlanWarning[] = [];
  const d = DEFAULT_ESTIMATE;
  for (let i = 0; i < n; i++) {
    if (defaulted[i] === 1) {
      warnings.push({
        code: 'no-estimate',
        system: ids[i],
        message: `${ids[i]}: no estimate_hours; planned with low ${d.low}, likely ${d.likely}, high ${d.high}`,
      });
    }
    if (Number.isNaN(rto[i])) continue;
    const needs: string[] = [];
    let list = '';
    for (let p = depStart[i]; p < depStart[i + 1]; p++) {
      const j = deps[p];
      if (rto[j] > rto[i]) {
        needs.push(ids[j]);
        list += `${list ? ', ' : ''}${ids[j]} (${rto[j]} h)`;
      }
    }
    if (needs.length > 0) {
      warnings.push({
        code: 'rto-inversion',
        system: ids[i],
        needs,
        message: `${ids[i]}: RTO ${rto[i]} h, shorter than that of what it needs: ${list}`,
      });
    }
  }
  return warnings;
}

/** Hours rounded to 0.1 for output (never -0). */
export function roundHours(h: number): number {
  return Math.round(h * 10) / 10 + 0;
}
