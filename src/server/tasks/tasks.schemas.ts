/** The API's schemas for tasks and reporting obligations (docs/api.md, "Tasks" and "Obligations"). */
import { type TSchema, Type } from '@sinclair/typebox';
import { IdSchema } from '../../domain/catalogue/schema.js';
import { DEADLINE_UNITS, OBLIGATION_STATES, TASK_STATUSES } from '../../domain/tasks/tasks.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** An ISO 8601 date-time with a zone (`Z` or an offset). */
export const IsoTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
  maxLength: 40,
  description: 'ISO 8601 date-time with Z or an offset',
});

/** A record's id in a path (tasks have generated ids, templates have slugs). */
export const RecordIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 4000 });
const UserId = Type.String({ minLength: 1, maxLength: 100 });

/** GET /api/tasks: filters, all optional. */
export const TaskQuery = Type.Object(
  {
    mine: Type.Optional(Type.Boolean({ description: 'only tasks given to me (or to my unit, for a reporter)' })),
    assignee: Type.Optional(
      Type.String({ pattern: '^(user|unit):[^\\s]{1,100}$', description: '`user:<id>` or `unit:<id>`' }),
    ),
    overdue: Type.Optional(Type.Boolean({ description: 'only overdue tasks' })),
    status: Type.Optional(Type.Union(TASK_STATUSES.map((s) => Type.Literal(s)))),
  },
  { additionalProperties: false },
);

/** POST /api/tasks: a new task, given to exactly one person or one unit. */
export const CreateTaskBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    assignee_user_id: Type.Optional(Nullable(UserId)),
    assignee_unit_id: Type.Optional(Nullable(IdSchema)),
    due_at: Type.Optional(Nullable(IsoTime)),
  },
  { additionalProperties: false },
);

/** PATCH /api/tasks/:id: any of the fields; `status` may open or cancel (reporting back has its own route). */
export const PatchTaskBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    assignee_user_id: Type.Optional(Nullable(UserId)),
    assignee_unit_id: Type.Optional(Nullable(IdSchema)),
    due_at: Type.Optional(Nullable(IsoTime)),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('cancelled')])),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** POST /api/tasks/:id/report: the report back (återrapportering). */
export const ReportTaskBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);

/** A task as the API returns it, with whether it is overdue now. */
export const TaskSchema = Type.Object({
  id: Type.String(),
  incident_id: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  assignee_user_id: Nullable(Type.String()),
  assignee_unit_id: Nullable(Type.String()),
  due_at: Nullable(Type.String()),
  status: Type.Union(TASK_STATUSES.map((s) => Type.Literal(s))),
  overdue: Type.Boolean(),
  report: Nullable(Type.String()),
  reported_at: Nullable(Type.String()),
  reported_by_user_id: Nullable(Type.String()),
  reported_by_label: Nullable(Type.String()),
  created_at: Type.String(),
  created_by_user_id: Nullable(Type.String()),
  created_by_label: Type.String(),
  updated_at: Type.String(),
  /** Whether the caller may report it back. */
  may_report: Type.Boolean(),
});

/** GET /api/tasks: the tasks, and the names of the people and units they may be given to. */
export const TaskList = Type.Object({
  now: Type.String(),
  time_zone: Type.String(),
  incident_id: Nullable(Type.String()),
  overdue_count: Type.Integer(),
  tasks: Type.Array(TaskSchema),
  people: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  units: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});

/** One task, after a write. */
export const TaskResponse = Type.Object({ task: TaskSchema });

/** An obligation template (editable by admin and staff). */
export const TemplateSchema = Type.Object(
  {
    id: IdSchema,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    recipient: Type.String({ minLength: 1, maxLength: 300 }),
    basis: Type.String({ maxLength: 300 }),
    deadline_amount: Type.Integer({ minimum: 1, maximum: 8760 }),
    deadline_unit: Type.Union(DEADLINE_UNITS.map((u) => Type.Literal(u))),
  },
  { additionalProperties: false },
);

/** GET and PUT /api/obligation-templates: the whole list, in order. */
export const TemplateList = Type.Object(
  { templates: Type.Array(TemplateSchema, { maxItems: 50 }) },
  { additionalProperties: false },
);

/** An obligation of the active incident. */
export const ObligationSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  recipient: Type.String(),
  basis: Type.String(),
  deadline_at: Type.String(),
  state: Type.Union(OBLIGATION_STATES.map((s) => Type.Literal(s))),
  overdue: Type.Boolean(),
  sent_at: Nullable(Type.String()),
  note: Nullable(Type.String()),
  by_label: Nullable(Type.String()),
  at: Nullable(Type.String()),
});

/** GET /api/obligations: the active incident's obligations by deadline, and the next one pending. */
export const ObligationList = Type.Object({
  now: Type.String(),
  time_zone: Type.String(),
  incident: Nullable(Type.Object({ id: Type.String(), title: Type.String(), detected_at: Type.String() })),
  obligations: Type.Array(ObligationSchema),
  next_pending: Nullable(ObligationSchema),
});

/** One obligation, after a write. */
export const ObligationResponse = Type.Object({ obligation: ObligationSchema });

/** POST /api/obligations/:id/sent: when it was sent (default now) and a note or the recipient's reference. */
export const SentBody = Type.Object(
  { sent_at: Type.Optional(IsoTime), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

/** POST /api/obligations/:id/not-applicable: why it does not apply (e.g. no personal data was affected). */
export const NotApplicableBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
