/** The incidents' and the board's input and response schemas (docs/api.md, "Incidents", "Recovery board"). */
import { Type } from '@sinclair/typebox';
import { IdSchema } from '../../domain/catalogue/schema.js';
import { SYSTEM_STATUSES } from '../../domain/catalogue/types.js';
import { BOARD_COLUMNS } from '../../domain/incident/board.js';
import { INCIDENT_PHASES, INCIDENT_SEVERITIES } from '../../domain/incident/incident.js';

// One of a list of words, typed as the list's union (an `enum` in the OpenAPI document).
const literals = <T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

const Phase = literals(INCIDENT_PHASES);
const Severity = literals(INCIDENT_SEVERITIES);
const Title = Type.String({ minLength: 1, maxLength: 200 });
// Checked by the service (a 400 naming the field), so that the schema stays plain text.
const Time = Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 date-time with a zone' });
const Id = Type.String({ minLength: 1, maxLength: 100 });

/** `:id` of an incident. */
export const IncidentParams = Type.Object({ id: Id });

/** POST /api/incidents. */
export const CreateIncidentBody = Type.Object(
  {
    title: Title,
    detected_at: Time,
    phase: Type.Optional(Phase),
    severity: Severity,
    exercise: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** PATCH /api/incidents/:id: any of the editable fields. */
export const PatchIncidentBody = Type.Object(
  {
    title: Type.Optional(Title),
    detected_at: Type.Optional(Time),
    phase: Type.Optional(Phase),
    severity: Type.Optional(Severity),
    exercise: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const IncidentFields = {
  id: Type.String(),
  title: Type.String(),
  detected_at: Type.String(),
  phase: Phase,
  severity: Severity,
  exercise: Type.Boolean(),
  created_at: Type.String(),
  created_by: Type.Union([Type.String(), Type.Null()]),
  updated_at: Type.String(),
  closed_at: Type.Union([Type.String(), Type.Null()]),
};

/** An incident without its forecast. */
export const IncidentSchema = Type.Object(IncidentFields);

/** The forecast stored at an incident's opening. */
export const StoredForecastSchema = Type.Object({
  as_of: Type.String(),
  runs: Type.Number(),
  seed: Type.Number(),
  total: Type.Number(),
  p50_h: Type.Number(),
  p90_h: Type.Number(),
  systems: Type.Array(Type.Object({ id: Type.String(), p50_h: Type.Number(), p90_h: Type.Number() })),
  curve: Type.Array(Type.Object({ h: Type.Number(), p50: Type.Number(), p90: Type.Number() })),
});

/** An incident with its stored forecast. */
export const IncidentDetailSchema = Type.Object({
  ...IncidentFields,
  forecast: Type.Union([StoredForecastSchema, Type.Null()]),
});

/** `{ incident }`. */
export const IncidentResponse = Type.Object({ incident: IncidentDetailSchema });

/** `{ incident }` or `{ incident: null }` when none is open. */
export const ActiveIncidentResponse = Type.Object({ incident: Type.Union([IncidentDetailSchema, Type.Null()]) });

/** `{ incidents }`, the open one first. */
export const IncidentListResponse = Type.Object({ incidents: Type.Array(IncidentSchema) });

/** GET /api/board: the filters, kept in the page's URL. */
export const BoardQuery = Type.Object(
  { team: Type.Optional(IdSchema), owner: Type.Optional(IdSchema) },
  { additionalProperties: false },
);

const Named = Type.Array(Type.Object({ id: Type.String(), name: Type.String() }));

/** GET /api/board. */
export const BoardResponse = Type.Object({
  as_of: Type.String(),
  incident: Type.Union([IncidentSchema, Type.Null()]),
  total: Type.Number(),
  columns: Type.Array(
    Type.Object({
      status: literals(BOARD_COLUMNS),
      count: Type.Number(),
      cards: Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          status: literals(SYSTEM_STATUSES),
          team: Type.Union([Type.String(), Type.Null()]),
          owner: Type.Union([Type.String(), Type.Null()]),
          gates_left: Type.Array(Type.String()),
          gates_total: Type.Number(),
          waits_for: Type.Array(Type.String()),
        }),
      ),
    }),
  ),
  teams: Named,
  units: Named,
  systems: Named,
  chart: Type.Union([
    Type.Object({
      detected_at: Type.String(),
      opened_at: Type.String(),
      total: Type.Number(),
      forecast: Type.Union([StoredForecastSchema, Type.Null()]),
      actual: Type.Array(Type.Object({ at: Type.String(), back: Type.Number() })),
    }),
    Type.Null(),
  ]),
});
