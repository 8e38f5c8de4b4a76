/** The API's schemas for partners' webhooks (docs/api.md, "Webhooks"). */
import { Type } from '@sinclair/typebox';

/** A webhook as listed: never its secret. */
export const WebhookSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  created_at: Type.String(),
});

/** GET /api/webhooks: the webhooks, and how many residents subscribe by e-mail. */
export const WebhookList = Type.Object({
  webhooks: Type.Array(WebhookSchema),
  email: Type.Object({ active: Type.Integer(), pending: Type.Integer() }),
  time_zone: Type.String({ description: "the organisation's IANA time zone, for showing times" }),
});

/** POST /api/webhooks: a partner's name and its https URL. */
export const CreateWebhookBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    url: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);

/** A webhook with its secret: the answer of create and rotate, the only time the secret is shown. */
export const WebhookWithSecret = Type.Object({
  webhook: WebhookSchema,
  secret: Type.String({ description: 'HMAC-SHA256 key of the X-Lifeboat-Signature header; shown only here' }),
});

/** A webhook's id in a path. */
export const WebhookParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** POST /api/webhooks/:id/test: the test call is queued. */
export const TestQueued = Type.Object({ queued: Type.Boolean() });

/** An empty answer. */
export const NoContent = Type.Null();
