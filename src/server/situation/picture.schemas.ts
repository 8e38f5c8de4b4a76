/** The API's schemas for the common situation picture and its approval (docs/api.md, "Situation picture"). */
import { Type } from '@sinclair/typebox';
import { UNIT_STATES } from '../../domain/situation/picture.js';
import { LearningOut } from '../plan/plan.schemas.js';

const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const NullableInteger = Type.Unsafe<number | null>({ type: ['integer', 'null'] });
const UnitState = Type.Unsafe<(typeof UNIT_STATES)[number]>({ type: 'string', enum: [...UNIT_STATES] });

const UnitRef = Type.Object({ unit_id: Type.String(), name: Type.String() });
const NeedRef = Type.Object({ id: Type.String(), title: Type.String(), unit_name: Type.String() });
const DemandUnit = Type.Object({ unit_id: Type.String(), name: Type.String(), need_by: NullableString });

/** The picture itself: what a draft shows and an approval freezes. */
export const PictureContentSchema = Type.Object({
  as_of: Type.String(),
  counts: Type.Object({
    severely_affected: Type.Integer(),
    affected: Type.Integer(),
    normal: Type.Integer(),
    no_report: Type.Integer(),
  }),
  units: Type.Array(
    Type.Object({
      unit_id: Type.String(),
      name: Type.String(),
      state: UnitState,
      cycle_at: NullableString,
      submitted_at: NullableString,
      age_minutes: NullableInteger,
      late: Type.Boolean(),
      life_health_risk: Type.Boolean(),
      situation: Type.String(),
      consequences: Type.String(),
    }),
  ),
  life_health: Type.Array(
    Type.Object({
      unit_id: Type.String(),
      name: Type.String(),
      consequences: Type.String(),
      submitted_at: Type.String(),
    }),
  ),
  needs: Type.Array(
    Type.Object({
      id: Type.String(),
      unit_id: Type.String(),
      unit_name: Type.String(),
      title: Type.String(),
      category: Type.String(),
      urgency: Type.String(),
      status: Type.String(),
      system_ids: Type.Array(Type.String()),
      created_at: Type.String(),
    }),
  ),
  demand: Type.Array(
    Type.Object({
      system_id: Type.String(),
      name: Type.String(),
      status: Type.String(),
      unit_count: Type.Integer(),
      units: Type.Array(DemandUnit),
      earliest_need_by: NullableString,
      p50_at: NullableString,
      p90_at: NullableString,
      late_units: Type.Array(DemandUnit),
    }),
  ),
  recovery: Type.Object({ back: Type.Integer(), total: Type.Integer(), back_ids: Type.Array(Type.String()) }),
  decisions: Type.Array(
    Type.Object({
      id: Type.String(),
      seq: Type.Integer(),
      decided_at: Type.String(),
      decision: Type.String(),
      decided_by: Type.String(),
    }),
  ),
  changes: Type.Union([
    Type.Object({
      since_version: Type.Integer(),
      since_at: Type.String(),
      units: Type.Array(Type.Object({ unit_id: Type.String(), name: Type.String(), from: UnitState, to: UnitState })),
      new_flags: Type.Array(UnitRef),
      new_needs: Type.Array(NeedRef),
      closed_needs: Type.Array(NeedRef),
      systems_back: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    }),
    Type.Null(),
  ]),
  /** Whether the incident is an exercise (övning): every view and export of the picture says so. */
  exercise: Type.Boolean(),
  /** The decision log's head when the picture was built (frozen at approval). */
  decision_head: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
  /** What the forecast had learned from the recovery so far (issue 11); frozen with the picture. */
  learning: Type.Optional(LearningOut),
});

const IncidentRef = Type.Union([
  Type.Object({ id: Type.String(), title: Type.String(), exercise: Type.Boolean() }),
  Type.Null(),
]);

/** An approved picture without its content: a line of the list. */
export const PictureSummarySchema = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  version: Type.Integer(),
  summary: Type.String(),
  decision_head: NullableString,
  approved_at: Type.String(),
  approved_by_label: Type.String(),
  exercise: Type.Boolean(),
});

/** GET /api/picture: the draft built now, beside the last approved one. */
export const DraftPictureSchema = Type.Object({
  incident: IncidentRef,
  time_zone: Type.String(),
  picture: PictureContentSchema,
  last_approved: Type.Union([PictureSummarySchema, Type.Null()]),
});

/** POST /api/pictures: the staff's summary of the picture they approve. */
export const ApprovePictureBody = Type.Object(
  {
    summary: Type.String({ minLength: 1, maxLength: 4000, description: 'the staff’s summary (fastställd lägesbild)' }),
  },
  { additionalProperties: false },
);

/** One approved picture with its frozen content; it never changes. */
export const ApprovedPictureSchema = Type.Object({
  ...PictureSummarySchema.properties,
  incident_title: Type.String(),
  time_zone: Type.String(),
  content: PictureContentSchema,
});

/** The answer of an approval and of GET /api/pictures/:id. */
export const PictureResponse = Type.Object({ picture: ApprovedPictureSchema });

/** GET /api/pictures: every approved picture, newest first. */
export const PictureListSchema = Type.Object({ time_zone: Type.String(), pictures: Type.Array(PictureSummarySchema) });

/** `:id` of an approved picture. */
export const PictureParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** GET /api/pictures/:id/export: the approved picture as a JSON file, with the decision log's head. */
export const PictureExportSchema = Type.Object({
  kind: Type.Literal('lifeboat.situation_picture'),
  exported_at: Type.String(),
  exercise: Type.Boolean(),
  decision_log_head: Type.Object({ seq: Type.Integer(), hash: NullableString }),
  picture: ApprovedPictureSchema,
});
