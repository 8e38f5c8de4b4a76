/**
 * The public pages (DESIGN.md, "Public site"): pure functions from the public snapshot to HTML. The live
 * server and `lifeboat publish` both call these, so the two cannot drift.
 */
import type { SystemStatus } from '../domain/catalogue/types.js';
import type { PublishedNotice, PublishedText } from '../domain/site/notice.js';
import { helpIn, type PublicService, type PublicSnapshot } from '../domain/site/public.js';
import { isLocale, type Locale, type MessageKey } from '../i18n/index.js';
import { day, t, when, whenUntil } from './format.js';
import { type Html, html } from './html.js';
import { renderPage } from './layout.js';
import { absoluteUrl, hrefTo, type LinkMode, type Route } from './links.js';
import { renderMarkdown } from './markdown.js';

/** When the accessibility statement was last reviewed (change it with each review). */
export const STATEMENT_DATE = '2026-12-02';

/** How many updates the front page lists. */
const LATEST = 5;

/** What a page renderer needs besides the snapshot. */
export interface PageContext {
  lang: Locale;
  links: LinkMode;
  /** The file (mirror) of the page being rendered, for relative links; '' live. */
  file: string;
  /** Epoch ms: decides "overdue" only. */
  now: number;
}

/** The languages the site is rendered in: the organisation's first. */
export function siteLanguages(snapshot: PublicSnapshot): Locale[] {
  const first = snapshot.organisation.locale;
  return [first, ...(['sv', 'en'] as const).filter((l) => l !== first)];
}

/** An update's text in a language: its own when translated, else the original marked as such. */
export function textOf(
  notice: PublishedNotice,
  lang: Locale,
): { text: PublishedText; lang: string; fallback: boolean } {
  const own = notice.texts[lang];
  if (own && !own.translation_pending) return { text: own, lang, fallback: false };
  const original = notice.texts[notice.original_lang] ?? own ?? Object.values(notice.texts)[0];
  const originalLang = notice.texts[notice.original_lang] ? notice.original_lang : lang;
  return { text: original, lang: originalLang, fallback: originalLang !== lang };
}

const ICONS: Record<SystemStatus, string> = {
  unknown: '?',
  down: '✕',
  restoring: '↻',
  verifying: '…',
  limited: '!',
  operational: '✓',
};

const langAttr = (own: string, page: Locale) => (own === page ? '' : html` lang="${own}"`);

/** A link from the page being rendered. */
const href = (ctx: PageContext, route: Route) => hrefTo(route, ctx.lang, ctx.links, ctx.file);

function frame(snapshot: PublicSnapshot, ctx: PageContext, route: Route, title: string, content: Html): string {
  const { lang, links, file } = ctx;
  const alternates = siteLanguages(snapshot)
    .filter((l) => l !== lang)
    .map((l) => ({ lang: l, href: hrefTo(route, l, links, file), label: t(l, 'site.langName') }));
  const head = html`<link rel="alternate" type="application/atom+xml" title="${t(lang, 'site.feeds.atom')}" href="${href(ctx, { kind: 'atom' })}">
<link rel="alternate" type="application/feed+json" title="${t(lang, 'site.feeds.json')}" href="${href(ctx, { kind: 'json' })}">`;
  return renderPage({
    lang,
    title,
    organisation: snapshot.organisation.name,
    homeHref: href(ctx, { kind: 'front' }),
    alternates,
    head,
    texts: {
      skipToContent: t(lang, 'site.skip'),
      languages: t(lang, 'site.languages'),
      footer: html`<p>${t(lang, 'site.footer.about')}</p>
<ul class="links"><li><a href="${href(ctx, { kind: 'updates' })}">${t(lang, 'site.updates.all')}</a></li>
<li><a href="${href(ctx, { kind: 'accessibility' })}">${t(lang, 'site.footer.accessibility')}</a></li></ul>`,
    },
    content,
  });
}

/** A page whose title is the text of `key`, shown as its h1 above the content. */
function titled(snapshot: PublicSnapshot, ctx: PageContext, route: Route, key: MessageKey, content: Html): string {
  const title = t(ctx.lang, key);
  return frame(
    snapshot,
    ctx,
    route,
    title,
    html`<h1>${title}</h1>
${content}`,
  );
}

function service(s: PublicService, ctx: PageContext, zone: string, orgLocale: string): Html {
  const { lang } = ctx;
  const help = helpIn(s.help, lang, orgLocale);
  return html`<li class="service st-${s.status}" id="service-${s.key}"><h3>${s.name}</h3>
<p class="status"><span class="icon" aria-hidden="true">${ICONS[s.status]}</span> ${t(lang, `site.status.${s.status}`)}</p>${
    s.expected
      ? html`
<p>${t(lang, 'site.service.expected', { from: when(s.expected.from, lang, zone), to: whenUntil(s.expected.from, s.expected.to, lang, zone) })}</p>`
      : ''
  }${
    help
      ? html`
<p>${t(lang, 'site.service.help')} <span${langAttr(help.lang, lang)}>${help.text}</span></p>`
      : ''
  }</li>`;
}

