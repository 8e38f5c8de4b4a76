/**
 * The recovery board (issue 8 part 3), pure: columns by status, filters, the gates each system still has
 * to pass, what it waits for, and the actual "systems back" line from the status history.
 */
import { DEFAULT_GATES, type System, type SystemStatus } from '../catalogue/types.js';

/** The board's columns, left to right; `down` also holds `unknown` (neither is being worked on). */
export const BOARD_COLUMNS = ['down', 'restoring', 'verifying', 'limited', 'operational'] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** A recorded gate state, as much of it as the board needs. */
export interface GateStateLike {
  system_id: string;
  gate_id: string;
  state: 'pending' | 'passed' | 'waived';
  expires_at: string | null;
}

/** The board's filters: a team id and an owner unit id (absent: all). */
export interface BoardFilter {
  team?: string;
  owner?: string;
}

/** One system's card. */
export interface BoardCard {
  id: string;
  name: string;
  status: SystemStatus;
  team: string | null;
  owner: string | null;
  /** Gate ids not yet passed or validly waived, in the system's order. */
  gates_left: string[];
  /** How many gates the system has in all. */
  gates_total: number;
  /** Dependencies that are not back yet. */
  waits_for: string[];
}

/** One column: its status, how many cards, the cards. */
export interface BoardColumnView {
  status: BoardColumn;
  count: number;
  cards: BoardCard[];
}

/** A point of the actual line: how many systems were back from `at` on. */
export interface ActualPoint {
  at: string;
  back: number;
}

/** A status change from the event log (kind `status`, data {from, to}). */
export interface StatusChange {
  at: string;
  from: string;
  to: string;
}

/** Whether a status counts as back in service (DESIGN.md: limited or operational). */
export function isBack(status: string | undefined): boolean {
  return status === 'limited' || status === 'operational';
}

/** The column a status belongs in; an absent status is `down` (DESIGN.md). */
export function columnOf(status: SystemStatus | undefined): BoardColumn {
  return !status || status === 'unknown' ? 'down' : status;
}

/** A system's gates: its own list, or DESIGN.md's default gates when it names none. */
export function gatesOf(system: Pick<System, 'gates'>): readonly string[] {
  return system.gates ?? DEFAULT_GATES;
}

/** Whether a gate state lets the system through at `now`: passed, or waived and not yet expired. */
export function gateDone(state: Pick<GateStateLike, 'state' | 'expires_at'> | undefined, now: Date): boolean {
  if (!state) return false;
  if (state.state === 'passed') return true;
  if (state.state !== 'waived') return false;
  return state.expires_at === null || new Date(state.expires_at).getTime() > now.getTime();
}

/** The gates a system still has to pass at `now` (an expired waiver counts as left). */
export function gatesLeft(system: Pick<System, 'id' | 'gates'>, states: readonly GateStateLike[], now: Date): string[] {
  const mine = new Map(states.filter((s) => s.system_id === system.id).map((s) => [s.gate_id, s]));
  return gatesOf(system).filter((g) => !gateDone(mine.get(g), now));
}

/** The dependencies of a system that are not back yet, in its own order (unknown ids count as not back). */
export function waitsFor(system: Pick<System, 'depends_on'>, statusOf: ReadonlyMap<string, SystemStatus>): string[] {
  return system.depends_on.filter((d) => !isBack(statusOf.get(d)));
}

/** The systems that pass the filter. */
export function filterSystems<S extends Pick<System, 'team' | 'owner'>>(
  systems: readonly S[],
  filter: BoardFilter,
): S[] {
  return systems.filter((s) => (!filter.team || s.team === filter.team) && (!filter.owner || s.owner === filter.owner));
}

/**
 * The board: every column (empty ones too), with its count and cards in catalogue order. Dependencies are
 * judged against every system, not only the filtered ones: a filter hides cards, not what blocks them.
 */
export function buildBoard(
  systems: readonly System[],
  states: readonly GateStateLike[],
  now: Date,
  filter: BoardFilter = {},
): BoardColumnView[] {
  const statusOf = new Map(systems.map((s) => [s.id, s.status ?? 'down'] as const));
  const columns = new Map<BoardColumn, BoardCard[]>(BOARD_COLUMNS.map((c) => [c, []]));
  for (const s of filterSystems(systems, filter)) {
    const status = s.status ?? 'down';
    columns.get(columnOf(status))?.push({
      id: s.id,
      name: s.name,
      status,
      team: s.team ?? null,
      owner: s.owner ?? null,
      gates_left: gatesLeft(s, states, now),
      gates_total: gatesOf(s).length,
      waits_for: waitsFor(s, statusOf),
    });
  }
  return BOARD_COLUMNS.map((status) => {
    const cards = columns.get(status) ?? [];
    return { status, count: cards.length, cards };
  });
}

/**
 * The actual line since `since`: how many systems were back, starting from the count at `since` and
 * stepping at each change. The count at `since` is worked back from `backNow` (today's statuses), so that
 * statuses set before the incident (or before the log began) are counted without a log entry of their own.
 * Changes outside (since, now] are ignored; the last point is `now`.
 */
export function actualCurve(
  backNow: number,
  changes: readonly StatusChange[],
  since: string,
  now: string,
): ActualPoint[] {
  const from = new Date(since).getTime();
  const to = new Date(now).getTime();
  const inside = changes
    .filter((c) => {
      const t = new Date(c.at).getTime();
      return t > from && t <= to;
    })
    .sort((a, b) => a.at.localeCompare(b.at));
  const delta = (c: StatusChange) => Number(isBack(c.to)) - Number(isBack(c.from));
  let back = backNow - inside.reduce((sum, c) => sum + delta(c), 0);
  const points: ActualPoint[] = [{ at: new Date(from).toISOString(), back }];
  for (const c of inside) {
    const d = delta(c);
    if (d === 0) continue;
    back += d;
    points.push({ at: new Date(c.at).toISOString(), back });
  }
  if (to >= from) points.push({ at: new Date(to).toISOString(), back });
  return points;
}
