/** The API's schemas for the outgoing channels and queue (docs/api.md, "Outgoing channels"). */
import { Type } from '@sinclair/typebox';

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()]);
const Time = Type.String({ description: 'ISO 8601 date-time (UTC)' });

/** The channels by name. */
export const ChannelNameSchema = Type.String({ enum: ['email', 'sms', 'webhook'] });
/** A message's state. */
export const MessageStateSchema = Type.String({ enum: ['pending', 'sent', 'failed'] });

/** One channel's state on the admin page: never a password. */
export const ChannelStateSchema = Type.Object({
  name: ChannelNameSchema,
  configured: Type.Boolean(),
  /** Where it sends, without credentials (the SMTP server, the SMS gateway), or null. */
  target: Nullable(Type.String()),
  /** The sender (an address, an SMS sender name), or null. */
  from: Nullable(Type.String()),
  last_success_at: Nullable(Time),
  last_failure_at: Nullable(Time),
  last_error: Nullable(Type.String()),
  pending: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
});

/** GET /api/outgoing/channels */
export const ChannelListSchema = Type.Object({
  channels: Type.Array(ChannelStateSchema),
  max_attempts: Type.Integer(),
  /** The organisation's time zone, in which the page shows times. */
  time_zone: Type.String(),
});

/** One attempt to send a message. */
export const AttemptSchema = Type.Object({
  at: Time,
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  duration_ms: Type.Integer(),
});

/** A message of the queue as the admin page shows it: the recipient, never the body. */
export const MessageSchema = Type.Object({
  id: Type.String(),
  channel: ChannelNameSchema,
  purpose: Type.String(),
  recipient: Type.String(),
  subject: Nullable(Type.String()),
  state: MessageStateSchema,
  attempts: Type.Integer(),
  next_attempt_at: Time,
  last_error: Nullable(Type.String()),
  created_at: Time,
  sent_at: Nullable(Time),
  attempt_log: Type.Array(AttemptSchema),
});

/** GET /api/outgoing/messages: filter and page size. */
export const MessageQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

/** GET /api/outgoing/messages */
export const MessageListSchema = Type.Object({ messages: Type.Array(MessageSchema) });

/** POST /api/outgoing/test: a test message to a typed-in address or number. */
export const TestSendBody = Type.Object(
  {
    channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
    recipient: Type.String({ minLength: 3, maxLength: 254, description: 'an e-mail address, or a phone number' }),
  },
  { additionalProperties: false },
);

/** One message, as answered after a test-send or a retry. */
export const MessageAnswerSchema = Type.Object({ message: MessageSchema });

/** A message's id in a path. */
export const MessageIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** POST /api/users/:id/invitation/sms: the link just made for this user, and the phone to send it to. */
export const InvitationSmsBody = Type.Object(
  {
    invitation_url: Type.String({ minLength: 1, maxLength: 2000 }),
    phone: Type.String({ minLength: 3, maxLength: 40, description: 'e.g. +46701234567 or 070-123 45 67' }),
    lang: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
