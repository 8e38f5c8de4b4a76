/**
 * The public feeds: Atom (RFC 4287, one entry per update, stable `tag:` ids, `updated` = the amended
 * time), JSON Feed 1.1, and `/status.json` (docs/api.md, "Public site"). Pure: snapshot in, text out.
 */
import type { SystemStatus } from '../domain/catalogue/types.js';
import { helpIn, type PublicSnapshot } from '../domain/site/public.js';
import type { Locale } from '../i18n/index.js';
import { t } from './format.js';
import { escapeHtml as x } from './html.js';
import { absoluteUrl, type LinkMode } from './links.js';
import { renderMarkdown } from './markdown.js';
import { textOf } from './pages.js';

/** What a feed renderer needs besides the snapshot. */
export interface FeedContext {
  lang: Locale;
  links: LinkMode;
  now: number;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

/** The authority of the site's `tag:` ids (RFC 4151): the host of its public address. */
function authority(links: LinkMode): string {
  try {
    return new URL(links.baseUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** A stable id of an update in a language's feed: it never changes when the update is amended. */
export function entryId(links: LinkMode, notice: { id: string; published_at: string }, lang: Locale): string {
  return `tag:${authority(links)},${notice.published_at.slice(0, 10)}:lifeboat/update/${notice.id}/${lang}`;
}

const feedTitle = (s: PublicSnapshot, lang: Locale) =>
  t(lang, 'site.feed.title', { organisation: s.organisation.name });

/** `/feed.atom`: one entry per published update, newest first. */
export function renderAtom(snapshot: PublicSnapshot, ctx: FeedContext): string {
  const { lang, links } = ctx;
  // ISO strings in UTC sort as time does.
  const updated = [snapshot.updated_at ?? EPOCH, ...snapshot.notices.map((n) => n.amended_at ?? n.published_at)]
    .sort()
    .at(-1) as string;
  const entries = snapshot.notices.map((n) => {
    const { text, lang: textLang } = textOf(n, lang);
    const url = absoluteUrl({ kind: 'update', slug: n.slug }, lang, links);
    return `  <entry xml:lang="${x(textLang)}">
    <id>${x(entryId(links, n, lang))}</id>
    <title>${x(text.title)}</title>
    <link rel="alternate" type="text/html" href="${x(url)}"/>
    <published>${x(n.published_at)}</published>
    <updated>${x(n.amended_at ?? n.published_at)}</updated>
${text.sms_summary.trim() ? `    <summary>${x(text.sms_summary)}</summary>\n` : ''}    <content type="html">${x(renderMarkdown(text.body_md).value)}</content>
  </entry>
`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">
  <id>${x(`tag:${authority(links)},2026:lifeboat/feed/${lang}`)}</id>
  <title>${x(feedTitle(snapshot, lang))}</title>
  <updated>${x(updated)}</updated>
  <author><name>${x(snapshot.organisation.name)}</name></author>
  <link rel="self" type="application/atom+xml" href="${x(absoluteUrl({ kind: 'atom' }, lang, links))}"/>
  <link rel="alternate" type="text/html" href="${x(absoluteUrl({ kind: 'front' }, lang, links))}"/>
${entries.join('')}</feed>
`;
}

/** `/feed.json`: JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function renderJsonFeed(snapshot: PublicSnapshot, ctx: FeedContext): string {
  const { lang, links } = ctx;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(snapshot, lang),
    home_page_url: absoluteUrl({ kind: 'front' }, lang, links),
    feed_url: absoluteUrl({ kind: 'json' }, lang, links),
    language: lang,
    authors: [{ name: snapshot.organisation.name }],
    items: snapshot.notices.map((n) => {
      const { text, lang: textLang } = textOf(n, lang);
      return {
        id: entryId(links, n, lang),
        url: absoluteUrl({ kind: 'update', slug: n.slug }, lang, links),
        title: text.title,
        content_html: renderMarkdown(text.body_md).value,
        ...(text.sms_summary.trim() ? { summary: text.sms_summary } : {}),
        date_published: n.published_at,
        date_modified: n.amended_at ?? n.published_at,
        language: textLang,
      };
    }),
  };
  return `${safeJson(feed, 1)}\n`;
}

/**
 * JSON with `<` written as `\u003c`: the same value to any JSON reader, and nothing that a browser sniffing
 * the text (or a page embedding it) could take for markup.
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/</g, '\\u003c');
}

/** One service in `/status.json`. */
export interface StatusService {
  key: string;
  name: string;
  status: SystemStatus;
  status_text: string;
  help: string | null;
  expected_back: { from: string; to: string } | null;
}

/** `/status.json` (its schema: StatusJsonSchema in src/server/site/site.schemas.ts, docs/api.md). */
export interface StatusJson {
  organisation: string;
  language: string;
  incident: { state: 'ongoing' | 'none'; since: string | null };
  services: StatusService[];
  latest_update: { title: string; url: string; published_at: string; amended_at: string | null } | null;
  next_update_at: string | null;
  next_update_overdue: boolean;
  updated_at: string | null;
}

/** The status of the public services as JSON, for partners' dashboards and scripts. */
export function statusJson(snapshot: PublicSnapshot, ctx: FeedContext): StatusJson {
  const { lang, links } = ctx;
  const latest = snapshot.incident ? snapshot.notices[0] : undefined;
  const next = latest?.next_update_at ?? null;
  return {
    organisation: snapshot.organisation.name,
    language: lang,
    incident: snapshot.incident
      ? { state: 'ongoing', since: snapshot.incident.detected_at }
      : { state: 'none', since: null },
    services: snapshot.services.map((s) => ({
      key: s.key,
      name: s.name,
      status: s.status,
      status_text: t(lang, `site.status.${s.status}`),
      help: helpIn(s.help, lang, snapshot.organisation.locale)?.text ?? null,
      expected_back: s.expected,
    })),
    latest_update: latest
      ? {
          title: textOf(latest, lang).text.title,
          url: absoluteUrl({ kind: 'update', slug: latest.slug }, lang, links),
          published_at: latest.published_at,
          amended_at: latest.amended_at,
        }
      : null,
    next_update_at: next,
    next_update_overdue: next !== null && Date.parse(next) < ctx.now,
    updated_at: snapshot.updated_at,
  };
}
