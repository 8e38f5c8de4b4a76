/**
 * Instants as ISO date-times with the offset of a time zone (`2026-11-29T09:00:00+01:00`), and
 * wall-clock times of a zone as instants. Pure: the zone rules come from Intl, the time from the caller.
 */
import { LifeboatError } from './errors.js';

/** Formats instants in one time zone; built by zoneFormatter. */
export interface ZoneFormatter {
  /** The zone the formatter uses: the one asked for, or the fallback. */
  zone: string;
  /** The instant (epoch ms, rounded to the second) as an ISO date-time with the zone's offset. */
  format: (ms: number) => string;
  /** The zone's offset from UTC in minutes at an instant (epoch ms). */
  offsetAt: (ms: number) => number;
  /** The instant (epoch ms) of a wall-clock time of the zone, given as if it were UTC (Date.UTC). */
  fromWallClock: (wallMs: number) => number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * A formatter for a time zone. An unknown zone throws a LifeboatError naming
 * `organisation.timezone`, unless `fallback` names a zone to use instead.
 */
export function zoneFormatter(timeZone: string, options: { fallback?: string } = {}): ZoneFormatter {
  let zone = timeZone;
  let dtf: Intl.DateTimeFormat;
  try {
    dtf = dateTimeParts(timeZone);
  } catch {
    if (options.fallback === undefined) {
      throw new LifeboatError('invalid_catalogue', `unknown time zone ${JSON.stringify(timeZone)}`, {
        field: 'organisation.timezone',
      });
    }
    zone = options.fallback;
    dtf = dateTimeParts(zone);
  }
  const exactOffset = (ms: number): number => {
    const p: Record<string, number> = {};
    for (const part of dtf.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - ms) / MINUTE);
  };
  // A plan's instants share few distinct offsets, so they are cached per hour: 40,000 dates of a
  // 10,000-system plan cost a few thousand Intl calls instead of tens of thousands (a second of the
  // main thread). An hour whose start and end have the same offset keeps it throughout, since no zone
  // changes its offset and back within one hour; an hour with a change inside is looked at per
  // minute the same way, and the rare minute with a change inside (old local mean times) to the instant.
  const cached = (cache: Map<number, number>, step: number) => (n: number) => {
    let off = cache.get(n);
    if (off === undefined) {
      off = exactOffset(n * step);
      cache.set(n, off);
    }
    return off;
  };
  const offsetOfHour = cached(new Map(), HOUR);
  const offsetOfMinute = cached(new Map(), MINUTE);
  const offsetAt = (ms: number): number => {
    const hour = Math.floor(ms / HOUR);
    const inHour = offsetOfHour(hour);
    if (inHour === offsetOfHour(hour + 1)) return inHour;
    const minute = Math.floor(ms / MINUTE);
    const off = offsetOfMinute(minute);
    return off === offsetOfMinute(minute + 1) ? off : exactOffset(ms);
  };
  const format = (ms: number): string => {
    const t = Math.round(ms / 1000) * 1000;
    const off = offsetAt(t);
    const local = new Date(t + off * MINUTE).toISOString().slice(0, 19);
    const a = Math.abs(off);
    const hh = String(Math.floor(a / 60)).padStart(2, '0');
    const mm = String(a % 60).padStart(2, '0');
    return `${local}${off < 0 ? '-' : '+'}${hh}:${mm}`;
  };
  // The offset is looked up at the wall time read as UTC, then again at the instant that gives:
  // the second look lands on the right side of a change of offset close to the time.
  const fromWallClock = (wallMs: number): number => wallMs - offsetAt(wallMs - offsetAt(wallMs) * MINUTE) * MINUTE;
  return { zone, format, offsetAt, fromWallClock };
}

function dateTimeParts(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * Epoch ms of an ISO 8601 date-time with its zone (`Z` or `±HH:MM`), or null when it has no zone or names
 * fields that do not exist (30 February, hour 24, minute 60, offset +99:99). Parsed by hand, not with
 * Date.parse, which accepts hour 24 and reads the years 0 to 99 as 1900 to 1999. A fraction beyond
 * milliseconds is cut off, as Date.parse does.
 */
export function parseInstant(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8];
  if (zone === 'Z') return d.getTime();
  const [zoneHours, zoneMinutes] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
  if (zoneHours > 23 || zoneMinutes > 59) return null;
  const sign = zone[0] === '-' ? -1 : 1;
  return d.getTime() - sign * (zoneHours * 60 + zoneMinutes) * 60_000;
}
