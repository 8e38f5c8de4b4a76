import type { Static } from '@sinclair/typebox';
import { LifeboatError } from '../../domain/errors.js';
import type { ChainHead } from '../../domain/journal/chain.js';
import { auditChainHead, listAuditEvents } from '../../store/audit/audit.repository.js';
import type { Db } from '../../store/database.js';
import type { AuditPageSchema, AuditQuery } from './audit.schemas.js';

/** One page of the audit trail, the cursor of the next page, and the head of the chain (the API's view). */
export type AuditPage = Static<typeof AuditPageSchema> & { head: ChainHead };

/** Reads a page of the trail, newest first, filtered by action, actor (id, e-mail or address) and time. */
export async function listAudit(db: Db, query: Static<typeof AuditQuery>): Promise<AuditPage> {
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && Number.isNaN(from.getTime()))
    throw new LifeboatError('validation_failed', 'from: not a time', { key: 'err.audit.notTime', field: 'from' });
  if (to && Number.isNaN(to.getTime()))
    throw new LifeboatError('validation_failed', 'to: not a time', { key: 'err.audit.notTime', field: 'to' });
  if (from && to && to <= from)
    throw new LifeboatError('validation_failed', 'to: must be after from', {
      key: 'err.audit.toBeforeFrom',
      field: 'to',
    });
  // Stored times are UTC ISO text, so compare with UTC ISO text whatever offset the caller used.
  const { events, nextBeforeSeq } = await listAuditEvents(db, {
    limit: query.limit ?? 100,
    beforeSeq: query.cursor === undefined ? undefined : Number(query.cursor),
    action: query.action,
    actor: query.actor,
    from: from?.toISOString(),
    to: to?.toISOString(),
  });
  return {
    events: events.map((e) => ({
      id: e.id,
      seq: e.seq,
      at: e.at,
      actor_user_id: e.actorUserId,
      actor_email: e.actorEmail,
      action: e.action,
      subject: e.subject,
      detail: e.detail,
      ip: e.ip,
      count: e.count,
      hash: e.hash,
    })),
    next_cursor: nextBeforeSeq === null ? null : String(nextBeforeSeq),
    head: await auditChainHead(db),
  };
}
