import { zoneFormatter } from '../../../domain/time.js';
import type { T } from '../../i18n.js';

const MINUTE = 60_000;

/** A span of time in words (`2 d 5 h`, `3 h 20 min`, `45 min`), rounded down to the minute. */
export function formatSpan(ms: number, t: T): string {
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return [t('time.days', { n: d }), h ? t('time.hours', { n: h }) : ''].filter(Boolean).join(' ');
  if (h > 0) return [t('time.hours', { n: h }), m ? t('time.minutes', { n: m }) : ''].filter(Boolean).join(' ');
  return t('time.minutes', { n: m });
}

/** Time left to a deadline, or how late it is, in words. */
export function timeLeft(deadlineIso: string, nowIso: string, t: T): string {
  const ms = Date.parse(deadlineIso) - Date.parse(nowIso);
  return ms < 0
    ? t('obligations.overdueBy', { time: formatSpan(ms, t) })
    : t('obligations.left', { time: formatSpan(ms, t) });
}

/** An instant as a `datetime-local` value on the wall clock of the zone (`2026-12-02T14:30`); '' for none. */
export function isoToWallClock(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return zoneFormatter(timeZone, { fallback: 'Europe/Stockholm' }).format(ms).slice(0, 16);
}

/** A `datetime-local` value (`2026-12-02T14:30`), read as the wall clock of the zone, as an ISO instant; null if empty or invalid. */
export function wallClockToIso(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return new Date(zoneFormatter(timeZone, { fallback: 'Europe/Stockholm' }).fromWallClock(wall)).toISOString();
}

/** A date and time in the organisation's zone for the language (`2 dec. 2026 14:30`). */
export function formatAt(iso: string | null, locale: 'sv' | 'en', timeZone: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
