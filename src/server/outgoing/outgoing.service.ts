import type { Static } from '@sinclair/typebox';
import { emailAddress, phoneE164 } from '../../domain/contact.js';
import { LifeboatError } from '../../domain/errors.js';
import { INTERNAL } from '../../domain/live/events.js';
import { translate } from '../../i18n/index.js';
import { findInvitationByHash } from '../../store/auth/auth.repository.js';
import type { Db } from '../../store/database.js';
import {
  attemptsOf,
  countByState,
  findMessage,
  lastOutcomes,
  listMessages,
  type QueuedMessage,
  requeueFailed,
} from '../../store/outgoing/outgoing.repository.js';
import { invitationHash } from '../auth/secrets.js';
import { withoutPassword } from '../config.js';
import type { AppDeps } from '../deps.js';
import { organisationZone } from '../tasks/tasks.service.js';
import { emit } from '../tx.js';
import { CHANNEL_NAMES, type Channels } from './channels.js';
import { enqueue } from './enqueue.js';
import type { ChannelListSchema, InvitationSmsBody, MessageSchema, TestSendBody } from './outgoing.schemas.js';

type MessageJson = Static<typeof MessageSchema>;

/** A phone number as the SMS gateways want it (E.164: `+` and digits); refuses a national number. */
export function normalisePhone(input: string, field: string): string {
  const compact = phoneE164(input);
  if (compact === null)
    throw new LifeboatError('validation_failed', 'Give the phone number with its country code, e.g. +46701234567.', {
      field,
      key: 'err.outgoing.phone',
    });
  return compact;
}

function checkEmail(input: string, field: string): string {
  const address = emailAddress(input);
  if (address === null)
    throw new LifeboatError('validation_failed', 'Give an e-mail address, e.g. name@example.org.', {
      field,
      key: 'err.outgoing.email',
    });
  return address;
}

/** Each channel's state for the admin page: configured or not, where it sends (no password), last outcomes. */
export async function channelStates(
  db: Db,
  deps: Pick<AppDeps, 'config'>,
  channels: Channels,
): Promise<Static<typeof ChannelListSchema>> {
  const counts = await countByState(db);
  const outcomes = await lastOutcomes(db);
  const { smtp, sms } = deps.config.channels;
  const targets: Record<string, { target: string | null; from: string | null }> = {
    email: { target: smtp ? withoutPassword(smtp.url) : null, from: smtp?.from ?? null },
    sms: { target: sms ? withoutPassword(sms.url) : null, from: sms?.from ?? null },
    webhook: { target: null, from: null },
  };
  return {
    max_attempts: deps.config.channels.maxAttempts,
    time_zone: await organisationZone(db),
    channels: CHANNEL_NAMES.map((name) => {
      const outcome = outcomes.find((o) => o.channel === name);
      const count = (state: string) => counts.find((c) => c.channel === name && c.state === state)?.count ?? 0;
      return {
        name,
        configured: channels[name].configured,
        target: targets[name]?.target ?? null,
        from: targets[name]?.from ?? null,
        last_success_at: outcome?.lastSuccessAt ?? null,
        last_failure_at: outcome?.lastFailureAt ?? null,
        last_error: outcome?.lastError ?? null,
        pending: count('pending'),
        sent: count('sent'),
        failed: count('failed'),
      };
    }),
  };
}

async function messagesJson(db: Db, messages: QueuedMessage[]): Promise<MessageJson[]> {
  const attempts = await attemptsOf(
    db,
    messages.map((m) => m.id),
  );
  return messages.map((m) => ({
    id: m.id,
    channel: m.channel,
    purpose: m.purpose,
    recipient: m.recipient,
    subject: m.subject,
    state: m.state,
    attempts: m.attempts,
    next_attempt_at: m.nextAttemptAt,
    last_error: m.lastError,
    created_at: m.createdAt,
    sent_at: m.sentAt,
    attempt_log: attempts
      .filter((a) => a.messageId === m.id)
      .map((a) => ({ at: a.at, ok: a.ok, error: a.error, duration_ms: a.durationMs })),
  }));
}

