/** The API's schemas for needs for support (docs/api.md, "Needs"). */
import { Type } from '@sinclair/typebox';
import { IdSchema } from '../../domain/catalogue/schema.js';
import { NEED_CATEGORIES, NEED_STATUSES, NEED_URGENCIES } from '../../domain/situation/needs.js';

const Status = Type.Unsafe<(typeof NEED_STATUSES)[number]>({ type: 'string', enum: [...NEED_STATUSES] });
const Urgency = Type.Unsafe<(typeof NEED_URGENCIES)[number]>({ type: 'string', enum: [...NEED_URGENCIES] });
const Category = Type.Unsafe<(typeof NEED_CATEGORIES)[number]>({ type: 'string', enum: [...NEED_CATEGORIES] });
const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const Note = Type.String({ maxLength: 2000 });
const UserId = Type.String({ minLength: 1, maxLength: 100 });
const Named = Type.Object({ id: Type.String(), name: Type.String() });

/** A need's id in a path. */
export const NeedParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** GET /api/needs: filters, all optional. */
export const NeedQuery = Type.Object(
  {
    status: Type.Optional(Status),
    unit: Type.Optional(IdSchema),
    urgency: Type.Optional(Urgency),
    category: Type.Optional(Category),
    owner: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'a user id, or `none` for needs nobody owns' }),
    ),
  },
  { additionalProperties: false },
);

/** POST /api/needs: a need raised on its own (not from a report). */
export const RaiseNeedBody = Type.Object(
  {
    unit_id: IdSchema,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    detail: Type.Optional(Type.String({ maxLength: 4000 })),
    category: Category,
    urgency: Urgency,
    system_ids: Type.Optional(Type.Array(IdSchema, { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);

/** PATCH /api/needs/:id: triage, by admin and staff. A status moves along the lifecycle only. */
export const TriageNeedBody = Type.Object(
  {
    status: Type.Optional(Status),
    owner_user_id: Type.Optional(Type.Union([UserId, Type.Null()])),
    urgency: Type.Optional(Urgency),
    category: Type.Optional(Category),
    note: Type.Optional(Note),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** POST /api/needs/:id/notes: a note on the need's log (the unit's reporter too). */
export const NeedNoteBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

/** A need as the API returns it, with the names the board shows and what the caller may do with it. */
export const NeedSchema = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  unit_id: Type.String(),
  unit_name: Type.String(),
  report_id: NullableString,
  title: Type.String(),
  detail: Type.String(),
  category: Category,
  urgency: Urgency,
  status: Status,
  owner_user_id: NullableString,
  owner_name: NullableString,
  systems: Type.Array(Named),
  created_at: Type.String(),
  created_by_label: Type.String(),
  updated_at: Type.String(),
  /** The statuses the caller may move it to now (empty for those who do not triage). */
  next_statuses: Type.Array(Status),
  /** Whether the caller may add a note. */
  may_note: Type.Boolean(),
});

/** One change of a need's log: who, when, which fields from what to what, and the note. */
export const NeedChangeSchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor_label: Type.String(),
  changes: Type.Array(Type.Object({ field: Type.String(), from: NullableString, to: NullableString })),
  note: Type.String(),
});

/** GET /api/needs: the active incident's needs in triage order, counts per status, and names for the filters. */
export const NeedList = Type.Object({
  now: Type.String(),
  time_zone: Type.String(),
  incident: Type.Union([
    Type.Object({ id: Type.String(), title: Type.String(), exercise: Type.Boolean() }),
    Type.Null(),
  ]),
  /** Per status, with every filter but `status` applied: the board's column counts. */
  counts: Type.Object({
    new: Type.Integer(),
    accepted: Type.Integer(),
    in_progress: Type.Integer(),
    fulfilled: Type.Integer(),
    declined: Type.Integer(),
  }),
  needs: Type.Array(NeedSchema),
  units: Type.Array(Named),
  owners: Type.Array(Named),
  systems: Type.Array(Named),
  /** Whether the caller triages (admin, staff). */
  may_triage: Type.Boolean(),
});

/** GET /api/needs/:id: one need and its log, oldest first. */
export const NeedDetail = Type.Object({
  time_zone: Type.String(),
  need: NeedSchema,
  changes: Type.Array(NeedChangeSchema),
  owners: Type.Array(Named),
});

/** One need, after a write. */
export const NeedResponse = Type.Object({ need: NeedSchema });
