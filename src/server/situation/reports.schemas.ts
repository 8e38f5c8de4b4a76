/** The API's schemas for situation reports (docs/api.md, "Situation reports"). */
import { type TSchema, Type } from '@sinclair/typebox';
import { IdSchema } from '../../domain/catalogue/schema.js';
import { NEED_CATEGORIES, NEED_URGENCIES } from '../../domain/situation/needs.js';
import { OVERALL_STATES, REPORT_STATES } from '../../domain/situation/report.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = Type.String({ maxLength: 8000 });
const Short = Type.String({ maxLength: 300 });
// Checked as an ISO instant in the domain, which names the field when it is not one.
const Time = Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date-time with Z or an offset' });
const Overall = Type.Unsafe<(typeof OVERALL_STATES)[number]>({ type: 'string', enum: [...OVERALL_STATES] });
const Category = Type.Unsafe<(typeof NEED_CATEGORIES)[number]>({ type: 'string', enum: [...NEED_CATEGORIES] });
const Urgency = Type.Unsafe<(typeof NEED_URGENCIES)[number]>({ type: 'string', enum: [...NEED_URGENCIES] });

/** A report's content under the crisis staff's headings; a draft may leave any of it empty. */
export const ReportContentSchema = Type.Object(
  {
    overall: Nullable(Overall),
    situation: Text,
    consequences: Text,
    life_health_risk: Type.Boolean(),
    actions: Text,
    workarounds: Type.Array(
      Type.Object(
        { description: Type.String({ maxLength: 2000 }), lasts_until: Nullable(Time) },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
    missing_systems: Type.Array(
      Type.Object({ system_id: IdSchema, need_by: Nullable(Time) }, { additionalProperties: false }),
      { maxItems: 100 },
    ),
    staffing: Text,
    needs: Type.Array(
      Type.Object(
        {
          need_id: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
          title: Short,
          detail: Type.String({ maxLength: 4000 }),
          category: Category,
          urgency: Urgency,
          system_ids: Type.Array(IdSchema, { maxItems: 30 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
    forecast: Text,
    questions: Text,
  },
  { additionalProperties: false },
);

/** POST /api/reports/draft and /api/reports/submit: a unit's report for one deadline. */
export const ReportWriteBody = Type.Object(
  { unit_id: IdSchema, cycle_at: Time, content: ReportContentSchema },
  { additionalProperties: false },
);

/** POST /api/reports/:id/amend: the amended content. */
export const AmendBody = Type.Object({ content: ReportContentSchema }, { additionalProperties: false });

/** A report's id in a path. */
export const ReportIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** GET /api/report-form: the unit (a reporter's own by default) and the deadline (the next by default). */
export const ReportFormQuery = Type.Object(
  { unit_id: Type.Optional(IdSchema), cycle_at: Type.Optional(Time) },
  { additionalProperties: false },
);

/** GET /api/reports: the reports for one deadline (or all), narrowed to one unit. */
export const ReportListQuery = Type.Object(
  { cycle_at: Type.Optional(Time), unit_id: Type.Optional(IdSchema) },
  { additionalProperties: false },
);

const ContentOut = Type.Object({
  overall: Nullable(Overall),
  situation: Type.String(),
  consequences: Type.String(),
  life_health_risk: Type.Boolean(),
  actions: Type.String(),
  workarounds: Type.Array(Type.Object({ description: Type.String(), lasts_until: Nullable(Type.String()) })),
  missing_systems: Type.Array(Type.Object({ system_id: Type.String(), need_by: Nullable(Type.String()) })),
  staffing: Type.String(),
  needs: Type.Array(
    Type.Object({
      need_id: Type.Optional(Nullable(Type.String())),
      title: Type.String(),
      detail: Type.String(),
      category: Category,
      urgency: Urgency,
      system_ids: Type.Array(Type.String()),
    }),
  ),
  forecast: Type.String(),
  questions: Type.String(),
});

/** A report as the API returns it. */
export const ReportSchema = Type.Object({
  id: Type.String(),
  incident_id: Type.String(),
  unit_id: Type.String(),
  unit_name: Type.String(),
  cycle_at: Type.String(),
  state: Type.Unsafe<(typeof REPORT_STATES)[number]>({ type: 'string', enum: [...REPORT_STATES] }),
  overall: Nullable(Overall),
  life_health_risk: Type.Boolean(),
  content: ContentOut,
  version: Type.Integer(),
  first_submitted_at: Nullable(Type.String()),
  submitted_at: Nullable(Type.String()),
  submitted_by_user_id: Nullable(Type.String()),
  late: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

/** A submitted version of a report. */
export const ReportVersionSchema = Type.Object({
  version: Type.Integer(),
  overall: Overall,
  life_health_risk: Type.Boolean(),
  content: ContentOut,
  submitted_at: Type.String(),
  submitted_by_user_id: Nullable(Type.String()),
  late: Type.Boolean(),
});

/** One report, after a write. */
export const ReportResponse = Type.Object({ report: ReportSchema });

/** GET /api/reports/:id: the report and every submitted version of it. */
export const ReportWithVersions = Type.Object({ report: ReportSchema, versions: Type.Array(ReportVersionSchema) });

/** GET /api/reports: the reports the caller may read. */
export const ReportList = Type.Object({ reports: Type.Array(ReportSchema) });

const DeadlineOut = Type.Object({ at: Type.String(), passed: Type.Boolean() });

/** GET /api/report-form: what the form needs to show one unit's report for one deadline. */
export const ReportForm = Type.Object({
  now: Type.String(),
  time_zone: Type.String(),
  incident: Nullable(Type.Object({ id: Type.String(), title: Type.String() })),
  unit: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  /** The units the caller may report for (a reporter: its own). */
  units: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  /** The unit's recent and coming deadlines, in time order. */
  deadlines: Type.Array(DeadlineOut),
  cycle_at: Nullable(Type.String()),
  systems: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), public_name: Nullable(Type.String()) })),
  report: Nullable(ReportSchema),
});
