import QRCode from 'qrcode';
import { may, mayPublishNotice } from '../../domain/access.js';
import { LifeboatError } from '../../domain/errors.js';
import { mayPublish } from '../../domain/incident/incident.js';
import { INTERNAL } from '../../domain/live/events.js';
import type { PublishedNotice } from '../../domain/site/notice.js';
import {
  assertEditable,
  buildPublished,
  checkSmsSummary,
  type NoticeAction,
  type NoticeStatus,
  type NoticeText,
  plainParagraphs,
  saveText,
  siteLanguages,
  slugify,
  textsFor,
  transition,
  uniqueSlug,
} from '../../domain/site/notices.js';
import { getOrganisation, getSystem, listSystems } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId, getIncident } from '../../store/incident/incident.repository.js';
import {
  getNotice,
  insertNotice,
  insertPublication,
  listNotices,
  listNoticeTexts,
  listNoticeTextsOf,
  listPublications,
  listPublicForecasts,
  type NoticeRecord,
  readExtraLanguages,
  replaceNoticeTexts,
  setPublicForecast,
  slugsLike,
  updateNotice,
  writeExtraLanguages,
} from '../../store/site/notices.repository.js';
import type { AuthUser } from '../auth/guard.js';
import { actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { deliverPublication } from '../site/deliver.js';
import { publicBase } from '../subscriptions/subscriptions.service.js';
import { organisationZone } from '../tasks/tasks.service.js';
import { emit, lock } from '../tx.js';

type Deps = Pick<AppDeps, 'clock' | 'ids' | 'config'>;

/** The site's languages: the organisation's (the original of every update), English, and those added. */
export async function languagesOf(db: Db): Promise<{ original: string; languages: string[]; extra: string[] }> {
  const organisation = await getOrganisation(db);
  const original = organisation?.locale ?? 'sv';
  const extra = await readExtraLanguages(db);
  return { original, languages: siteLanguages(original, extra), extra };
}

/** Replaces the languages added to the site (each an ISO 639-1 code); the notices page reloads. */
export async function putLanguages(trx: Db, deps: Deps, extra: string[]) {
  await lock(trx, 'notice');
  const organisation = await getOrganisation(trx);
  const original = organisation?.locale ?? 'sv';
  const codes = extra.map((c) => c.trim().toLowerCase());
  const languages = siteLanguages(original, codes);
  const added = languages.filter((l) => l !== original && l !== 'en');
  await writeExtraLanguages(trx, added);
  await emit(trx, deps.clock(), { type: 'notice.changed', audience: INTERNAL, data: { languages } });
  return { original, languages, extra: added };
}

function notFound(): LifeboatError {
  return new LifeboatError('not_found', 'There is no such update.', { key: 'err.notices.notFound' });
}

function badTime(field: string): LifeboatError {
  return new LifeboatError('validation_failed', 'This is not a valid date and time.', {
    field,
    key: 'err.tasks.badTime',
  });
}

// An ISO time with a zone, normalised to UTC; anything else is refused naming the field.
function isoOrNull(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) throw badTime(field);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badTime(field);
  return new Date(ms).toISOString();
}

function titleOf(texts: readonly NoticeText[], original: string): string {
  return texts.find((t) => t.lang === original)?.title ?? texts[0]?.title ?? '';
}

/** Why the caller may not publish this notice now, or null when it may. */
function publishRefusal(
  user: AuthUser,
  notice: NoticeRecord,
  exercise: boolean,
): 'role' | 'status' | 'exercise' | 'author' | null {
  if (!may(user.role, 'notice.publish')) return 'role';
  if (notice.status !== 'in_review') return 'status';
  if (exercise) return 'exercise';
  if (!mayPublishNotice({ role: user.role, user_id: user.id }, notice)) return 'author';
  return null;
}

/** The public address of an update (the page the public site serves). */
export function publicUrlOf(deps: Pick<AppDeps, 'config'>, slug: string): string {
  return `${publicBase(deps.config)}/updates/${encodeURIComponent(slug)}`;
}

