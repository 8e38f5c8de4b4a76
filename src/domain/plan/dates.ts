/**
 * The plan's hours as dates: each time also as an ISO date-time in the organisation's time zone,
 * counted from the instant the plan starts (as `lifeboat plan --as-of` and GET /api/plan show it).
 */
import type { ZoneFormatter } from '../time.js';
import type { PlanResult, PlanSystem } from './plan.js';

/** A system of the plan with its times as dates. */
export type DatedSystem = PlanSystem & { start_at: string; finish_at: string; p50_at: string; p90_at: string };

/** A plan with its times as dates; `as_of` is the instant it counts from, in the zone. */
export interface PlanDates extends Omit<PlanResult, 'systems' | 'forecast'> {
  systems: DatedSystem[];
  forecast: PlanResult['forecast'] & { p50_at: string; p90_at: string };
  as_of: string;
  makespan_at: string;
}

/** The date of a time `hours` after `asOfMs` (epoch ms), in the formatter's zone. */
export function dateAt(zone: ZoneFormatter, asOfMs: number): (hours: number) => string {
  return (hours) => zone.format(asOfMs + hours * 3_600_000);
}

/** One system of the plan with its times as dates (`at` from dateAt). */
export function datedSystem(system: PlanSystem, at: (hours: number) => string): DatedSystem {
  return {
    ...system,
    start_at: at(system.start_h),
    finish_at: at(system.finish_h),
    p50_at: at(system.p50_h),
    p90_at: at(system.p90_h),
  };
}

/** The plan with every time also as a date in the formatter's zone, counted from `asOfMs` (epoch ms). */
export function withDates(plan: PlanResult, asOfMs: number, zone: ZoneFormatter): PlanDates {
  const at = dateAt(zone, asOfMs);
  return {
    ...plan,
    systems: plan.systems.map((s) => datedSystem(s, at)),
    forecast: { ...plan.forecast, p50_at: at(plan.forecast.p50_h), p90_at: at(plan.forecast.p90_h) },
    as_of: at(0),
    makespan_at: at(plan.makespan_h),
  };
}
