/** The API's schemas for public updates, the site's languages and public forecasts (docs/api.md, "Public updates"). */
import { type TSchema, Type } from '@sinclair/typebox';
import { SYSTEM_STATUSES } from '../../domain/catalogue/types.js';
import { NOTICE_STATUSES } from '../../domain/site/notices.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
// One of a list of words, typed as the list's union (an `enum` in the OpenAPI document).
const OneOf = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
const Status = OneOf(NOTICE_STATUSES);

/** A notice's id in a path. */
export const NoticeParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** A notice's id and one of its languages in a path. */
export const NoticeTextParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  lang: Type.String({ minLength: 1, maxLength: 10, description: "ISO 639-1 code of one of the site's languages" }),
});

/** A system's id in a path. */
export const ForecastParams = Type.Object({ system_id: Type.String({ minLength: 1, maxLength: 100 }) });

/** GET /api/notices: an optional status filter. */
export const NoticeQuery = Type.Object(
  { status: Type.Optional(Type.Union(NOTICE_STATUSES.map((s) => Type.Literal(s)))) },
  { additionalProperties: false },
);

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Body = Type.String({ maxLength: 20000, description: 'Markdown' });
const Sms = Type.String({ maxLength: 400, description: 'at most one SMS (the service counts GSM-7 or UCS-2)' });
const When = Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date-time with Z or an offset' });

/** POST /api/notices: a new draft in the organisation's language, for the active incident. */
export const CreateNoticeBody = Type.Object(
  {
    title: Title,
    body_md: Type.Optional(Body),
    sms_summary: Type.Optional(Sms),
    next_update_at: Type.Optional(Nullable(When)),
  },
  { additionalProperties: false },
);

/** PUT /api/notices/:id/texts/:lang: one language's text; `translated` says a translation is done. */
export const NoticeTextBody = Type.Object(
  {
    title: Title,
    body_md: Body,
    sms_summary: Sms,
    translated: Type.Optional(Type.Boolean({ description: 'for a translation: saved as translated (default true)' })),
  },
  { additionalProperties: false },
);

/** PATCH /api/notices/:id: when the next update comes at the latest (null: no promise). */
export const PatchNoticeBody = Type.Object({ next_update_at: Nullable(When) }, { additionalProperties: false });

/** One language's working text. */
export const NoticeTextSchema = Type.Object({
  lang: Type.String(),
  title: Type.String(),
  body_md: Type.String(),
  sms_summary: Type.String(),
  translation_pending: Type.Boolean(),
});

/** A published version's text in one language. */
export const PublishedTextSchema = Type.Object({
  title: Type.String(),
  body_md: Type.String(),
  sms_summary: Type.String(),
  translation_pending: Type.Boolean(),
});

/** One publication (or amendment) of a notice, as published. */
export const PublicationSchema = Type.Object({
  version: Type.Integer(),
  published_at: Type.String(),
  published_by_label: Nullable(Type.String()),
  titles: Type.Record(Type.String(), Type.String()),
});

/** A notice in a list. */
export const NoticeSummarySchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  status: Status,
  title: Type.String(),
  author_label: Type.String(),
  next_update_at: Nullable(Type.String()),
  published_at: Nullable(Type.String()),
  amended_at: Nullable(Type.String()),
  /** Whether the public sees a version of it now (an amendment in progress keeps the old one shown). */
  is_public: Type.Boolean(),
  pending_languages: Type.Array(Type.String()),
  updated_at: Type.String(),
});

/** A notice with its texts, what the public sees, its history, and what the caller may do. */
export const NoticeSchema = Type.Object({
  ...NoticeSummarySchema.properties,
  incident_id: Type.String(),
  author_user_id: Nullable(Type.String()),
  original_lang: Type.String(),
  time_zone: Type.String(),
  texts: Type.Array(NoticeTextSchema),
  published_version: Nullable(Type.Integer()),
  public_url: Type.String(),
  publications: Type.Array(PublicationSchema),
  created_at: Type.String(),
  /** The caller wrote the current text (then someone else must publish it). */
  is_author: Type.Boolean(),
  /** The caller may write updates (submit, send back, amend). */
  may_write: Type.Boolean(),
  /** The caller may change the texts now (a writer, and the update is a draft). */
  may_edit: Type.Boolean(),
  may_publish: Type.Boolean(),
  /** Why publishing is refused to the caller, if it is: `author`, `exercise`, `role`, `status`. */
  publish_refusal: Nullable(Type.String()),
});

/** One notice, after a read or a write. */
export const NoticeResponse = Type.Object({ notice: NoticeSchema });

/** GET /api/notices. */
export const NoticeList = Type.Object({
  now: Type.String(),
  time_zone: Type.String(),
  original_lang: Type.String(),
  languages: Type.Array(Type.String()),
  incident: Nullable(Type.Object({ id: Type.String(), title: Type.String(), exercise: Type.Boolean() })),
  notices: Type.Array(NoticeSummarySchema),
});

/** GET /api/notices/:id/print: what the A4 notice shows, in the organisation's language. */
export const NoticePrint = Type.Object({
  organisation: Type.String(),
  lang: Type.String(),
  time_zone: Type.String(),
  title: Type.String(),
  paragraphs: Type.Array(Type.String()),
  published_at: Type.String(),
  amended_at: Nullable(Type.String()),
  next_update_at: Nullable(Type.String()),
  public_url: Type.String(),
  /** The QR code of `public_url` as an SVG path over a `size` × `size` grid (quiet zone not included). */
  qr: Type.Object({ size: Type.Integer(), path: Type.String() }),
});

/** GET and PUT /api/site/languages. */
export const SiteLanguages = Type.Object({
  original: Type.String(),
  languages: Type.Array(Type.String()),
  extra: Type.Array(Type.String()),
});

/** PUT /api/site/languages: the languages added beyond the organisation's and English. */
export const SiteLanguagesBody = Type.Object(
  { extra: Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { maxItems: 20 }) },
  { additionalProperties: false },
);

/** A public service and whether its expected return is shown. */
export const PublicServiceSchema = Type.Object({
  system_id: Type.String(),
  public_name: Type.String(),
  status: OneOf(SYSTEM_STATUSES),
  forecast_shown: Type.Boolean(),
});

/** GET /api/public-services. */
export const PublicServiceList = Type.Object({ services: Type.Array(PublicServiceSchema) });

/** PUT /api/public-services/:system_id/forecast. */
export const ForecastBody = Type.Object({ shown: Type.Boolean() }, { additionalProperties: false });

/** One public service, after a write. */
export const PublicServiceResponse = Type.Object({ service: PublicServiceSchema });