function nextUpdate(notice: PublishedNotice | undefined, ctx: PageContext, zone: string): Html | string {
  if (!notice?.next_update_at) return '';
  const at = when(notice.next_update_at, ctx.lang, zone);
  return Date.parse(notice.next_update_at) < ctx.now
    ? html`<p class="next overdue"><strong>${t(ctx.lang, 'site.next.overdue', { at })}</strong></p>`
    : html`<p class="next">${t(ctx.lang, 'site.next.at', { at })}</p>`;
}

function published(n: PublishedNotice, lang: Locale, zone: string): Html {
  return html`<p class="meta"><time datetime="${n.published_at}">${t(lang, 'site.update.published', { at: when(n.published_at, lang, zone) })}</time>${
    n.amended_at
      ? html`. <time datetime="${n.amended_at}">${t(lang, 'site.update.amended', { at: when(n.amended_at, lang, zone) })}</time>`
      : ''
  }</p>`;
}

function pendingNote(fallback: boolean, lang: Locale): Html | string {
  return fallback ? html`<p class="note">${t(lang, 'site.update.pending')}</p>` : '';
}

function updateList(notices: PublishedNotice[], ctx: PageContext, zone: string): Html {
  return html`<ul class="updates">${notices.map((n) => {
    const { text, lang } = textOf(n, ctx.lang);
    return html`<li><a href="${href(ctx, { kind: 'update', slug: n.slug })}"${langAttr(lang, ctx.lang)}>${text.title}</a>
${published(n, ctx.lang, zone)}</li>`;
  })}</ul>`;
}

function updatesOrNone(notices: PublishedNotice[], ctx: PageContext, zone: string): Html {
  return notices.length ? updateList(notices, ctx, zone) : html`<p>${t(ctx.lang, 'site.updates.empty')}</p>`;
}

function feedLinks(ctx: PageContext): Html {
  const { lang } = ctx;
  return html`<section aria-labelledby="feeds"><h2 id="feeds">${t(lang, 'site.feeds.heading')}</h2>
<ul class="links"><li><a href="${href(ctx, { kind: 'subscribe' })}">${t(lang, 'site.feeds.email')}</a></li>
<li><a href="${href(ctx, { kind: 'atom' })}">${t(lang, 'site.feeds.atom')}</a></li>
<li><a href="${href(ctx, { kind: 'json' })}">${t(lang, 'site.feeds.json')}</a></li>
<li><a href="${href(ctx, { kind: 'status' })}">${t(lang, 'site.feeds.status')}</a></li></ul></section>`;
}

/** `/`: the situation in plain words, each service's status, the latest updates; calm with no incident. */
export function renderFront(snapshot: PublicSnapshot, ctx: PageContext): string {
  const { lang } = ctx;
  const zone = snapshot.organisation.timezone;
  const latest = snapshot.notices[0];
  const updated = snapshot.updated_at
    ? html`<p class="updated">${t(lang, 'site.lastUpdated', { at: when(snapshot.updated_at, lang, zone) })}</p>`
    : '';
  if (!snapshot.incident) {
    return titled(
      snapshot,
      ctx,
      { kind: 'front' },
      'site.calm.title',
      html`<p class="calm"><span class="icon" aria-hidden="true">✓</span> ${t(lang, 'site.calm.text')}</p>
<p>${t(lang, 'site.calm.more')}</p>${
        snapshot.notices.length
          ? html`
<section aria-labelledby="latest"><h2 id="latest">${t(lang, 'site.updates.latest')}</h2>
${updateList(snapshot.notices.slice(0, LATEST), ctx, zone)}</section>`
          : ''
      }
${feedLinks(ctx)}
${updated}`,
    );
  }
  let situation: Html;
  if (latest) {
    const { text, lang: textLang, fallback } = textOf(latest, lang);
    const summary = text.sms_summary.trim() ? html`<p>${text.sms_summary}</p>` : renderMarkdown(text.body_md);
    situation = html`${pendingNote(fallback, lang)}<div class="summary"${langAttr(textLang, lang)}><h3>${text.title}</h3>
${summary}</div>
${published(latest, lang, zone)}
<p><a href="${href(ctx, { kind: 'update', slug: latest.slug })}">${t(lang, 'site.situation.readMore')}<span class="visually-hidden">: </span><span class="visually-hidden"${langAttr(textLang, lang)}>${text.title}</span></a></p>`;
  } else {
    situation = html`<p>${t(lang, 'site.situation.none')}</p>`;
  }
  return titled(
    snapshot,
    ctx,
    { kind: 'front' },
    'site.front.title',
    html`<p>${t(lang, 'site.incident.since', { at: when(snapshot.incident.detected_at, lang, zone) })}</p>
<section aria-labelledby="situation"><h2 id="situation">${t(lang, 'site.situation.heading')}</h2>
${situation}
${nextUpdate(latest, ctx, zone)}</section>
<section aria-labelledby="services"><h2 id="services">${t(lang, 'site.services.heading')}</h2>
${
  snapshot.services.length
    ? html`<ul class="services">${snapshot.services.map((s) => service(s, ctx, zone, snapshot.organisation.locale))}</ul>`
    : html`<p>${t(lang, 'site.services.none')}</p>`
}</section>
<section aria-labelledby="latest"><h2 id="latest">${t(lang, 'site.updates.latest')}</h2>
${updatesOrNone(snapshot.notices.slice(0, LATEST), ctx, zone)}
<p><a href="${href(ctx, { kind: 'updates' })}">${t(lang, 'site.updates.all')}</a></p></section>
${feedLinks(ctx)}
${updated}`,
  );
}

