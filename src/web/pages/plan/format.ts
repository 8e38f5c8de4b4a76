import type { Locale } from '../../../i18n/index.js';

/** Hours with at most one decimal in the language's style (`12,5` in Swedish). */
export function formatHours(hours: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 }).format(hours);
}

/** A change in hours with its sign (`+6`, `−2,5`, `0`). */
export function formatDelta(hours: number, locale: Locale): { sign: string; hours: string } {
  if (hours === 0) return { sign: '±', hours: formatHours(0, locale) };
  return { sign: hours > 0 ? '+' : '−', hours: formatHours(Math.abs(hours), locale) };
}

/** A share 0..1 as whole percent. */
export function formatPercent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 0 }).format(share * 100);
}

/** The order systems are restarted in: by start, then finish, then id (as the schedule breaks ties). */
export function restartOrder<S extends { id: string; start_h: number; finish_h: number }>(systems: S[]): S[] {
  return [...systems].sort((a, b) => a.start_h - b.start_h || a.finish_h - b.finish_h || (a.id < b.id ? -1 : 1));
}
