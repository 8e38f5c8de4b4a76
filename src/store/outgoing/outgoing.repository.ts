import { type Database, type Db, dialectOf } from '../database.js';

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

/** A message of the queue as the worker and the admin page see it; `meta` parsed. */
export interface QueuedMessage {
  id: string;
  channel: string;
  purpose: string;
  recipient: string;
  subject: string | null;
  body: string;
  meta: Record<string, unknown>;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  claimedUntil: string | null;
  claimedBy: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** One try to send a message. */
export interface SendAttempt {
  id: string;
  messageId: string;
  at: string;
  ok: boolean;
  error: string | null;
  durationMs: number;
}

type Row = Database['outgoing'];

function parseMeta(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function messageOf(row: Row): QueuedMessage {
  return {
    id: row.id,
    channel: row.channel,
    purpose: row.purpose,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    meta: parseMeta(row.meta),
    state: row.state as QueuedMessage['state'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    claimedUntil: row.claimed_until,
    claimedBy: row.claimed_by,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/**
 * Claims up to `limit` due messages of the given channels for `worker` until `until`, oldest due first.
 * Run it in a short transaction of its own: on PostgreSQL the rows are locked with `FOR UPDATE SKIP LOCKED`,
 * so two servers claiming at once take different messages; SQLite has one writer at a time.
 */
export async function claimDue(
  trx: Db,
  args: { now: string; until: string; worker: string; channels: readonly string[]; limit: number },
): Promise<QueuedMessage[]> {
  if (args.channels.length === 0) return [];
  let query = trx
    .selectFrom('outgoing')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', args.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', args.now)]))
    .where('channel', 'in', [...args.channels])
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(args.limit);
  if (dialectOf(trx) === 'postgres') query = query.forUpdate().skipLocked();
  const ids = (await query.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = await trx
    .updateTable('outgoing')
    .set({ claimed_until: args.until, claimed_by: args.worker })
    .where('id', 'in', ids)
    .returningAll()
    .execute();
  return rows.map(messageOf).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id));
}

/** What became of one attempt, as the worker records it. */
export interface AttemptOutcome {
  attemptId: string;
  at: string;
  ok: boolean;
  error: string | null;
  durationMs: number;
  /** The message's state afterwards, and when it is tried next if still pending. */
  state: 'pending' | 'sent' | 'failed';
  nextAttemptAt: string;
  /** Replaces the body once sent (an invitation's link must not stay in the queue). */
  clearBody?: string;
}

/**
 * Records an attempt and moves the message on, if `worker` still holds its claim; returns false (and writes
 * nothing) when the claim was lost meanwhile.
 */
export async function recordAttempt(
  trx: Db,
  messageId: string,
  worker: string,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const updated = await trx
    .updateTable('outgoing')
    .set((eb) => ({
      state: outcome.state,
      attempts: eb('attempts', '+', 1),
      next_attempt_at: outcome.nextAttemptAt,
      claimed_until: null,
      claimed_by: null,
      last_error: outcome.error,
      ...(outcome.ok ? { sent_at: outcome.at } : {}),
      ...(outcome.clearBody !== undefined ? { body: outcome.clearBody } : {}),
    }))
    .where('id', '=', messageId)
    .where('claimed_by', '=', worker)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await trx
    .insertInto('outgoing_attempts')
    .values({
      id: outcome.attemptId,
      message_id: messageId,
      at: outcome.at,
      ok: outcome.ok ? 1 : 0,
      error: outcome.error,
      duration_ms: Math.max(0, Math.round(outcome.durationMs)),
    })
    .execute();
  return true;
}

/** Gives a claimed message back untouched (its channel went away before it was sent). */
export async function releaseClaim(db: Db, messageId: string, worker: string): Promise<void> {
  await db
    .updateTable('outgoing')
    .set({ claimed_until: null, claimed_by: null })
    .where('id', '=', messageId)
    .where('claimed_by', '=', worker)
    .execute();
}

/** One message by id, or undefined. */
export async function findMessage(db: Db, id: string): Promise<QueuedMessage | undefined> {
  const row = await db.selectFrom('outgoing').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? messageOf(row) : undefined;
}

