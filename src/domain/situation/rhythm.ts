/**
 * The reporting rhythm (stabsrytm): rules that make deadlines, and the deadlines they make in a window.
 * Pure: the zone rules come from a ZoneFormatter, the window from the caller.
 */
import { LifeboatError } from '../errors.js';
import { parseInstant, type ZoneFormatter } from '../time.js';

/** A rule as the domain reads it: `daily` at `time_of_day` (HH:MM, the organisation's zone) or `once` at `at`. */
export interface RhythmRule {
  id: string;
  kind: 'daily' | 'once';
  time_of_day: string | null;
  at: string | null;
  /** The units that must report; empty: every unit. */
  unit_ids: string[];
  /** How long before the deadline a unit that has not reported is reminded (0: never). */
  remind_minutes: number;
  starts_at: string;
  ends_at: string | null;
}

/**
 * One reporting deadline. `at` is the instant as `Date.toISOString()` writes it: it is the key a report
 * names (`cycle_at`), so it is always written the same way. Rules that fall on the same instant merge.
 */
export interface Deadline {
  at: string;
  rhythm_ids: string[];
  /** The units that must report by it; empty: every unit. */
  unit_ids: string[];
  remind_minutes: number;
}

const DAY = 86_400_000;
/** The widest window a list of deadlines or the coverage grid may span. */
export const MAX_WINDOW_DAYS = 62;

/** Whether a time of day is HH:MM on a 24-hour clock. */
export function isTimeOfDay(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/**
 * Every deadline the rules make with `from <= at <= to` (epoch ms), in time order. A daily rule makes one
 * deadline per local calendar day at its wall-clock time, so 08:00 stays 08:00 across a change of daylight
 * saving; a wall time that does not exist that night (spring forward) falls where the zone puts it.
 */
export function deadlinesBetween(
  rules: readonly RhythmRule[],
  from: number,
  to: number,
  zone: ZoneFormatter,
): Deadline[] {
  const byInstant = new Map<number, Deadline>();
  const add = (rule: RhythmRule, instant: number) => {
    if (instant < from || instant > to) return;
    if (instant < Date.parse(rule.starts_at)) return;
    if (rule.ends_at !== null && instant >= Date.parse(rule.ends_at)) return;
    const existing = byInstant.get(instant);
    if (!existing) {
      byInstant.set(instant, {
        at: new Date(instant).toISOString(),
        rhythm_ids: [rule.id],
        unit_ids: [...rule.unit_ids],
        remind_minutes: rule.remind_minutes,
      });
      return;
    }
    existing.rhythm_ids.push(rule.id);
    // Every unit is already asked when either rule asks every unit.
    existing.unit_ids =
      existing.unit_ids.length === 0 || rule.unit_ids.length === 0
        ? []
        : [...new Set([...existing.unit_ids, ...rule.unit_ids])].sort();
    existing.remind_minutes = Math.max(existing.remind_minutes, rule.remind_minutes);
  };
  for (const rule of rules) {
    if (rule.kind === 'once') {
      if (rule.at !== null) add(rule, Date.parse(rule.at));
      continue;
    }
    if (rule.time_of_day === null || !isTimeOfDay(rule.time_of_day)) continue;
    const [hh, mm] = rule.time_of_day.split(':').map(Number);
    // Local calendar days from the day before `from` to the day after `to`: offsets never exceed a day.
    const first = Math.floor((Math.max(from, Date.parse(rule.starts_at)) + zone.offsetAt(from) * 60_000) / DAY) - 1;
    const last = Math.floor((to + zone.offsetAt(to) * 60_000) / DAY) + 1;
    for (let day = first; day <= last; day++) add(rule, zone.fromWallClock(day * DAY + (hh * 60 + mm) * 60_000));
  }
  return [...byInstant.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
}

/** Whether a unit must report by a deadline. */
export function mustReport(deadline: Pick<Deadline, 'unit_ids'>, unitId: string): boolean {
  return deadline.unit_ids.length === 0 || deadline.unit_ids.includes(unitId);
}

/** The kinds of rule: every day at a wall-clock time, or once at an instant. */
export const RHYTHM_KINDS = ['daily', 'once'] as const;
export type RhythmKind = (typeof RHYTHM_KINDS)[number];

/** The longest a reminder may come before its deadline (a day). */
export const MAX_REMIND_MINUTES = 1440;

/** The instant (epoch ms) the local calendar day holding `ms` starts, plus `days` whole local days. */
export function localDayStart(ms: number, zone: ZoneFormatter, days = 0): number {
  const wall = ms + zone.offsetAt(ms) * 60_000;
  return zone.fromWallClock((Math.floor(wall / DAY) + days) * DAY);
}

/**
 * The window a list of deadlines shows when the caller names none: from the start of yesterday to the end
 * of tomorrow in the organisation's zone, so that the last deadline missed and the next one both show.
 */
export function defaultWindow(now: number, zone: ZoneFormatter): { from: number; to: number } {
  return { from: localDayStart(now, zone, -1), to: localDayStart(now, zone, 2) - 1 };
}

/** When a unit that has not reported is reminded of a deadline (epoch ms), or null when it is not. */
export function reminderAt(deadline: Pick<Deadline, 'at' | 'remind_minutes'>): number | null {
  if (deadline.remind_minutes <= 0) return null;
  return Date.parse(deadline.at) - deadline.remind_minutes * 60_000;
}

/** Whether a deadline's reminders are due now: the reminder time has come and the deadline has not. */
export function reminderDue(deadline: Pick<Deadline, 'at' | 'remind_minutes'>, now: number): boolean {
  const at = reminderAt(deadline);
  return at !== null && at <= now && now < Date.parse(deadline.at);
}

function badTime(field: string): LifeboatError {
  return new LifeboatError('validation_failed', 'This is not a valid date and time.', {
    field,
    key: 'err.rhythm.badTime',
  });
}

/** An ISO date-time with its zone as epoch ms, or a validation error naming the field (key `err.rhythm.badTime`). */
export function instantOf(value: string, field: string): number {
  const ms = parseInstant(value);
  if (ms === null) throw badTime(field);
  return ms;
}

/** The window a query names, or the default (yesterday to tomorrow in the zone); refuses a reversed or huge one. */
export function windowOf(
  query: { from?: string; to?: string },
  now: number,
  zone: ZoneFormatter,
): { from: number; to: number } {
  const fallback = defaultWindow(now, zone);
  const from = query.from !== undefined ? instantOf(query.from, 'from') : fallback.from;
  const to =
    query.to !== undefined
      ? instantOf(query.to, 'to')
      : query.from !== undefined
        ? from + (fallback.to - fallback.from)
        : fallback.to;
  if (to <= from) {
    throw new LifeboatError('validation_failed', 'The end of the window must come after its start.', {
      field: 'to',
      key: 'err.rhythm.badWindow',
    });
  }
  if (to - from > MAX_WINDOW_DAYS * DAY) {
    throw new LifeboatError('validation_failed', `The window may span at most ${MAX_WINDOW_DAYS} days.`, {
      field: 'to',
      key: 'err.rhythm.windowTooLong',
      params: { days: MAX_WINDOW_DAYS },
    });
  }
  return { from, to };
}
