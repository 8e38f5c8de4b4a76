/** The API's schemas for the reporting rhythm and its deadlines (docs/api.md, "Reporting rhythm"). */
import { type TSchema, Type } from '@sinclair/typebox';
import { IdSchema } from '../../domain/catalogue/schema.js';
import { MAX_REMIND_MINUTES, RHYTHM_KINDS } from '../../domain/situation/rhythm.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** An instant given in a query or body; checked by the service (a typed error naming the field). */
export const Instant = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'ISO 8601 date-time with Z or an offset',
});

/** A rule's id in a path. */
export const RhythmParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** POST /api/rhythms: a daily rule (`time_of_day`) or a one-off deadline (`at`), for some units or all. */
export const CreateRhythmBody = Type.Object(
  {
    kind: Type.Union(RHYTHM_KINDS.map((k) => Type.Literal(k))),
    time_of_day: Type.Optional(
      Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM in the organisation’s zone' }),
    ),
    at: Type.Optional(Instant),
    unit_ids: Type.Optional(Type.Array(IdSchema, { maxItems: 500, description: 'empty or absent: every unit' })),
    remind_minutes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_REMIND_MINUTES, description: 'default 60; 0: no reminder' }),
    ),
  },
  { additionalProperties: false },
);

/** A rule as the API returns it; `active` = not ended. */
export const RhythmSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ enum: [...RHYTHM_KINDS] }),
  time_of_day: Nullable(Type.String()),
  at: Nullable(Type.String()),
  unit_ids: Type.Array(Type.String()),
  remind_minutes: Type.Integer(),
  starts_at: Type.String(),
  ends_at: Nullable(Type.String()),
  active: Type.Boolean(),
  created_at: Type.String(),
});

/** GET /api/rhythms: the active incident's rules (ended ones too), and the units they may name. */
export const RhythmList = Type.Object({
  now: Type.String(),
  time_zone: Type.String(),
  incident_id: Nullable(Type.String()),
  rules: Type.Array(RhythmSchema),
  units: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  /** The deadlines of the default window (yesterday to tomorrow), for a glance at what the rules make. */
  deadlines: Type.Array(Type.Object({ at: Type.String(), unit_ids: Type.Array(Type.String()) })),
});

/** One rule, after a write. */
export const RhythmResponse = Type.Object({ rule: RhythmSchema });

/** GET /api/deadlines: a window (default yesterday to tomorrow in the organisation's zone), one unit's only. */
export const DeadlinesQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    unit_id: Type.Optional(IdSchema),
  },
  { additionalProperties: false },
);

/** One deadline: when, which units must report (empty: all), and how long before it they are reminded. */
export const DeadlineSchema = Type.Object({
  at: Type.String(),
  unit_ids: Type.Array(Type.String()),
  remind_minutes: Type.Integer(),
});

/** GET /api/deadlines: the deadlines in time order and the zone to show them in. */
export const DeadlineList = Type.Object({
  deadlines: Type.Array(DeadlineSchema),
  time_zone: Type.String(),
});
