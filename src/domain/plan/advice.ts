/**
 * Where one more person helps most (issue 11, part 4): for each team, the plan with that team's
 * capacity one higher, beside the plan as it is, with the same seed and runs. Every run draws its
 * durations from a stream that depends only on (seed, run) and the system, never on the capacities,
 * so both plans see the same durations (common random numbers) and a difference between them comes
 * from the extra person, not from the draws.
 */
import type { Catalogue } from '../catalogue/types.js';
import type { Learning } from './actuals.js';
import { computePlan, type PlanOptions, type PlanResult, type PlanSystem, roundHours } from './plan.js';
import { compareTuples } from './priority.js';

/** How many of the most important services not yet back the advice follows. */
export const ADVICE_SERVICES = 5;

/** One service's P50 with and without the extra person. */
export interface ServiceGain {
  id: string;
  /** Its P50 as planned now, and how many hours earlier it is with one more person (negative: later). */
  p50_h: number;
  gain_h: number;
}

/** What one more person on one team would change. */
export interface TeamAdvice {
  team: string;
  /** The capacity the plan uses now; the advice tries one more. */
  capacity: number;
  /** How many hours earlier everything is back (forecast P50; negative: later). */
  p50_gain_h: number;
  /** The same for the forecast's P90 and the likely schedule. */
  p90_gain_h: number;
  likely_gain_h: number;
  /** The sum of the followed services' P50 gains, the second key of the ranking. */
  services_gain_h: number;
  /** The followed services, in the order of `Advice.services`. */
  services: ServiceGain[];
  /** Open systems of the team: with no more than `capacity`, one more person cannot help and nothing is planned. */
  open: number;
}

/** The advice for a catalogue: the plan's P50/P90 as it stands and the teams, best first. */
export interface Advice {
  runs: number;
  seed: number;
  p50_h: number;
  p90_h: number;
  /** The most important services not yet back, most important first (effective priority, not done). */
  services: string[];
  teams: TeamAdvice[];
  /** What the plan's forecast learned from the actuals, as in the plan; absent without them. */
  learning?: Learning;
}

function isBack(s: PlanSystem): boolean {
  return s.status === 'limited' || s.status === 'operational';
}

/**
 * The most important services not yet back: systems carrying their own priority (not one inherited
 * from a dependent), highest first, ties by P90 then id; the rule of the overview's headline.
 */
export function mostImportantOpen(plan: PlanResult, max = ADVICE_SERVICES): PlanSystem[] {
  return plan.systems
    .filter((s) => !isBack(s) && s.inherited_from === null && s.priority.some((v) => v !== null))
    .sort((a, b) => compareTuples(b.priority, a.priority) || a.p90_h - b.p90_h || (a.id < b.id ? -1 : 1))
    .slice(0, max);
}

/** Whether one more person could change anything: a team with no more open systems than people never queues. */
export function mayUseOneMore(team: { open: number; capacity: number }): boolean {
  return team.open > team.capacity;
}

/**
 * For each team, how much earlier the whole restart (P50, P90, likely) and the most important open
 * services (P50) would be with its capacity one higher, the same options and seed otherwise;
 * ranked by the whole restart's P50 gain, then the services' summed gain, then team id. Costs one
 * plan per team with open systems.
 */
export function adviseCapacity(catalogue: Catalogue, options: PlanOptions): Advice {
  const base = computePlan(catalogue, options);
  const services = mostImportantOpen(base);
  const open = new Map<string, number>();
  for (const s of base.systems) if (s.team !== null && !isBack(s)) open.set(s.team, (open.get(s.team) ?? 0) + 1);
  const teams = catalogue.teams.map((team): TeamAdvice => {
    const capacity = options.capacity?.[team.id] ?? team.capacity;
    const count = open.get(team.id) ?? 0;
    // One more changes nothing, exactly, where it cannot be used: no plan to compute.
    const variant = !mayUseOneMore({ open: count, capacity })
      ? base
      : computePlan(catalogue, { ...options, capacity: { ...options.capacity, [team.id]: capacity + 1 } });
    const p50 = new Map(variant.systems.map((s) => [s.id, s.p50_h]));
    const gains = services.map((s) => ({
      id: s.id,
      p50_h: s.p50_h,
      gain_h: roundHours(s.p50_h - (p50.get(s.id) ?? s.p50_h)),
    }));
    return {
      team: team.id,
      capacity,
      p50_gain_h: roundHours(base.forecast.p50_h - variant.forecast.p50_h),
      p90_gain_h: roundHours(base.forecast.p90_h - variant.forecast.p90_h),
      likely_gain_h: roundHours(base.makespan_h - variant.makespan_h),
      services_gain_h: roundHours(gains.reduce((sum, g) => sum + g.gain_h, 0)),
      services: gains,
      open: count,
    };
  });
  teams.sort(
    (a, b) => b.p50_gain_h - a.p50_gain_h || b.services_gain_h - a.services_gain_h || (a.team < b.team ? -1 : 1),
  );
  return {
    runs: base.forecast.runs,
    seed: base.forecast.seed,
    p50_h: base.forecast.p50_h,
    p90_h: base.forecast.p90_h,
    services: services.map((s) => s.id),
    teams,
    ...(base.learning ? { learning: base.learning } : {}),
  };
}