/** `/updates`: every published update, newest first. */
export function renderUpdates(snapshot: PublicSnapshot, ctx: PageContext): string {
  return titled(
    snapshot,
    ctx,
    { kind: 'updates' },
    'site.updates.title',
    html`${updatesOrNone(snapshot.notices, ctx, snapshot.organisation.timezone)}
${feedLinks(ctx)}`,
  );
}

/** `/updates/SLUG`: one update, amended time shown, the original marked when not yet translated. */
export function renderUpdate(snapshot: PublicSnapshot, notice: PublishedNotice, ctx: PageContext): string {
  const { lang } = ctx;
  const zone = snapshot.organisation.timezone;
  const { text, lang: textLang, fallback } = textOf(notice, lang);
  const isLatest = snapshot.notices[0]?.id === notice.id && snapshot.incident !== null;
  return frame(
    snapshot,
    ctx,
    { kind: 'update', slug: notice.slug },
    text.title,
    html`${pendingNote(fallback, lang)}<article${langAttr(textLang, lang)}><h1>${text.title}</h1>
${published(notice, lang, zone)}
${renderMarkdown(text.body_md)}</article>
${isLatest ? nextUpdate(notice, ctx, zone) : ''}
<p><a href="${href(ctx, { kind: 'front' })}">${t(lang, 'site.home')}</a> · <a href="${href(ctx, { kind: 'updates' })}">${t(lang, 'site.updates.all')}</a></p>`,
  );
}

/** `/accessibility`: the accessibility statement (tillgänglighetsredogörelse) the DOS law asks for. */
export function renderAccessibility(snapshot: PublicSnapshot, ctx: PageContext): string {
  const { lang } = ctx;
  const organisation = snapshot.organisation.name;
  return titled(
    snapshot,
    ctx,
    { kind: 'accessibility' },
    'site.a11y.title',
    html`<p>${t(lang, 'site.a11y.intro', { organisation })}</p>
<h2>${t(lang, 'site.a11y.status.heading')}</h2>
<p>${t(lang, 'site.a11y.status.text')}</p>
<h2>${t(lang, 'site.a11y.gaps.heading')}</h2>
<ul><li>${t(lang, 'site.a11y.gap.translation')}</li><li>${t(lang, 'site.a11y.gap.audit')}</li></ul>
<h2>${t(lang, 'site.a11y.report.heading')}</h2>
<p>${t(lang, 'site.a11y.report.text', { organisation })}</p>
<h2>${t(lang, 'site.a11y.supervision.heading')}</h2>
<p>${t(lang, 'site.a11y.supervision.text')}</p>
<p><a href="https://www.digg.se/tdosanmalan">${t(lang, 'site.a11y.supervision.link')}</a></p>
<h2>${t(lang, 'site.a11y.method.heading')}</h2>
<p>${t(lang, 'site.a11y.method.text')}</p>
<p>${t(lang, 'site.a11y.date', { date: day(STATEMENT_DATE, lang) })}</p>`,
  );
}

/** The page for an address that does not exist (served with 404). */
export function renderNotFound(snapshot: PublicSnapshot, ctx: PageContext): string {
  return titled(
    snapshot,
    ctx,
    { kind: 'front' },
    'site.notFound.title',
    html`<p>${t(ctx.lang, 'site.notFound.text')}</p>
<p><a href="${href(ctx, { kind: 'front' })}">${t(ctx.lang, 'site.home')}</a></p>`,
  );
}

/** The language a `?lang=` asks for, or the organisation's. */
export function pageLang(snapshot: PublicSnapshot, asked: unknown): Locale {
  return isLocale(asked) ? asked : snapshot.organisation.locale;
}

/** The absolute address of an update's page (feeds). */
export function updateUrl(slug: string, lang: Locale, links: LinkMode): string {
  return absoluteUrl({ kind: 'update', slug }, lang, links);
}
