/**
 * TypeBox schemas for the catalogue file (DESIGN.md, "Catalogue file").
 * They check shape only; the rules across fields live in validate.ts.
 * The server reuses them for API bodies, so they stay plain exported schemas.
 */
import { type Static, Type } from '@sinclair/typebox';
import { SYSTEM_KINDS, SYSTEM_STATUSES, UNIT_KINDS } from './types.js';

/** The id pattern as a string, for JSON Schema (same as ID_PATTERN in types.ts). */
export const ID_PATTERN_SOURCE = '^[a-z0-9][a-z0-9-]{0,63}$';

/** A record id: lower-case letters, digits and `-`, at most 64 characters. */
export const IdSchema = Type.String({ pattern: ID_PATTERN_SOURCE, description: 'lower-case letters, digits and -' });

/**
 * The most hours an estimate, RTO or remaining time may say (over eleven years): beyond it the
 * plan's dates would leave what a Date can hold.
 */
export const MAX_HOURS = 100_000;

/** The most systems a team may work on at once; well within an SQL integer. */
export const MAX_TEAM_CAPACITY = 1000;

const NonEmpty = Type.String({ minLength: 1 });
const Hours = Type.Number({ minimum: 0, maximum: MAX_HOURS });
const Rating = Type.Integer({ minimum: 1, maximum: 5 });

/** The three-point estimate in hours, written out. */
export const EstimateObjectSchema = Type.Object(
  { low: Hours, likely: Hours, high: Hours },
  { additionalProperties: false },
);

/** An estimate: `{low, likely, high}` or one number N meaning low = likely = high = N. */
export const EstimateSchema = Type.Union([EstimateObjectSchema, Hours]);

/** A contact person of a unit. */
export const ContactSchema = Type.Object(
  { name: NonEmpty, phone: Type.Optional(NonEmpty), email: Type.Optional(NonEmpty) },
  { additionalProperties: false },
);

/** A recovery team; `capacity` is how many systems it works on at once. */
export const TeamSchema = Type.Object(
  { id: IdSchema, name: NonEmpty, capacity: Type.Integer({ minimum: 1, maximum: MAX_TEAM_CAPACITY }) },
  { additionalProperties: false },
);

/** An office, company or partner. `contacts` may be left out (none). */
export const UnitSchema = Type.Object(
  {
    id: IdSchema,
    name: NonEmpty,
    kind: Type.Union(UNIT_KINDS.map((k) => Type.Literal(k))),
    contacts: Type.Optional(Type.Array(ContactSchema)),
  },
  { additionalProperties: false },
);

/** An ISO 639-1 language code, as the keys of a per-language text. */
export const LANGUAGE_PATTERN_SOURCE = '^[a-z]{2}$';

/**
 * How residents get help while a public service is away: one text, or a map of ISO 639-1 language
 * to text (DESIGN.md, `public_help`).
 */
export const PublicHelpSchema = Type.Union(
  [
    NonEmpty,
    Type.Record(Type.String({ pattern: LANGUAGE_PATTERN_SOURCE }), NonEmpty, {
      minProperties: 1,
      additionalProperties: false,
      description: 'ISO 639-1 language → text',
    }),
  ],
  // The API's validator unwraps a one-item list (coerceTypes: 'array'); naming the types refuses a list.
  { type: ['string', 'object'] },
);

/** A system, every field of DESIGN.md's table. */
export const SystemSchema = Type.Object(
  {
    id: IdSchema,
    name: NonEmpty,
    kind: Type.Union(SYSTEM_KINDS.map((k) => Type.Literal(k))),
    public_name: Type.Optional(NonEmpty),
    public_help: Type.Optional(PublicHelpSchema),
    owner: Type.Optional(IdSchema),
    team: Type.Optional(IdSchema),
    depends_on: Type.Optional(Type.Array(IdSchema)),
    society: Type.Optional(Rating),
    organisation: Type.Optional(Rating),
    rto_hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: MAX_HOURS })),
    estimate_hours: Type.Optional(EstimateSchema),
    gates: Type.Optional(Type.Array(IdSchema)),
    status: Type.Optional(Type.Union(SYSTEM_STATUSES.map((s) => Type.Literal(s)))),
    remaining_hours: Type.Optional(Hours),
  },
  { additionalProperties: false },
);

/** An instant as ISO 8601 with an offset (or Z), e.g. `2026-11-30T08:00:00+01:00`. */
export const INSTANT_PATTERN_SOURCE =
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';

/** One entry of a system's status history in a file (DESIGN.md, `status_history`). */
export const StatusEntrySchema = Type.Object(
  {
    status: Type.Union(SYSTEM_STATUSES.map((s) => Type.Literal(s))),
    at: Type.String({ pattern: INSTANT_PATTERN_SOURCE, description: 'ISO 8601 with offset' }),
  },
  { additionalProperties: false },
);

/**
 * A system in a catalogue file: the API's fields and `status_history`, which only a file for
 * `lifeboat plan` carries (the server's import reads past it: history is recorded, not imported).
 */
export const SystemFileSchema = Type.Object(
  { ...SystemSchema.properties, status_history: Type.Optional(Type.Array(StatusEntrySchema)) },
  { additionalProperties: false },
);

/** The organisation the catalogue belongs to. */
export const OrganisationSchema = Type.Object(
  {
    name: NonEmpty,
    locale: Type.Union([Type.Literal('sv'), Type.Literal('en')]),
    timezone: NonEmpty,
  },
  { additionalProperties: false },
);

/** A whole catalogue file. `teams` and `units` may be left out (none). */
export const CatalogueFileSchema = Type.Object(
  {
    version: Type.Literal(1),
    organisation: OrganisationSchema,
    teams: Type.Optional(Type.Array(TeamSchema)),
    units: Type.Optional(Type.Array(UnitSchema)),
    systems: Type.Array(SystemFileSchema),
  },
  { additionalProperties: false },
);

/** The shape of a catalogue file before normalisation. */
export type CatalogueFile = Static<typeof CatalogueFileSchema>;
/** The shape of one system in a file before normalisation. */
export type SystemFile = Static<typeof SystemFileSchema>;
