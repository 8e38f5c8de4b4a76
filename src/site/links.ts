/**
 * Where each public page lives: as a URL on the live server (`/updates/x?lang=en`) and as a file of the
 * static mirror (`en/updates/x/index.html`), linked relatively and naming `index.html` so that the mirror
 * works from a file system, a USB stick or any host.
 */
import type { Locale } from '../i18n/index.js';

/** A public resource: a page or a feed, in a language. */
export type Route =
  | { kind: 'front' }
  | { kind: 'updates' }
  | { kind: 'update'; slug: string }
  | { kind: 'accessibility' }
  | { kind: 'atom' }
  | { kind: 'json' }
  | { kind: 'status' }
  | { kind: 'subscribe' };

/** How links are written: live URLs, or relative file paths of the mirror; `baseUrl` for absolute ones. */
export interface LinkMode {
  mode: 'live' | 'static';
  /** The site's public address, no trailing slash (feeds' absolute links). */
  baseUrl: string;
  /** The organisation's language: its pages carry no `?lang=` and no `en/`-like prefix. */
  defaultLang: Locale;
}

/** The live path of a route (no query). */
export function routePath(route: Route): string {
  switch (route.kind) {
    case 'front':
      return '/';
    case 'updates':
      return '/updates';
    case 'update':
      return `/updates/${encodeURIComponent(route.slug)}`;
    case 'accessibility':
      return '/accessibility';
    case 'atom':
      return '/feed.atom';
    case 'json':
      return '/feed.json';
    case 'status':
      return '/status.json';
    case 'subscribe':
      return '/subscribe';
  }
}

/** The file of a route in the mirror, relative to its root. */
export function routeFile(route: Route, lang: Locale, links: LinkMode): string {
  const prefix = lang === links.defaultLang ? '' : `${lang}/`;
  const p = routePath(route);
  if (route.kind === 'atom' || route.kind === 'json' || route.kind === 'status') return prefix + p.slice(1);
  return `${prefix}${p === '/' ? '' : `${p.slice(1)}/`}index.html`;
}

/** The live URL of a route in a language (path and query). */
export function routeUrl(route: Route, lang: Locale, links: LinkMode): string {
  return routePath(route) + (lang === links.defaultLang ? '' : `?lang=${lang}`);
}

/** A link from the page `fromFile` (mirror) or any live page to a route. */
export function hrefTo(route: Route, lang: Locale, links: LinkMode, fromFile: string): string {
  if (links.mode === 'live') return routeUrl(route, lang, links);
  // The subscribe form needs the live server: the mirror has no such file, so it links there absolutely.
  if (route.kind === 'subscribe') return links.baseUrl + routeUrl(route, lang, links);
  return relative(fromFile, routeFile(route, lang, links));
}

/** The absolute address of a route (feeds, ids). */
export function absoluteUrl(route: Route, lang: Locale, links: LinkMode): string {
  if (links.mode === 'live') return links.baseUrl + routeUrl(route, lang, links);
  return `${links.baseUrl}/${routeFile(route, lang, links)}`;
}

/** `to` relative to the directory of `from` (both mirror paths with `/`). */
export function relative(from: string, to: string): string {
  const fromDir = from.split('/').slice(0, -1);
  const target = to.split('/');
  let common = 0;
  while (common < fromDir.length && common < target.length - 1 && fromDir[common] === target[common]) common++;
  return '../'.repeat(fromDir.length - common) + target.slice(common).join('/');
}
