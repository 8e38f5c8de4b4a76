/**
 * Coverage (täckning): which units have reported by which deadline. Pure: the deadlines, the reports and
 * the clock are given; nothing is read or stored here.
 */
import { type Deadline, mustReport } from './rhythm.js';

/** A cell's state, in the order the grid explains them. */
export const COVERAGE_STATES = ['reported', 'late', 'missing', 'pending', 'not_asked'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

/** What coverage needs of a stored report: whose, for which deadline, and when it was first submitted. */
export interface CoverageReport {
  id: string;
  unit_id: string;
  cycle_at: string;
  /** The latest submission (an amendment moves it); null while it is a draft. */
  submitted_at: string | null;
  /** The first submission, which decides lateness; null while it is a draft. */
  first_submitted_at: string | null;
  state: string;
  late: boolean;
}

/** One unit at one deadline. */
export interface CoverageCell {
  at: string;
  state: CoverageState;
  /** The unit's report for this deadline (a draft too), or null. */
  report_id: string | null;
  /** When it was first submitted, or null. */
  submitted_at: string | null;
}

/** A unit's last submitted report, whatever its deadline, and its age at `now`. */
export interface LastReport {
  id: string;
  cycle_at: string;
  submitted_at: string;
  age_minutes: number;
}

/** One unit's row of the grid. */
export interface CoverageRow {
  unit_id: string;
  cells: CoverageCell[];
  last_report: LastReport | null;
}

/** How many units are in each state at one deadline. */
export type CoverageCounts = Record<CoverageState, number>;

/**
 * The state of one unit at one deadline. Lateness is judged on the first submission: an amendment after
 * the deadline never turns a report made in time into a late one (the amendment itself is marked late).
 * A deadline is passed only after its instant, so a report submitted at the very minute is in time.
 */
export function cellState(
  deadline: Pick<Deadline, 'at' | 'unit_ids'>,
  unitId: string,
  report: Pick<CoverageReport, 'first_submitted_at'> | undefined,
  now: number,
): CoverageState {
  if (!mustReport(deadline, unitId)) return 'not_asked';
  const at = Date.parse(deadline.at);
  const first = report?.first_submitted_at ? Date.parse(report.first_submitted_at) : null;
  if (first !== null) return first <= at ? 'reported' : 'late';
  return now > at ? 'missing' : 'pending';
}

/**
 * The grid: for each unit (in the order given) its cell at each deadline (in time order), and its last
 * submitted report with its age, so that a missing unit's last word stays in sight.
 */
export function coverage(input: {
  deadlines: readonly Pick<Deadline, 'at' | 'unit_ids'>[];
  unit_ids: readonly string[];
  reports: readonly CoverageReport[];
  now: number;
}): { rows: CoverageRow[]; counts: CoverageCounts[] } {
  const byKey = new Map<string, CoverageReport>();
  const last = new Map<string, CoverageReport>();
  for (const report of input.reports) {
    byKey.set(`${report.unit_id}\u0000${Date.parse(report.cycle_at)}`, report);
    if (report.submitted_at === null) continue;
    const seen = last.get(report.unit_id);
    if (!seen || Date.parse(report.submitted_at) > Date.parse(seen.submitted_at ?? ''))
      last.set(report.unit_id, report);
  }
  const counts = input.deadlines.map(() => emptyCounts());
  const rows = input.unit_ids.map((unitId): CoverageRow => {
    const cells = input.deadlines.map((deadline, i): CoverageCell => {
      const report = byKey.get(`${unitId}\u0000${Date.parse(deadline.at)}`);
      const state = cellState(deadline, unitId, report, input.now);
      counts[i][state]++;
      return {
        at: deadline.at,
        state,
        report_id: report?.id ?? null,
        submitted_at: report?.first_submitted_at ?? null,
      };
    });
    const lastReport = last.get(unitId);
    return {
      unit_id: unitId,
      cells,
      last_report:
        lastReport?.submitted_at != null
          ? {
              id: lastReport.id,
              cycle_at: lastReport.cycle_at,
              submitted_at: lastReport.submitted_at,
              age_minutes: Math.max(0, Math.floor((input.now - Date.parse(lastReport.submitted_at)) / 60_000)),
            }
          : null,
    };
  });
  return { rows, counts };
}

/** Zero units in every state. */
export function emptyCounts(): CoverageCounts {
  return { reported: 0, late: 0, missing: 0, pending: 0, not_asked: 0 };
}
