/**
 * What the public site may show, as one pure value (the "public snapshot"): read in one place
 * (src/store/site/public.repository.ts), rendered by the pure renderers of src/site. Nothing that is not
 * in here can reach a public page, feed or mirror.
 */
import type { SystemStatus } from '../catalogue/types.js';
import type { PublishedNotice } from './notice.js';

/** A public service: a system with a `public_name`, by that name only. */
export interface PublicService {
  /** A stable key for the page (a slug of the public name, never the internal id). */
  key: string;
  name: string;
  status: SystemStatus;
  /** How residents get help meanwhile, per language (or one text for every language); null when none. */
  help: { [lang: string]: string } | null;
  /** The expected return as a range (P50–P90 of the plan), only where the staff chose to publish it. */
  expected: { from: string; to: string } | null;
}

/** Everything the public site shows. */
export interface PublicSnapshot {
  organisation: { name: string; locale: 'sv' | 'en'; timezone: string };
  /** The open incident that is not an exercise; null otherwise (the calm page). */
  incident: { detected_at: string } | null;
  /** Public services (only while an incident is open: an exercise's statuses must not show). */
  services: PublicService[];
  /** Published updates of every incident that is not an exercise, newest first. */
  notices: PublishedNotice[];
  /** When anything shown last changed (null on an empty install). */
  updated_at: string | null;
}

/**
 * The help text to show in `lang`: that language's text, else the organisation's language's, else the
 * first there is; with the language it is written in (for `lang` on the passage). Null when none.
 */
export function helpIn(
  help: PublicService['help'],
  lang: string,
  orgLocale: string,
): { text: string; lang: string } | null {
  if (!help) return null;
  for (const l of [lang, orgLocale, ...Object.keys(help)]) {
    const text = help[l];
    if (text) return { text, lang: l };
  }
  return null;
}

const HOUR = 3_600_000;

/**
 * An honest range for people: the P50 rounded down and the P90 rounded up to the hour, never the
 * same hour twice (a one-instant "range" would promise more than a forecast knows).
 */
export function expectedRange(p50At: string, p90At: string): { from: string; to: string } {
  const from = Math.floor(Date.parse(p50At) / HOUR) * HOUR;
  const to = Math.max(from + HOUR, Math.ceil(Date.parse(p90At) / HOUR) * HOUR);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** A key for a public name, safe in a URL fragment and an HTML id. */
export function serviceKey(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base || 'service';
}
