import type { Static } from '@sinclair/typebox';
import { emailAddress, phoneE164 } from '../../../domain/contact.js';
import type {
  ChannelListSchema,
  InvitationSmsBody,
  MessageAnswerSchema,
  MessageListSchema,
  TestSendBody,
} from '../../../server/outgoing/outgoing.schemas.js';
import { request } from '../../api.js';

/** GET /api/outgoing/channels. */
export type ChannelList = Static<typeof ChannelListSchema>;
/** One channel's state. */
export type ChannelState = ChannelList['channels'][number];
/** GET /api/outgoing/messages. */
export type MessageList = Static<typeof MessageListSchema>;
/** One message of the queue (never its body). */
export type QueueMessage = MessageList['messages'][number];
/** A message's state. */
export type MessageState = 'pending' | 'sent' | 'failed';

/** The outgoing channels' admin API. */
export const channelsApi = {
  channels: () => request<ChannelList>('GET', '/api/outgoing/channels'),
  messages: (state: MessageState | 'all') =>
    request<MessageList>('GET', `/api/outgoing/messages${state === 'all' ? '' : `?state=${state}`}`),
  testSend: (body: Static<typeof TestSendBody>) =>
    request<Static<typeof MessageAnswerSchema>>('POST', '/api/outgoing/test', { body }),
  retry: (id: string) =>
    request<Static<typeof MessageAnswerSchema>>('POST', `/api/outgoing/messages/${encodeURIComponent(id)}/retry`),
  invitationBySms: (userId: string, body: Static<typeof InvitationSmsBody>) =>
    request<Static<typeof MessageAnswerSchema>>('POST', `/api/users/${encodeURIComponent(userId)}/invitation/sms`, {
      body,
    }),
};

/** Whether a typed phone number is in international form once spaces and dashes are dropped (as the server reads it). */
export function looksLikePhone(input: string): boolean {
  return phoneE164(input) !== null;
}

/** Whether a typed text looks like an e-mail address (the server checks the same). */
export function looksLikeEmail(input: string): boolean {
  return emailAddress(input) !== null;
}
