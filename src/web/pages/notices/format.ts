import { zoneFormatter } from '../../../domain/time.js';

/** An instant as a `datetime-local` value on the wall clock of the zone (`2026-12-02T14:30`); '' for none. */
export function isoToWallClock(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return zoneFormatter(timeZone, { fallback: 'Europe/Stockholm' }).format(ms).slice(0, 16);
}

/** A language's name in the reader's language (`finska` for `fi` in Swedish), the code when unknown. */
export function languageName(code: string, locale: 'sv' | 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
