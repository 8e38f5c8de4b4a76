import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Db } from '../../store/database.js';
import { webhookSecret } from '../../store/outgoing/outgoing.repository.js';
import { type Config, withoutPassword } from '../config.js';
import { webhookAddressGuard } from './webhook-address.js';
import { postWebhook, WebhookAddressRefused } from './webhook-post.js';

/** The channels a message can go through. */
export const CHANNEL_NAMES = ['email', 'sms', 'webhook'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** What a channel is handed: one message of the queue. */
export interface OutgoingMessage {
  id: string;
  purpose: string;
  recipient: string;
  subject: string | null;
  body: string;
  meta: Record<string, unknown>;
}

/** One way out: `configured` false leaves its messages waiting in the queue. `send` throws on failure. */
export interface Channel {
  name: ChannelName;
  configured: boolean;
  send(message: OutgoingMessage): Promise<void>;
}

/** A failure that another attempt cannot cure (a bad address, a vanished subscription): no retry. */
export class PermanentSendError extends Error {}

/** The channels by name. */
export type Channels = Record<ChannelName, Channel>;

/** What the channels need from outside; tests may pass their own `fetch` (the SMS gateway's). */
export interface ChannelDeps {
  db: Db;
  config: Config;
  fetch?: typeof fetch;
  /** Seconds since the epoch, for the webhook's timestamp (the app's clock). */
  now: () => Date;
}

/** The header that carries a webhook body's signature (docs/api.md, "Webhooks"). */
export const SIGNATURE_HEADER = 'x-lifeboat-signature';
/** The header with the seconds since the epoch that the signature covers. */
export const TIMESTAMP_HEADER = 'x-lifeboat-timestamp';
/** The header with the message id: the same on every retry, so a receiver can ignore a duplicate. */
export const DELIVERY_HEADER = 'x-lifeboat-delivery';

/** The signature of a webhook body: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<raw body>`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Builds the three channels from the configuration. */
export function createChannels(deps: ChannelDeps): Channels {
  return { email: emailChannel(deps), sms: smsChannel(deps), webhook: webhookChannel(deps) };
}

function emailChannel(deps: ChannelDeps): Channel {
  const smtp = deps.config.channels.smtp;
  const timeout = deps.config.channels.timeoutMs;
  const transport = smtp
    ? nodemailer.createTransport({
        ...smtpServer(smtp.url),
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        logger: false,
        debug: false,
      })
    : undefined;
  return {
    name: 'email',
    configured: transport !== undefined,
    async send(message) {
      if (!transport || !smtp) throw new Error('e-mail is not configured');
      const headers = stringRecord(message.meta.headers);
      await transport.sendMail({
        from: smtp.from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.body,
        headers,
      });
    },
  };
}

function smsChannel(deps: ChannelDeps): Channel {
  const sms = deps.config.channels.sms;
  const doFetch = deps.fetch ?? fetch;
  return {
    name: 'sms',
    configured: sms !== undefined,
    async send(message) {
      if (!sms) throw new Error('SMS is not configured');
      if (!/^\+?[0-9]{6,15}$/.test(message.recipient))
        throw new PermanentSendError('the recipient is not a phone number (e.g. +46701234567)');
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (sms.user !== undefined && sms.password !== undefined)
        headers.authorization = `Basic ${Buffer.from(`${sms.user}:${sms.password}`).toString('base64')}`;
      const response = await doFetch(sms.url, {
        method: 'POST',
        headers,
        body: new URLSearchParams({ from: sms.from, to: message.recipient, message: message.body }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.config.channels.timeoutMs),
      });
      // The answer's body could echo the message (an invitation's link): only the status is kept.
      await response.body?.cancel();
      if (response.status < 200 || response.status > 299)
        throw new Error(`the SMS gateway ${withoutPassword(sms.url)} answered ${response.status}`);
    },
  };
}

function webhookChannel(deps: ChannelDeps): Channel {
  const guard = webhookAddressGuard(deps.config.channels.webhookAllow);
  return {
    name: 'webhook',
    configured: true,
    async send(message) {
      let url: URL;
      try {
        url = new URL(message.recipient);
      } catch {
        throw new PermanentSendError('the webhook address is not a URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new PermanentSendError('a webhook address must be http:// or https://');
      const subscriptionId = message.meta.subscription_id;
      if (typeof subscriptionId !== 'string')
        throw new PermanentSendError('the message names no subscription to sign with');
      const secret = await webhookSecret(deps.db, subscriptionId);
      if (!secret) throw new PermanentSendError('the subscription is gone or has no secret');
      const timestamp = String(Math.floor(deps.now().getTime() / 1000));
      // Redirects are not followed (a redirect could lead the signed body anywhere): a 3xx is a failure.
      const status = await postWebhook(
        url,
        {
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, message.body),
            [TIMESTAMP_HEADER]: timestamp,
            [DELIVERY_HEADER]: message.id,
            'user-agent': 'Lifeboat-Webhook/1',
          },
          body: message.body,
          timeoutMs: deps.config.channels.timeoutMs,
        },
        guard,
      ).catch((error: unknown) => {
        throw error instanceof WebhookAddressRefused ? new PermanentSendError(error.message) : error;
      });
      if (status < 200 || status > 299) throw new Error(`the webhook receiver answered ${status}`);
    },
  };
}

// nodemailer takes the server as parts; the URL is smtp://user:password@host:port (smtps:// for TLS from the start).
function smtpServer(text: string): {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
} {
  const url = new URL(text);
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port) || (secure ? 465 : 587);
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined;
  return { host: url.hostname, port, secure, ...(auth ? { auth } : {}) };
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
