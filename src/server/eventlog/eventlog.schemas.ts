import { Type } from '@sinclair/typebox';

/** An ISO 8601 instant with its offset, e.g. 2026-12-02T08:00:00Z. */
const Instant = Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
});
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** The filters that GET /api/log and both exports share. */
const filters = {
  incident: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'an incident id, or `all`; default: the active one' }),
  ),
  kind: Type.Optional(
    Type.String({
      pattern: '^[a-z][a-z_-]{0,31}(,[a-z][a-z_-]{0,31}){0,19}$',
      description: 'one kind, or several separated by commas (`status,manual`)',
    }),
  ),
  system: Type.Optional(Id),
  unit: Type.Optional(Id),
  author: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'e-mail or user id' })),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'text, author or system name contains this' })),
};

/** GET /api/log/export.csv and export.json */
export const LogExportQuery = Type.Object(filters, { additionalProperties: false });

/** GET /api/log */
export const LogQuery = Type.Object(
  {
    ...filters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_-]{1,400}$', description: 'next_cursor of the page before' }),
    ),
  },
  { additionalProperties: false },
);

/** POST /api/log: a manual entry (a call, an observation). */
export const ManualEntryBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 4000 }),
    at: Type.Optional(Instant),
    system_id: Type.Optional(Id),
    unit_id: Type.Optional(Id),
    kind: Type.Optional(Type.Literal('manual')),
  },
  { additionalProperties: false },
);

const Ref = Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]);

/** One entry of the event log. */
export const LogEntrySchema = Type.Object({
  id: Type.String(),
  incident_id: Nullable(Type.String()),
  at: Type.String(),
  recorded_at: Type.String(),
  kind: Type.String(),
  author: Type.String(),
  system: Ref,
  unit: Ref,
  text: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
});

const IncidentHeading = Type.Union([
  Type.Object({ id: Type.String(), title: Type.String(), exercise: Type.Boolean() }),
  Type.Null(),
]);

/** The answer of GET /api/log: a page newest first, the cursor of the next, and the incident shown. */
export const LogPageSchema = Type.Object({
  entries: Type.Array(LogEntrySchema),
  next_cursor: Nullable(Type.String()),
  incident: IncidentHeading,
});

/** The answer of POST /api/log. */
export const ManualEntryResponse = Type.Object({ entry: LogEntrySchema });

/** The answer of GET /api/log/export.json: every column, with each entry's incident. */
export const LogExportSchema = Type.Object({
  incident: IncidentHeading,
  exercise: Type.Boolean(),
  exported_at: Type.String(),
  decision_log_head: Type.Object(
    { seq: Type.Integer(), hash: Type.String() },
    { description: "the decision log's head when exported, to keep outside Lifeboat" },
  ),
  entries: Type.Array(
    Type.Object({
      ...LogEntrySchema.properties,
      author_user_id: Nullable(Type.String()),
      incident_title: Nullable(Type.String()),
      exercise: Type.Boolean(),
    }),
  ),
});
