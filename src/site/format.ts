/** Times and texts of the public site in the page's language and the organisation's time zone. */
import { type Locale, type MessageKey, translate } from '../i18n/index.js';

const TAGS: Record<Locale, string> = { sv: 'sv-SE', en: 'en-GB' };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Locale, zone: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${zone}|${withYear}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(TAGS[lang], {
      timeZone: zone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      ...(withYear ? { year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(key, f);
  }
  return f;
}

/** An instant as people read it ("torsdag 3 december 2026 kl. 14:05") in the organisation's zone. */
export function when(iso: string, lang: Locale, zone: string): string {
  return formatter(lang, zone, true).format(new Date(iso));
}

/**
 * The end of a range after its start: only the time ("14:00") when both fall on the same day in the
 * organisation's zone, so that a phone does not repeat the weekday, date and year.
 */
export function whenUntil(fromIso: string, toIso: string, lang: Locale, zone: string): string {
  const dayOf = (iso: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(iso),
    );
  if (dayOf(fromIso) !== dayOf(toIso)) return when(toIso, lang, zone);
  return new Intl.DateTimeFormat(TAGS[lang], { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(toIso),
  );
}

/** A calendar date ("2 december 2026"), for dates that are not instants. */
export function day(isoDate: string, lang: Locale): string {
  return new Intl.DateTimeFormat(TAGS[lang], {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** The text of a key in the page's language. */
export function t(lang: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(lang, key, vars);
}
