import type { Db } from '../database.js';

/** A message for the outgoing queue, as a feature hands it over. */
export interface NewOutgoing {
  id: string;
  channel: 'email' | 'sms' | 'webhook';
  /** What it is for: `reminder`, `invitation`, `notice`, `confirm`, `test`… */
  purpose: string;
  /** An e-mail address, a phone number (E.164), or a webhook URL. */
  recipient: string;
  subject?: string | null;
  body: string;
  /** Extra data the channel needs when sending, e.g. `{ subscription_id }` for a webhook's signature. */
  meta?: Record<string, unknown>;
  /** Messages that must go at most once (a reminder per unit and deadline); a second enqueue is ignored. */
  dedupe_key?: string | null;
  /** When it may go first (default: now). */
  not_before?: string;
}

/**
 * Puts a message in the outgoing queue, inside the caller's transaction: it is sent only if that commits,
 * and never lost afterwards. Returns false when a message with the same `dedupe_key` is already queued.
 */
export async function enqueueOutgoing(db: Db, message: NewOutgoing, now: string): Promise<boolean> {
  const result = await db
    .insertInto('outgoing')
    .values({
      id: message.id,
      channel: message.channel,
      purpose: message.purpose,
      recipient: message.recipient,
      subject: message.subject ?? null,
      body: message.body,
      meta: JSON.stringify(message.meta ?? {}),
      dedupe_key: message.dedupe_key ?? null,
      state: 'pending',
      attempts: 0,
      next_attempt_at: message.not_before ?? now,
      claimed_until: null,
      claimed_by: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
