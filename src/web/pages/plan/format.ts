import type { Locale } from '../../../i18n/index.js';

/** Hours with at most one decimal in the language's style (`12,5` in Swedish). */
export function formatHours(hours: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 }).format(hours);
}

/** A factor with one decimal in the language's style (`1,4` in Swedish). */
export function formatFactor(factor: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(factor);
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

/** A short date and time in the given zone (`2 dec. 14:00`), for tables and cards where space is tight. */
export function formatShortTime(iso: string, locale: Locale, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

/** A system counts as back once it is limited or operational (DESIGN.md, "System status in an incident"). */
export function isBack(status: string): boolean {
  return status === 'limited' || status === 'operational';
}

/** Priority tuples compared higher first, a missing value lowest (as the planner compares them). */
export function comparePriority(a: (number | null)[], b: (number | null)[]): number {
  for (let k = 0; k < 3; k++) {
    const x = a[k] ?? Number.NEGATIVE_INFINITY;
    const y = b[k] ?? Number.NEGATIVE_INFINITY;
    if (x !== y) return x > y ? -1 : 1;
  }
  return 0;
}

/**
 * The most important services not yet back: systems that carry their own priority (not one inherited
 * from what they carry), most important first, at most `max`; ties by the forecast P90, then id.
 */
export function mostImportantOpen<
  S extends { id: string; status: string; priority: (number | null)[]; inherited_from: string | null; p90_h: number },
>(systems: S[], max: number): S[] {
  return systems
    .filter((s) => !isBack(s.status) && s.inherited_from === null && s.priority.some((v) => v !== null))
    .sort((a, b) => comparePriority(a.priority, b.priority) || a.p90_h - b.p90_h || (a.id < b.id ? -1 : 1))
    .slice(0, max);
}