/** The latest messages, newest first, optionally of one state. */
export async function listMessages(
  db: Db,
  args: { limit: number; state?: QueuedMessage['state'] },
): Promise<QueuedMessage[]> {
  let query = db
    .selectFrom('outgoing')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(args.limit);
  if (args.state) query = query.where('state', '=', args.state);
  return (await query.execute()).map(messageOf);
}

/** The attempts of these messages, oldest first. */
export async function attemptsOf(db: Db, messageIds: readonly string[]): Promise<SendAttempt[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .selectFrom('outgoing_attempts')
    .selectAll()
    .where('message_id', 'in', [...messageIds])
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    messageId: r.message_id,
    at: r.at,
    ok: Number(r.ok) === 1,
    error: r.error,
    durationMs: Number(r.duration_ms),
  }));
}

/** How many messages each channel has in each state. */
export async function countByState(db: Db): Promise<{ channel: string; state: string; count: number }[]> {
  const rows = await db
    .selectFrom('outgoing')
    .select(['channel', 'state', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy(['channel', 'state'])
    .execute();
  return rows.map((r) => ({ channel: r.channel, state: r.state, count: Number(r.n) }));
}

/** Each channel's latest successful and latest failed attempt. */
export async function lastOutcomes(
  db: Db,
): Promise<
  { channel: string; lastSuccessAt: string | null; lastFailureAt: string | null; lastError: string | null }[]
> {
  const rows = await db
    .selectFrom('outgoing_attempts as a')
    .innerJoin('outgoing as o', 'o.id', 'a.message_id')
    .select(['o.channel as channel', 'a.ok as ok', (eb) => eb.fn.max('a.at').as('at')])
    .groupBy(['o.channel', 'a.ok'])
    .execute();
  const byChannel = new Map<string, { lastSuccessAt: string | null; lastFailureAt: string | null }>();
  for (const r of rows) {
    const entry = byChannel.get(r.channel) ?? { lastSuccessAt: null, lastFailureAt: null };
    if (Number(r.ok) === 1) entry.lastSuccessAt = r.at;
    else entry.lastFailureAt = r.at;
    byChannel.set(r.channel, entry);
  }
  const out = [];
  for (const [channel, entry] of byChannel) {
    const failure = entry.lastFailureAt
      ? await db
          .selectFrom('outgoing_attempts as a')
          .innerJoin('outgoing as o', 'o.id', 'a.message_id')
          .select('a.error')
          .where('o.channel', '=', channel)
          .where('a.ok', '=', 0)
          .where('a.at', '=', entry.lastFailureAt)
          .executeTakeFirst()
      : undefined;
    out.push({ channel, ...entry, lastError: failure?.error ?? null });
  }
  return out;
}

/** Puts a failed message back in the queue for a fresh round of attempts, due now; false if not failed. */
export async function requeueFailed(db: Db, id: string, now: string): Promise<boolean> {
  const updated = await db
    .updateTable('outgoing')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, claimed_until: null, claimed_by: null })
    .where('id', '=', id)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** The signing secret of a webhook subscription, read when its message is sent; undefined if it is gone. */
export async function webhookSecret(db: Db, subscriptionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('subscriptions')
    .select('secret')
    .where('id', '=', subscriptionId)
    .where('kind', '=', 'webhook')
    .executeTakeFirst();
  return row?.secret ?? undefined;
}

/** The queue's size by state and the creation time of its oldest pending message (metrics). */
export async function queueGauges(
  db: Db,
): Promise<{ byState: Record<string, number>; oldestPendingAt: string | undefined }> {
  const rows = await db
    .selectFrom('outgoing')
    .select(['state', db.fn.countAll<number>().as('count')])
    .groupBy('state')
    .execute();
  const oldest = await db
    .selectFrom('outgoing')
    .select(db.fn.min('created_at').as('at'))
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return {
    byState: Object.fromEntries(rows.map((r) => [r.state, Number(r.count)])),
    oldestPendingAt: (oldest?.at as string | null | undefined) ?? undefined,
  };
}
