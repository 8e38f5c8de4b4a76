/** The API's schemas for the coverage grid (docs/api.md, "Coverage"). */
import { type TSchema, Type } from '@sinclair/typebox';
import { COVERAGE_STATES, type CoverageState } from '../../domain/situation/coverage.js';
import { Instant } from './rhythm.schemas.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** GET /api/coverage: the window (default yesterday to tomorrow in the organisation's zone). */
export const CoverageQuery = Type.Object(
  { from: Type.Optional(Instant), to: Type.Optional(Instant) },
  { additionalProperties: false },
);

const Counts = Type.Object({
  reported: Type.Integer(),
  late: Type.Integer(),
  missing: Type.Integer(),
  pending: Type.Integer(),
  not_asked: Type.Integer(),
});

/** One unit's state at one deadline. */
export const CoverageCellSchema = Type.Object({
  at: Type.String(),
  // A plain string enum for the serialiser, typed as the union for the web.
  state: Type.Unsafe<CoverageState>(Type.String({ enum: [...COVERAGE_STATES] })),
  report_id: Nullable(Type.String()),
  submitted_at: Nullable(Type.String()),
});

/** A contact of a unit, to call or write to when it has not reported. */
export const CoverageContactSchema = Type.Object({
  name: Type.String(),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
});

/** One unit's row: its contacts, its cells and its last submitted report with its age. */
export const CoverageUnitSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  contacts: Type.Array(CoverageContactSchema),
  cells: Type.Array(CoverageCellSchema),
  last_report: Nullable(
    Type.Object({
      id: Type.String(),
      cycle_at: Type.String(),
      submitted_at: Type.String(),
      age_minutes: Type.Integer(),
    }),
  ),
});

/** GET /api/coverage: deadlines (with counts per state) × units. */
export const CoverageGrid = Type.Object({
  now: Type.String(),
  time_zone: Type.String(),
  incident_id: Nullable(Type.String()),
  from: Type.String(),
  to: Type.String(),
  deadlines: Type.Array(Type.Object({ at: Type.String(), remind_minutes: Type.Integer(), counts: Counts })),
  units: Type.Array(CoverageUnitSchema),
});
