import { Type } from '@sinclair/typebox';
import { IdSchema } from '../../domain/catalogue/schema.js';

/** An ISO 8601 instant with its offset, e.g. 2026-12-02T08:00:00Z. */
const Instant = Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
});

/** A decision's id (a UUID in production, any short token in tests). */
const DecisionId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** `:id` of a decision. */
export const DecisionParams = Type.Object({ id: DecisionId });

/** GET /api/decisions: filters, and the order (newest first by default, or `seq` for the chain's order). */
export const DecisionsQuery = Type.Object(
  {
    incident: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'text in any field, any case' })),
    system: Type.Optional(IdSchema),
    order: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('seq')])),
  },
  { additionalProperties: false },
);

const fields = {
  decision: Type.String({ minLength: 1, maxLength: 4000, description: 'what was decided' }),
  basis: Type.Optional(Type.String({ maxLength: 8000, description: 'beslutsunderlag: what it was based on' })),
  decided_by: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'who decided (default: the caller)' }),
  ),
  mandate: Type.Optional(Type.String({ maxLength: 500, description: 'under what mandate' })),
  decided_at: Type.Optional(Instant),
  systems: Type.Optional(Type.Array(IdSchema, { maxItems: 200, description: 'ids of systems it concerns' })),
};

/** POST /api/decisions: a new entry; with `corrects`, a correction of an earlier one. */
export const NewDecisionBody = Type.Object(
  { ...fields, corrects: Type.Optional(DecisionId) },
  { additionalProperties: false },
);

/** POST /api/decisions/:id/corrections: the corrected entry, in full. */
export const CorrectionBody = Type.Object(fields, { additionalProperties: false });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** One decision as the API shows it: its stored columns (lists parsed) and the entries correcting it. */
export const DecisionSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  incident_id: Nullable(Type.String()),
  decided_at: Type.String(),
  recorded_at: Type.String(),
  decision: Type.String(),
  basis: Type.String(),
  decided_by: Type.String(),
  mandate: Type.String(),
  recorded_by_user_id: Nullable(Type.String()),
  recorded_by_label: Type.String(),
  systems: Type.Array(Type.String()),
  needs: Type.Array(Type.String()),
  corrects: Nullable(Type.String()),
  corrected_by: Type.Array(Type.String()),
  prev_hash: Type.String(),
  hash: Type.String(),
});

const Head = Type.Object({ seq: Type.Integer(), hash: Type.String() });

/** GET /api/decisions */
export const DecisionListSchema = Type.Object({
  decisions: Type.Array(DecisionSchema),
  order: Type.Union([Type.Literal('newest'), Type.Literal('seq')]),
  head: Head,
});

/** One decision, with the chain's head. */
export const DecisionAnswerSchema = Type.Object({ decision: DecisionSchema, head: Head });

/** One exported entry: every stored column as stored (systems and needs as JSON text). */
export const DecisionRecordSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  incident_id: Nullable(Type.String()),
  decided_at: Type.String(),
  recorded_at: Type.String(),
  decision: Type.String(),
  basis: Type.String(),
  decided_by: Type.String(),
  mandate: Type.String(),
  recorded_by_user_id: Nullable(Type.String()),
  recorded_by_label: Type.String(),
  systems: Type.String(),
  needs: Type.String(),
  corrects: Nullable(Type.String()),
  prev_hash: Type.String(),
  hash: Type.String(),
});

/** GET /api/decisions/export.json: the whole chain, checkable with `lifeboat verify-log --file`. */
export const DecisionExportSchema = Type.Object({
  chain: Type.Literal('decisions'),
  exported_at: Type.String(),
  exercise: Type.Boolean(),
  head: Head,
  entries: Type.Array(DecisionRecordSchema),
});

/** GET /api/decisions/export.csv: text. */
export const CsvSchema = Type.String();
