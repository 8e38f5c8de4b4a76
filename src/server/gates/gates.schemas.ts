/** The API's schemas for security gates and status changes (docs/api.md, "Gates and status"). */
import { Type } from '@sinclair/typebox';
import { IdSchema, SystemSchema } from '../../domain/catalogue/schema.js';
import { SYSTEM_STATUSES } from '../../domain/catalogue/types.js';
import { OverrideReason } from '../catalogue/catalogue.schemas.js';

/** An ISO 8601 instant with its offset, e.g. 2026-12-02T08:00:00Z. */
const Instant = Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
});

const Note = Type.String({ minLength: 1, maxLength: 2000 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** `:id` in a path. */
export const SystemParams = Type.Object({ id: IdSchema });

/** `:id/gates/:gate` in a path. */
export const GateParams = Type.Object({ id: IdSchema, gate: IdSchema });

/**
 * PUT /api/systems/:id/gates/:gate: `passed` with the evidence as `note`, `waived` with the reason as `note` and
 * an optional `expires_at`, or `pending` (a reset, nothing else). One object (not a union) so that a missing note
 * is refused by the service naming `note`.
 */
export const GateDecisionBody = Type.Object(
  {
    state: Type.Union([Type.Literal('passed'), Type.Literal('waived'), Type.Literal('pending')]),
    note: Type.Optional(Note),
    expires_at: Type.Optional(Instant),
  },
  { additionalProperties: false },
);

/** One gate as the API shows it. */
export const GateViewSchema = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('passed'), Type.Literal('waived')]),
  note: Type.String(),
  by: Nullable(Type.String()),
  at: Nullable(Type.String()),
  expires_at: Nullable(Type.String()),
  expired: Type.Boolean(),
});

/** GET /api/systems/:id/gates */
export const SystemGatesSchema = Type.Object({
  system_id: Type.String(),
  gates: Type.Array(GateViewSchema),
  gates_left: Type.Array(Type.String()),
});

/** PUT /api/systems/:id/gates/:gate answers the gate as it now stands. */
export const GateAnswer = Type.Object({ gate: GateViewSchema });

/** POST /api/systems/:id/status */
export const StatusBody = Type.Object(
  {
    status: Type.Union(SYSTEM_STATUSES.map((s) => Type.Literal(s))),
    override_reason: Type.Optional(OverrideReason),
  },
  { additionalProperties: false },
);

/** POST /api/systems/:id/status answers the system and the gates it still has left. */
export const StatusAnswer = Type.Object({ system: SystemSchema, gates_left: Type.Array(Type.String()) });
