/**
 * A small factory for the public site's tests: an organisation, systems with public names, an incident,
 * and published notices, written straight to the tables (the notices feature is not needed to test the
 * site). Everything here uses the columns the public hub's migration defines.
 */
import type { System } from '../../src/domain/catalogue/types.js';
import type { PublishedNotice, PublishedText } from '../../src/domain/site/notice.js';
import { insertSystem, setOrganisation } from '../../src/store/catalogue/catalogue.repository.js';
import type { Db } from '../../src/store/database.js';
import { insertIncident } from '../../src/store/incident/incident.repository.js';

/** The organisation every site test uses. */
export async function siteOrganisation(db: Db, locale: 'sv' | 'en' = 'sv'): Promise<void> {
  await setOrganisation(db, { name: 'Provstad kommun', locale, timezone: 'Europe/Stockholm' });
}

/** A system, public when `public_name` is given. */
export async function siteSystem(db: Db, system: Partial<System> & { id: string }, at = '2026-11-29T07:00:00.000Z') {
  await insertSystem(db, { name: system.id, kind: 'application', depends_on: [], ...system }, at);
}

/** An incident (open unless `closed_at`). */
export async function siteIncident(
  db: Db,
  given: { id: string; title?: string; exercise?: boolean; detected_at?: string; closed_at?: string | null },
): Promise<void> {
  await insertIncident(db, {
    id: given.id,
    title: given.title ?? 'Driftstörning',
    detected_at: given.detected_at ?? '2026-11-29T06:00:00.000Z',
    phase: 'containment',
    severity: 'high',
    exercise: given.exercise ?? false,
    created_at: given.detected_at ?? '2026-11-29T06:00:00.000Z',
    created_by: null,
    updated_at: given.detected_at ?? '2026-11-29T06:00:00.000Z',
    closed_at: given.closed_at ?? null,
    forecast: null,
  });
}

/** A text of a published notice. */
export function text(title: string, body_md: string, more: Partial<PublishedText> = {}): PublishedText {
  return { title, body_md, sms_summary: '', translation_pending: false, ...more };
}

/** A notice: published (content set) unless `status` says otherwise; `working` fills notice_texts. */
export async function siteNotice(
  db: Db,
  given: {
    id: string;
    incident_id: string;
    slug?: string;
    status?: 'draft' | 'in_review' | 'published';
    published_at?: string;
    amended_at?: string | null;
    next_update_at?: string | null;
    texts?: PublishedNotice['texts'];
    working?: { lang: string; title: string; body_md: string }[];
    version?: number;
  },
): Promise<PublishedNotice> {
  const published_at = given.published_at ?? '2026-11-29T07:30:00.000Z';
  const notice: PublishedNotice = {
    id: given.id,
    slug: given.slug ?? given.id,
    version: given.version ?? 1,
    published_at,
    amended_at: given.amended_at ?? null,
    next_update_at: given.next_update_at ?? null,
    original_lang: 'sv',
    texts: given.texts ?? { sv: text('Meddelande', 'Text.') },
  };
  const status = given.status ?? 'published';
  const isPublished = status === 'published' || (given.texts !== undefined && status === 'in_review');
  await db
    .insertInto('notices')
    .values({
      id: notice.id,
      incident_id: given.incident_id,
      slug: notice.slug,
      status,
      author_user_id: null,
      author_label: 'Kommunikatör',
      submitted_by_user_id: null,
      next_update_at: notice.next_update_at,
      published_content: isPublished ? JSON.stringify(notice) : null,
      published_at: isPublished ? published_at : null,
      published_by_user_id: null,
      amended_at: notice.amended_at,
      created_at: published_at,
      updated_at: published_at,
    })
    .execute();
  for (const w of given.working ?? [])
    await db
      .insertInto('notice_texts')
      .values({
        notice_id: notice.id,
        lang: w.lang,
        title: w.title,
        body_md: w.body_md,
        sms_summary: '',
        translation_pending: 0,
        updated_at: published_at,
      })
      .execute();
  if (isPublished)
    await db
      .insertInto('notice_publications')
      .values({
        notice_id: notice.id,
        version: notice.version,
        content: JSON.stringify(notice),
        published_at,
        published_by_user_id: null,
        author_user_id: null,
      })
      .execute();
  return notice;
}

/** A published forecast for a system. */
export async function siteForecast(db: Db, system_id: string): Promise<void> {
  await db
    .insertInto('public_forecasts')
    .values({ system_id, updated_at: '2026-11-29T07:45:00.000Z', updated_by_user_id: null })
    .execute();
}

/**
 * The standard scene: an open incident with four public services (one with its forecast published), an
 * internal system, two published updates (the latest amended, English pending on the first), next update
 * promised at 10:00 UTC.
 */
export async function siteScene(db: Db): Promise<void> {
  await siteOrganisation(db);
  await siteSystem(db, { id: 'ad', name: 'Active Directory', kind: 'infrastructure', status: 'down' });
  await siteSystem(db, { id: 'web', name: 'Webbserver', public_name: 'provstad.se', status: 'limited' });
  await siteSystem(db, {
    id: 'etj',
    name: 'E-tjänsteplattform',
    public_name: 'E-tjänster',
    status: 'down',
    depends_on: ['ad'],
    estimate_hours: { low: 4, likely: 8, high: 24 },
  });
  await siteSystem(db, { id: 'tel', name: 'Växel', public_name: 'Kommunens växel', status: 'operational' });
  await siteSystem(db, { id: 'bib', name: 'Bibliotekssystem', public_name: 'Bibliotekets lån', status: 'restoring' });
  await siteForecast(db, 'etj');
  await siteIncident(db, { id: 'inc-1' });
  await siteNotice(db, {
    id: 'n1',
    incident_id: 'inc-1',
    slug: 'it-storning-i-kommunen',
    published_at: '2026-11-29T06:30:00.000Z',
    texts: {
      sv: text('IT-störning i kommunen', 'Flera av kommunens **e-tjänster** fungerar inte.\n\nRing växeln.', {
        sms_summary: 'E-tjänsterna fungerar inte. Ring växeln.',
      }),
      en: text('IT disruption', 'Not yet translated.', { translation_pending: true }),
    },
  });
  await siteNotice(db, {
    id: 'n2',
    incident_id: 'inc-1',
    slug: 'lagesbild-klockan-8',
    published_at: '2026-11-29T07:30:00.000Z',
    amended_at: '2026-11-29T07:50:00.000Z',
    next_update_at: '2026-11-29T10:00:00.000Z',
    version: 2,
    texts: {
      sv: text('Lägesbild klockan 8', 'Vi arbetar med att få igång **e-tjänsterna**.', {
        sms_summary: 'Vi arbetar med e-tjänsterna. Nästa besked senast kl. 11.',
      }),
      en: text('Situation at 8 a.m.', 'We are working to bring back the **e-services**.', {
        sms_summary: 'We are working on the e-services. Next update by 11 a.m.',
      }),
    },
  });
}
