import type { Db } from '../database.js';

/** One entry of the audit trail, as the API shows it. */
export interface AuditEvent {
  id: string;
  at: string;
  actorUserId: string | null;
  action: string;
  subject: string | null;
  detail: string | null;
}

/** What a caller records; `detail` is serialised to JSON text when it is not a string. */
export interface NewAuditEvent {
  id: string;
  at: string;
  actorUserId: string | null;
  action: string;
  subject?: string | null;
  detail?: unknown;
  ip?: string | null;
}

/** Appends one event to the audit trail. */
export async function insertAuditEvent(db: Db, event: NewAuditEvent): Promise<void> {
  const detail =
    event.detail === undefined || event.detail === null
      ? null
      : typeof event.detail === 'string'
        ? event.detail
        : JSON.stringify(event.detail);
  await db
    .insertInto('audit_events')
    .values({
      id: event.id,
      at: event.at,
      actor_user_id: event.actorUserId,
      action: event.action,
      subject: event.subject ?? null,
      detail,
      ip: event.ip ?? null,
    })
    .execute();
}

/** The newest events first, at most `limit` of them. */
export async function listAuditEvents(db: Db, limit: number): Promise<AuditEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['id', 'at', 'actor_user_id', 'action', 'subject', 'detail'])
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    action: r.action,
    subject: r.subject,
    detail: r.detail,
  }));
}
