import type { Static } from '@sinclair/typebox';
import type {
  CreateWebhookBody,
  TestQueued,
  WebhookList,
  WebhookWithSecret,
} from '../../../server/subscriptions/subscriptions.schemas.js';
import { request } from '../../api.js';

/** GET /api/webhooks. */
export type WebhookListResponse = Static<typeof WebhookList>;
/** One webhook as listed. */
export type WebhookItem = WebhookListResponse['webhooks'][number];
/** A webhook with its secret, shown once. */
export type WebhookSecretResponse = Static<typeof WebhookWithSecret>;

const path = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`;

/** The partners' webhooks calls (docs/api.md, "Webhooks"). */
export const webhooksApi = {
  list: () => request<WebhookListResponse>('GET', '/api/webhooks'),
  create: (body: Static<typeof CreateWebhookBody>) => request<WebhookSecretResponse>('POST', '/api/webhooks', { body }),
  rotate: (id: string) => request<WebhookSecretResponse>('POST', `${path(id)}/secret`),
  remove: (id: string) => request<void>('DELETE', path(id)),
  test: (id: string) => request<Static<typeof TestQueued>>('POST', `${path(id)}/test`),
};
