import type { PublishedNotice } from '../../domain/site/notice.js';
import type { NoticeStatus, NoticeText } from '../../domain/site/notices.js';
import type { Db } from '../database.js';
import { readSetting, writeSetting } from '../settings/settings.repository.js';
import type { NoticeTable } from './site.table.js';

/** A stored notice (public update) without its texts; `published` is what the public sees now. */
export interface NoticeRecord {
  id: string;
  incident_id: string;
  slug: string;
  status: NoticeStatus;
  author_user_id: string | null;
  author_label: string;
  submitted_by_user_id: string | null;
  next_update_at: string | null;
  published: PublishedNotice | null;
  published_at: string | null;
  published_by_user_id: string | null;
  amended_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One stored publication of a notice. */
export interface NoticePublicationRecord {
  version: number;
  published_at: string;
  published_by_user_id: string | null;
  published_by_label: string | null;
  author_user_id: string | null;
  content: PublishedNotice;
}

function toRecord(row: NoticeTable): NoticeRecord {
  const { published_content, ...rest } = row;
  return {
    ...rest,
    status: row.status as NoticeStatus,
    published: published_content ? (JSON.parse(published_content) as PublishedNotice) : null,
  };
}

function toRow(notice: NoticeRecord): NoticeTable {
  const { published, ...rest } = notice;
  return { ...rest, published_content: published ? JSON.stringify(published) : null };
}

/** The notices of an incident, newest first, narrowed to one status if given. */
export async function listNotices(db: Db, incidentId: string, status?: NoticeStatus): Promise<NoticeRecord[]> {
  let query = db.selectFrom('notices').selectAll().where('incident_id', '=', incidentId);
  if (status) query = query.where('status', '=', status);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toRecord);
}

/** One notice, or undefined. */
export async function getNotice(db: Db, id: string): Promise<NoticeRecord | undefined> {
  const row = await db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** The slugs in use that start with a base (to find a free one). */
export async function slugsLike(db: Db, base: string): Promise<Set<string>> {
  const rows = await db.selectFrom('notices').select('slug').where('slug', 'like', `${base}%`).execute();
  return new Set(rows.map((r) => r.slug));
}

/** Stores a new notice. */
export async function insertNotice(db: Db, notice: NoticeRecord): Promise<void> {
  await db.insertInto('notices').values(toRow(notice)).execute();
}

/** Replaces a stored notice's fields. */
export async function updateNotice(db: Db, notice: NoticeRecord): Promise<void> {
  const { id, ...rest } = toRow(notice);
  await db.updateTable('notices').set(rest).where('id', '=', id).execute();
}

function toText(r: { lang: string; title: string; body_md: string; sms_summary: string; translation_pending: number }) {
  return {
    lang: r.lang,
    title: r.title,
    body_md: r.body_md,
    sms_summary: r.sms_summary,
    translation_pending: r.translation_pending === 1,
  };
}

/** A notice's working texts, in no particular order. */
export async function listNoticeTexts(db: Db, noticeId: string): Promise<NoticeText[]> {
  const rows = await db.selectFrom('notice_texts').selectAll().where('notice_id', '=', noticeId).execute();
  return rows.map(toText);
}

/** The working texts of several notices in one query, by notice id (a list page reads them all at once). */
export async function listNoticeTextsOf(db: Db, noticeIds: readonly string[]): Promise<Map<string, NoticeText[]>> {
  const byNotice = new Map<string, NoticeText[]>();
  if (noticeIds.length === 0) return byNotice;
  const rows = await db
    .selectFrom('notice_texts')
    .selectAll()
    .where('notice_id', 'in', [...noticeIds])
    .execute();
  for (const r of rows) byNotice.set(r.notice_id, [...(byNotice.get(r.notice_id) ?? []), toText(r)]);
  return byNotice;
}

/** Replaces a notice's working texts with these. */
export async function replaceNoticeTexts(db: Db, noticeId: string, texts: NoticeText[], at: string): Promise<void> {
  await db.deleteFrom('notice_texts').where('notice_id', '=', noticeId).execute();
  if (texts.length === 0) return;
  await db
    .insertInto('notice_texts')
    .values(
      texts.map((t) => ({
        notice_id: noticeId,
        lang: t.lang,
        title: t.title,
        body_md: t.body_md,
        sms_summary: t.sms_summary,
        translation_pending: t.translation_pending ? 1 : 0,
        updated_at: at,
      })),
    )
    .execute();
}

/** Appends a publication of a notice. */
export async function insertPublication(
  db: Db,
  noticeId: string,
  publication: Omit<NoticePublicationRecord, 'published_by_label'>,
): Promise<void> {
  await db
    .insertInto('notice_publications')
    .values({
      notice_id: noticeId,
      version: publication.version,
      content: JSON.stringify(publication.content),
      published_at: publication.published_at,
      published_by_user_id: publication.published_by_user_id,
      author_user_id: publication.author_user_id,
    })
    .execute();
}

/** A notice's publications, the latest first, with the publisher's name where the user still exists. */
export async function listPublications(db: Db, noticeId: string): Promise<NoticePublicationRecord[]> {
  const rows = await db
    .selectFrom('notice_publications')
    .leftJoin('users', 'users.id', 'notice_publications.published_by_user_id')
    .select([
      'notice_publications.version',
      'notice_publications.content',
      'notice_publications.published_at',
      'notice_publications.published_by_user_id',
      'notice_publications.author_user_id',
      'users.name as published_by_label',
    ])
    .where('notice_publications.notice_id', '=', noticeId)
    .orderBy('notice_publications.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    published_at: r.published_at,
    published_by_user_id: r.published_by_user_id,
    published_by_label: r.published_by_label ?? null,
    author_user_id: r.author_user_id,
    content: JSON.parse(r.content) as PublishedNotice,
  }));
}

const LANGUAGES_KEY = 'site.languages';

/** The languages the organisation added to its site beyond its own and English (stored as a setting). */
export async function readExtraLanguages(db: Db): Promise<string[]> {
  const value = await readSetting(db, LANGUAGES_KEY);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Stores the languages the organisation added. */
export async function writeExtraLanguages(db: Db, languages: string[]): Promise<void> {
  await writeSetting(db, LANGUAGES_KEY, languages);
}

/** The ids of the systems whose expected return is published. */
export async function listPublicForecasts(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('public_forecasts').select('system_id').execute();
  return new Set(rows.map((r) => r.system_id));
}

/** Shows or hides a system's expected return on the public site. */
export async function setPublicForecast(
  db: Db,
  systemId: string,
  shown: boolean,
  at: string,
  userId: string | null,
): Promise<void> {
  await db.deleteFrom('public_forecasts').where('system_id', '=', systemId).execute();
  if (shown) {
    await db
      .insertInto('public_forecasts')
      .values({ system_id: systemId, updated_at: at, updated_by_user_id: userId })
      .execute();
  }
}
