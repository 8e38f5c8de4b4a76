import { rolesFor } from '../../domain/access.js';
import type { App } from '../app.js';
import { IdParams } from '../auth/auth.schemas.js';
import { requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import {
  ChannelListSchema,
  InvitationSmsBody,
  MessageAnswerSchema,
  MessageIdParams,
  MessageListSchema,
  MessageQuery,
  TestSendBody,
} from './outgoing.schemas.js';
import { channelStates, latestMessages, retryNow, sendInvitationBySms, testSend } from './outgoing.service.js';
import type { OutgoingWorker } from './worker.js';

/** The outgoing channels' admin API (docs/api.md, "Outgoing channels"), and the invitation by SMS. */
export async function outgoingRoutes(app: App, opts: { deps: AppDeps; worker: OutgoingWorker }): Promise<void> {
  const { deps, worker } = opts;
  const { db } = deps;
  const managers = requireRole(...rolesFor('channels.manage'));
  const tags = ['outgoing'];

  app.get(
    '/api/outgoing/channels',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: "Each channel's state: configured or not, last success and failure, queue counts",
        response: { 200: ChannelListSchema },
      },
    },
    async () => channelStates(db, deps, worker.channels),
  );

  app.get(
    '/api/outgoing/messages',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'The latest messages of the queue with their attempts (the recipient, never the body)',
        querystring: MessageQuery,
        response: { 200: MessageListSchema },
      },
    },
    async (request) => ({ messages: await latestMessages(db, request.query) }),
  );

  app.post(
    '/api/outgoing/test',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Queue a test message to an e-mail address or a phone number',
        body: TestSendBody,
        response: { 200: MessageAnswerSchema },
      },
    },
    async (request) => ({ message: await unitOfWork(deps, (trx) => testSend(trx, deps, request.body)) }),
  );

  app.post(
    '/api/outgoing/messages/:id/retry',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Put a failed message back in the queue, due now, for a fresh round of attempts',
        params: MessageIdParams,
        response: { 200: MessageAnswerSchema },
      },
    },
    async (request) => ({ message: await unitOfWork(deps, (trx) => retryNow(trx, deps, request.params.id)) }),
  );

  app.post(
    '/api/users/:id/invitation/sms',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['users'],
        summary: "Send a user's live invitation link by SMS (queued; the link is not kept once sent)",
        params: IdParams,
        body: InvitationSmsBody,
        response: { 200: MessageAnswerSchema },
      },
    },
    async (request) => ({
      message: await unitOfWork(deps, (trx) => sendInvitationBySms(trx, deps, request.params.id, request.body)),
    }),
  );
}