function summary(notice: NoticeRecord, texts: readonly NoticeText[], languages: readonly string[], original: string) {
  const all = textsFor(texts, languages, original);
  return {
    id: notice.id,
    slug: notice.slug,
    status: notice.status,
    title: titleOf(all, original),
    author_label: notice.author_label,
    next_update_at: notice.next_update_at,
    published_at: notice.published?.published_at ?? null,
    amended_at: notice.amended_at,
    is_public: notice.published !== null,
    pending_languages: all.filter((t) => t.lang !== original && t.translation_pending).map((t) => t.lang),
    updated_at: notice.updated_at,
  };
}

/** What GET /api/notices may filter by. */
export interface NoticeQuery {
  status?: NoticeStatus;
}

/** The active incident's updates, newest first, with the site's languages. */
export async function listNoticesFor(db: Db, now: Date, query: NoticeQuery) {
  const incidentId = await activeIncidentId(db);
  const incident = incidentId ? await getIncident(db, incidentId) : undefined;
  const { original, languages } = await languagesOf(db);
  const notices = incidentId ? await listNotices(db, incidentId, query.status) : [];
  const texts = await listNoticeTextsOf(
    db,
    notices.map((n) => n.id),
  );
  const items = notices.map((n) => summary(n, texts.get(n.id) ?? [], languages, original));
  return {
    now: now.toISOString(),
    time_zone: await organisationZone(db),
    original_lang: original,
    languages,
    incident: incident ? { id: incident.id, title: incident.title, exercise: incident.exercise } : null,
    notices: items,
  };
}

/** A notice as the API shows it to this caller. */
export async function noticeView(db: Db, deps: Pick<AppDeps, 'config'>, user: AuthUser, notice: NoticeRecord) {
  const { original, languages } = await languagesOf(db);
  const texts = textsFor(await listNoticeTexts(db, notice.id), languages, original);
  const incident = await getIncident(db, notice.incident_id);
  const exercise = incident ? !mayPublish(incident) : false;
  const publications = await listPublications(db, notice.id);
  const refusal = publishRefusal(user, notice, exercise);
  return {
    ...summary(notice, texts, languages, original),
    incident_id: notice.incident_id,
    author_user_id: notice.author_user_id,
    original_lang: original,
    time_zone: await organisationZone(db),
    texts,
    published_version: notice.published?.version ?? null,
    public_url: publicUrlOf(deps, notice.slug),
    publications: publications.map((p) => ({
      version: p.version,
      published_at: p.content.amended_at ?? p.published_at,
      published_by_label: p.published_by_label,
      titles: Object.fromEntries(Object.entries(p.content.texts).map(([lang, t]) => [lang, t.title])),
    })),
    created_at: notice.created_at,
    is_author: notice.author_user_id === user.id,
    may_write: may(user.role, 'notice.write'),
    may_edit: may(user.role, 'notice.write') && notice.status === 'draft',
    may_publish: refusal === null,
    publish_refusal: refusal,
  };
}

async function found(db: Db, id: string): Promise<NoticeRecord> {
  const notice = await getNotice(db, id);
  if (!notice) throw notFound();
  return notice;
}

/** One notice with its texts and history. */
export async function getNoticeFor(db: Db, deps: Pick<AppDeps, 'config'>, user: AuthUser, id: string) {
  return noticeView(db, deps, user, await found(db, id));
}

async function announce(trx: Db, deps: Deps, notice: NoticeRecord): Promise<void> {
  await emit(trx, deps.clock(), {
    type: 'notice.changed',
    audience: INTERNAL,
    data: { notice_id: notice.id, status: notice.status },
  });
}

// The person who last wrote the text: the one who must not publish it alone.
function authored(notice: NoticeRecord, user: AuthUser, at: string): NoticeRecord {
  return { ...notice, author_user_id: user.id, author_label: user.name || user.email, updated_at: at };
}

/** The fields of a new update. */
export interface NewNoticeInput {
  title: string;
  body_md?: string;
  sms_summary?: string;
  next_update_at?: string | null;
}

