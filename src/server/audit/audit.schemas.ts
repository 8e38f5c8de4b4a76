import { Type } from '@sinclair/typebox';

/** An ISO 8601 instant with its offset, e.g. 2026-12-02T08:00:00Z. */
const Instant = Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
});

/** GET /api/audit */
export const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    cursor: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'next_cursor of the page before' }),
    ),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'user id, e-mail or address' })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
  },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** One entry of GET /api/audit. */
export const AuditEventSchema = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  at: Type.String(),
  actor_user_id: Nullable(Type.String()),
  actor_email: Nullable(Type.String()),
  action: Type.String(),
  subject: Nullable(Type.String()),
  detail: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  count: Type.Union([Type.Integer(), Type.Null()]),
  hash: Type.String(),
});

/** The answer of GET /api/audit: a page newest first, the cursor of the next, the chain's head. */
export const AuditPageSchema = Type.Object({
  events: Type.Array(AuditEventSchema),
  next_cursor: Nullable(Type.String()),
  head: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
});
