/**
 * The whole public site as files: every page in every language and the feeds. The live server caches
 * what this returns (src/server/site/site.cache.ts) and `lifeboat publish` writes it to disk, so both
 * serve the output of the same pure renderers.
 */
import type { PublicSnapshot } from '../domain/site/public.js';
import type { Locale } from '../i18n/index.js';
import { renderAtom, renderJsonFeed, safeJson, statusJson } from './feeds.js';
import { type LinkMode, type Route, routeFile, routeUrl } from './links.js';
import {
  type PageContext,
  renderAccessibility,
  renderFront,
  renderNotFound,
  renderUpdate,
  renderUpdates,
  siteLanguages,
} from './pages.js';

/** One rendered resource. */
export interface SiteFile {
  /** The live path (no query), e.g. `/updates/x`; '' for the not-found page. */
  path: string;
  lang: Locale;
  /** Its file in the mirror, e.g. `en/updates/x/index.html`. */
  file: string;
  /** Its live URL (path and `?lang=`). */
  url: string;
  contentType: string;
  body: string;
}

/** How the site is rendered: live URLs or the mirror's relative links, the base address, and now. */
export interface SiteOptions {
  mode: 'live' | 'static';
  baseUrl: string;
  now: number;
}

const HTML = 'text/html; charset=utf-8';

/** Renders every public page and feed of the snapshot in every language. */
export function renderSite(snapshot: PublicSnapshot, options: SiteOptions): SiteFile[] {
  const links: LinkMode = {
    mode: options.mode,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    defaultLang: snapshot.organisation.locale,
  };
  const out: SiteFile[] = [];
  for (const lang of siteLanguages(snapshot)) {
    const push = (
      path: string,
      file: string,
      url: string,
      contentType: string,
      render: (ctx: PageContext) => string,
    ) => {
      const ctx = { lang, links, file: options.mode === 'static' ? file : '', now: options.now };
      out.push({ path, lang, file, url, contentType, body: render(ctx) });
    };
    const add = (route: Route, contentType: string, render: (ctx: PageContext) => string) => {
      const url = routeUrl(route, lang, links);
      push(url.split('?')[0], routeFile(route, lang, links), url, contentType, render);
    };
    add({ kind: 'front' }, HTML, (ctx) => renderFront(snapshot, ctx));
    add({ kind: 'updates' }, HTML, (ctx) => renderUpdates(snapshot, ctx));
    for (const notice of snapshot.notices)
      add({ kind: 'update', slug: notice.slug }, HTML, (ctx) => renderUpdate(snapshot, notice, ctx));
    add({ kind: 'accessibility' }, HTML, (ctx) => renderAccessibility(snapshot, ctx));
    add({ kind: 'atom' }, 'application/atom+xml; charset=utf-8', (ctx) => renderAtom(snapshot, ctx));
    add({ kind: 'json' }, 'application/feed+json; charset=utf-8', (ctx) => renderJsonFeed(snapshot, ctx));
    add({ kind: 'status' }, 'application/json; charset=utf-8', (ctx) => `${safeJson(statusJson(snapshot, ctx))}\n`);
    // The not-found page has no address of its own: the server answers it for any unknown path.
    const prefix = lang === links.defaultLang ? '' : `${lang}/`;
    push('', `${prefix}404.html`, '', HTML, (ctx) => renderNotFound(snapshot, ctx));
  }
  return out;
}

/**
 * The next instant after `now` at which the rendering changes by itself (an update's promised time
 * passing into "overdue"), or null: the server re-renders then.
 */
export function nextChangeAt(snapshot: PublicSnapshot, now: number): number | null {
  const at = snapshot.notices[0]?.next_update_at;
  const ms = at ? Date.parse(at) : Number.NaN;
  return Number.isFinite(ms) && ms >= now ? ms + 1 : null;
}