/** Creates a draft update for the active incident, its translations pending copies of the original. */
export async function createNotice(trx: Db, deps: Deps, user: AuthUser, input: NewNoticeInput) {
  await lock(trx, 'notice');
  const incidentId = await activeIncidentId(trx);
  if (!incidentId) {
    throw new LifeboatError('conflict', 'There is no open incident to write an update about.', {
      key: 'err.notices.noIncident',
    });
  }
  const sms = input.sms_summary ?? '';
  checkSmsSummary(sms);
  const nextUpdate = isoOrNull(input.next_update_at, 'next_update_at');
  const now = deps.clock().toISOString();
  const { original, languages } = await languagesOf(trx);
  const base = slugify(input.title);
  const slug = uniqueSlug(base, await slugsLike(trx, base));
  const notice: NoticeRecord = authored(
    {
      id: deps.ids(),
      incident_id: incidentId,
      slug,
      status: 'draft',
      author_user_id: null,
      author_label: '',
      submitted_by_user_id: null,
      next_update_at: nextUpdate,
      published: null,
      published_at: null,
      published_by_user_id: null,
      amended_at: null,
      created_at: now,
      updated_at: now,
    },
    user,
    now,
  );
  const source = { lang: original, title: input.title, body_md: input.body_md ?? '', sms_summary: sms };
  const texts = textsFor([{ ...source, translation_pending: false }], languages, original);
  await insertNotice(trx, notice);
  await replaceNoticeTexts(trx, notice.id, texts, now);
  await announce(trx, deps, notice);
  return noticeView(trx, deps, user, notice);
}

/** What PUT /api/notices/:id/texts/:lang saves. */
export interface NoticeTextInput {
  title: string;
  body_md: string;
  sms_summary: string;
  translated?: boolean;
}

/** Saves one language's text of a draft; the original's change marks the translations pending again. */
export async function saveNoticeText(
  trx: Db,
  deps: Deps,
  user: AuthUser,
  id: string,
  lang: string,
  input: NoticeTextInput,
) {
  await lock(trx, 'notice');
  const before = await found(trx, id);
  assertEditable(before.status);
  const { original, languages } = await languagesOf(trx);
  if (!languages.includes(lang)) {
    throw new LifeboatError('validation_failed', `"${lang}" is not one of the site's languages.`, {
      field: 'lang',
      key: 'err.notices.noLanguage',
      params: { lang },
    });
  }
  checkSmsSummary(input.sms_summary);
  const now = deps.clock().toISOString();
  const texts = saveText(textsFor(await listNoticeTexts(trx, id), languages, original), original, {
    lang,
    title: input.title,
    body_md: input.body_md,
    sms_summary: input.sms_summary,
    translated: input.translated ?? true,
  });
  let notice = authored(before, user, now);
  // The address follows the title until the public has seen it.
  if (lang === original && before.published === null) {
    const base = slugify(input.title);
    if (base !== before.slug && !before.slug.startsWith(`${base}-`)) {
      const taken = await slugsLike(trx, base);
      notice = { ...notice, slug: uniqueSlug(base, taken) };
    }
  }
  await updateNotice(trx, notice);
  await replaceNoticeTexts(trx, id, texts, now);
  await announce(trx, deps, notice);
  return noticeView(trx, deps, user, notice);
}

/** Sets when the next update comes at the latest (a draft only: the public sees it when published). */
export async function patchNotice(trx: Db, deps: Deps, user: AuthUser, id: string, nextUpdateAt: string | null) {
  await lock(trx, 'notice');
  const before = await found(trx, id);
  assertEditable(before.status);
  const notice = {
    ...before,
    next_update_at: isoOrNull(nextUpdateAt, 'next_update_at'),
    updated_at: deps.clock().toISOString(),
  };
  await updateNotice(trx, notice);
  await announce(trx, deps, notice);
  return noticeView(trx, deps, user, notice);
}

/**
 * Submits, sends back, publishes or amends an update. Publishing needs a second person (`mayPublishNotice`)
 * and a real incident; it stores exactly what the public sees, logs it, tells the public site and queues
 * the delivery to subscribers, all in this unit of work.
 */