/** The latest messages with their attempts, newest first. */
export async function latestMessages(
  db: Db,
  query: { state?: QueuedMessage['state']; limit?: number },
): Promise<MessageJson[]> {
  return messagesJson(db, await listMessages(db, { limit: query.limit ?? 50, state: query.state }));
}

function noMessage(): LifeboatError {
  return new LifeboatError('not_found', 'No such message.', { field: 'id', key: 'err.outgoing.noMessage' });
}

async function oneMessage(db: Db, id: string): Promise<MessageJson> {
  const message = await findMessage(db, id);
  const [json] = message ? await messagesJson(db, [message]) : [];
  if (!json) throw noMessage();
  return json;
}

/** Queues a `test` message to the address or number typed in on the admin page. */
export async function testSend(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  input: Static<typeof TestSendBody>,
): Promise<MessageJson> {
  const recipient =
    input.channel === 'email' ? checkEmail(input.recipient, 'recipient') : normalisePhone(input.recipient, 'recipient');
  const id = deps.ids();
  const at = deps.clock();
  const fixed = { clock: () => at, ids: () => id };
  const body = 'This is a test message from Lifeboat. / Det här är ett testmeddelande från Lifeboat.';
  await enqueue(trx, fixed, {
    channel: input.channel,
    purpose: 'test',
    recipient,
    subject: input.channel === 'email' ? 'Lifeboat: test' : null,
    body,
  });
  return oneMessage(trx, id);
}

/** Puts a failed message back in the queue for a fresh round of attempts. */
export async function retryNow(trx: Db, deps: Pick<AppDeps, 'clock'>, id: string): Promise<MessageJson> {
  if (!(await findMessage(trx, id))) throw noMessage();
  const now = deps.clock();
  if (!(await requeueFailed(trx, id, now.toISOString())))
    throw new LifeboatError('invalid_transition', 'Only a failed message can be retried.', {
      field: 'id',
      key: 'err.outgoing.notFailed',
    });
  await emit(trx, now, {
    type: 'outgoing.changed',
    audience: INTERNAL,
    data: { message_id: id, state: 'pending', attempts: 0 },
  });
  return oneMessage(trx, id);
}

/**
 * Sends a user's live invitation link by SMS: the link must be one just made for this user (its token is
 * checked against the stored hash), so that the route cannot be used to text anything else.
 */
export async function sendInvitationBySms(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>,
  userId: string,
  input: Static<typeof InvitationSmsBody>,
): Promise<MessageJson> {
  const phone = normalisePhone(input.phone, 'phone');
  const url = input.invitation_url.trim();
  const hash = url.indexOf('#');
  const token = hash >= 0 ? url.slice(hash + 1) : '';
  const invitation = token ? await findInvitationByHash(trx, invitationHash(token)) : undefined;
  const now = deps.clock();
  const expected = `${deps.config.publicUrl}/app/invite#`;
  if (
    !invitation ||
    invitation.userId !== userId ||
    invitation.usedAt !== null ||
    invitation.expiresAt <= now.toISOString() ||
    !url.startsWith(expected)
  )
    throw new LifeboatError('not_found', 'This link is not a live invitation of this user; make a new one.', {
      field: 'invitation_url',
      key: 'err.outgoing.noInvitation',
    });
  const id = deps.ids();
  await enqueue(
    trx,
    { clock: () => now, ids: () => id },
    {
      channel: 'sms',
      purpose: 'invitation',
      recipient: phone,
      body: translate(input.lang ?? 'sv', 'channels.sms.invitation', { url }),
      meta: { user_id: userId, invitation_id: invitation.id },
    },
  );
  return oneMessage(trx, id);
}