export async function actOnNotice(trx: Db, deps: Deps, user: AuthUser, id: string, action: NoticeAction) {
  await lock(trx, 'notice');
  const before = await found(trx, id);
  const status = transition(before.status, action);
  const now = deps.clock().toISOString();
  let notice: NoticeRecord = { ...before, status, updated_at: now };
  if (action === 'submit') notice.submitted_by_user_id = user.id;
  if (action === 'amend') notice = authored({ ...notice, submitted_by_user_id: null }, user, now);
  if (action === 'publish') {
    const incident = await getIncident(trx, before.incident_id);
    if (incident && !mayPublish(incident)) {
      throw new LifeboatError(
        'conflict',
        'An exercise is never published: the public site shows real incidents only.',
        {
          key: 'err.notices.exercise',
        },
      );
    }
    if (!mayPublishNotice({ role: user.role, user_id: user.id }, before)) {
      throw new LifeboatError('forbidden', 'Someone other than the author must publish this update.', {
        key: 'err.notices.fourEyes',
      });
    }
    const { original, languages } = await languagesOf(trx);
    const texts = textsFor(await listNoticeTexts(trx, id), languages, original);
    const published: PublishedNotice = buildPublished({
      id,
      slug: before.slug,
      version: (before.published?.version ?? 0) + 1,
      at: now,
      first_published_at: before.published?.published_at ?? null,
      next_update_at: before.next_update_at,
      original_lang: original,
      texts,
    });
    notice = {
      ...notice,
      published,
      published_at: published.published_at,
      published_by_user_id: user.id,
      amended_at: published.amended_at,
    };
    await insertPublication(trx, id, {
      version: published.version,
      content: published,
      published_at: now,
      published_by_user_id: user.id,
      author_user_id: before.author_user_id,
    });
  }
  await updateNotice(trx, notice);
  await recordEvent(trx, deps, actorOf(user), {
    kind: 'notice',
    text: titleOf(await listNoticeTexts(trx, id), (await languagesOf(trx)).original),
    data: { notice_id: id, action, version: notice.published?.version ?? null },
  });
  await announce(trx, deps, notice);
  if (action === 'publish' && notice.published) {
    await emit(trx, deps.clock(), { type: 'site.changed', audience: { kind: 'public' }, data: { notice_id: id } });
    await deliverPublication(trx, deps, notice.published);
  }
  return noticeView(trx, deps, user, notice);
}

/** The A4 notice of a published update, in the organisation's language, with the QR code of its page. */
export async function printNotice(db: Db, deps: Pick<AppDeps, 'config'>, id: string) {
  const notice = await found(db, id);
  const published = notice.published;
  if (!published) {
    throw new LifeboatError('conflict', 'Only a published update can be printed.', { key: 'err.notices.notPublished' });
  }
  const lang = published.original_lang;
  const text = published.texts[lang] ?? Object.values(published.texts)[0];
  const organisation = await getOrganisation(db);
  const url = publicUrlOf(deps, notice.slug);
  return {
    organisation: organisation?.name ?? '',
    lang,
    time_zone: await organisationZone(db),
    title: text?.title ?? '',
    paragraphs: plainParagraphs(text?.body_md ?? ''),
    published_at: published.published_at,
    amended_at: published.amended_at,
    next_update_at: published.next_update_at,
    public_url: url,
    qr: qrPath(url),
  };
}

/** A QR code as one SVG path of unit squares: no markup to inject, drawn by the page at any size. */
export function qrPath(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) parts.push(`M${x} ${y}h1v1h-1z`);
  }
  return { size: modules.size, path: parts.join('') };
}

/** The systems with a public name, their status and whether their expected return is published. */
export async function listPublicServices(db: Db) {
  const [systems, shown] = await Promise.all([listSystems(db), listPublicForecasts(db)]);
  return {
    services: systems
      .filter((s) => s.public_name)
      .map((s) => ({
        system_id: s.id,
        public_name: s.public_name ?? s.name,
        status: s.status ?? 'down',
        forecast_shown: shown.has(s.id),
      })),
  };
}

/** Shows or hides a public service's expected return on the public site. */
export async function setForecastShown(trx: Db, deps: Deps, user: AuthUser, systemId: string, shown: boolean) {
  await lock(trx, 'notice');
  const system = await getSystem(trx, systemId);
  if (!system?.public_name) {
    throw new LifeboatError('not_found', 'There is no public service with this id.', { key: 'err.notices.noService' });
  }
  await setPublicForecast(trx, systemId, shown, deps.clock().toISOString(), user.id);
  await emit(trx, deps.clock(), { type: 'site.changed', audience: { kind: 'public' }, data: { system_id: systemId } });
  return {
    service: {
      system_id: system.id,
      public_name: system.public_name,
      status: system.status ?? 'down',
      forecast_shown: shown,
    },
  };
}
