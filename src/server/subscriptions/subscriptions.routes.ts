import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rolesFor } from '../../domain/access.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import {
  renderConfirmedPage,
  renderConfirmPage,
  renderSubscribePage,
  renderUnsubscribedPage,
  renderUnsubscribePage,
  type SubscribeContext,
  type SubscribeState,
} from '../../site/subscribe.js';
import type { App } from '../app.js';
import { metaOf } from '../auth/auth.routes.js';
import { audit } from '../auth/auth.service.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { rateKeyOf } from '../rate-limit.js';
import { sweepEvery } from '../sweep.js';
import { unitOfWork } from '../tx.js';
import {
  CreateWebhookBody,
  NoContent,
  TestQueued,
  WebhookList,
  WebhookParams,
  WebhookWithSecret,
} from './subscriptions.schemas.js';
import {
  confirmSubscription,
  confirmTokenIsLive,
  createWebhook,
  expirePendingSubscriptions,
  listWebhooks,
  normaliseEmail,
  organisationOf,
  publicBase,
  removeWebhook,
  requestSubscription,
  rotateWebhookSecret,
  testWebhook,
  unsubscribe,
} from './subscriptions.service.js';

/** How often pending subscriptions past their 7 days are deleted. */
const EXPIRY_SWEEP_MS = 3_600_000;

// A form field as sent (the last one when repeated), or undefined.
function field(source: unknown, name: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value = (source as Record<string, unknown>)[name];
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' ? last : undefined;
}

// A token as it can be: base64url (confirm) or `<id>.<mac>` (unsubscribe); anything else is no token.
function tokenOf(value: string | undefined): string | null {
  return value !== undefined && /^[A-Za-z0-9_.-]{20,300}$/.test(value) ? value : null;
}

/** Subscribe requests one address may make in an hour (each may cost an e-mail to a stranger). */
export const SUBSCRIBE_PER_ADDRESS_HOUR = 30;

/**
 * The residents' subscription pages (no script, plain forms; docs/api.md, "Subscriptions") and the partners'
 * webhooks API. The forms are anonymous: the token in the link is the capability, so there is no CSRF token;
 * a POST whose Origin names another site is refused all the same.
 */
export async function subscriptionRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db, config } = deps;

  // Only in this plugin: the staff API takes JSON alone.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  const ownOrigin = new URL(publicBase(config)).origin;
  const checkOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const here = `${request.protocol}://${request.headers.host ?? ''}`;
    if (origin === ownOrigin || origin === here) return;
    reply.status(403).type('text/plain; charset=utf-8').send('Forbidden: this form posts from its own site only.');
  };

  // Like the anonymous sign-in routes: each attempt may cost an e-mail, so few per address.
  const subscribeLimit = app.createRateLimit({
    timeWindow: config.rateLimit.windowMs,
    keyGenerator: (request: FastifyRequest) => `subscribe:${rateKeyOf(request)}`,
    max: config.rateLimit.authPerAddress,
  });

  // And over an hour: the sign-in limit alone would let one address have Lifeboat mail ~100 strangers a
  // minute; a household or a library sharing an address still subscribes a few dozen people an hour.
  const subscribeHourLimit = app.createRateLimit({
    timeWindow: 3_600_000,
    keyGenerator: (request: FastifyRequest) => `subscribe-hour:${rateKeyOf(request)}`,
    max: SUBSCRIBE_PER_ADDRESS_HOUR,
  });

  const contextOf = async (request: FastifyRequest, path: string): Promise<SubscribeContext> => {
    const organisation = await organisationOf(db);
    const asked = field(request.query, 'lang');
    return { lang: isLocale(asked) ? asked : organisation.locale, organisation: organisation.name, path };
  };

  // The page's own CSP: no script at all, and its inline styles by hash.
  const send = (reply: FastifyReply, status: number, page: string) => {
    const hashes = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
      (m) =>
        `'sha256-${createHash('sha256')
          .update(m[1] ?? '')
          .digest('base64')}'`,
    );
    return reply
      .status(status)
      .header(
        'content-security-policy',
        `default-src 'none'; style-src ${hashes.join(' ') || "'none'"}; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
      )
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(page);
  };

  const hidden = { hide: true };

  app.get('/subscribe', { schema: hidden }, async (request, reply) => {
    const ctx = await contextOf(request, '/subscribe');
    return send(reply, 200, renderSubscribePage(ctx, { kind: 'form' }));
  });

  app.post('/subscribe', { schema: hidden, preHandler: checkOrigin }, async (request, reply) => {
    // Counted first, before the page reads the organisation: each attempt may cost an e-mail.
    const minute = await subscribeLimit(request);
    const limit = !minute.isAllowed && minute.isExceeded ? minute : await subscribeHourLimit(request);
    const ctx = await contextOf(request, '/subscribe');
    const email = field(request.body, 'email') ?? '';
    const askedLang = field(request.body, 'lang');
    const lang: Locale = isLocale(askedLang) ? askedLang : ctx.lang;
    const refused = (error: 'invalid' | 'tooMany'): SubscribeState => ({
      kind: 'form',
      email: email.slice(0, 254),
      lang,
      error,
    });
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(limit.ttl / 1000))));
      return send(reply, 429, renderSubscribePage(ctx, refused('tooMany')));
    }
    // 200, as a form shown again with its error: the page is the answer, and browsers log a 400 as a failure.
    if (normaliseEmail(email) === null) return send(reply, 200, renderSubscribePage(ctx, refused('invalid')));
    await unitOfWork(deps, (trx) => requestSubscription(trx, deps, email, lang));
    // The same page whatever the address: nobody learns who subscribes.
    return send(reply, 200, renderSubscribePage(ctx, { kind: 'sent' }));
  });

  app.get('/subscribe/confirm', { schema: hidden }, async (request, reply) => {
    const token = tokenOf(field(request.query, 'token'));
    const ctx = await contextOf(request, token ? `/subscribe/confirm?token=${token}` : '/subscribe/confirm');
    // Showing the button changes nothing: a mail scanner that opens the link confirms nothing.
    const live = token !== null && (await confirmTokenIsLive(db, deps, token));
    return send(reply, live ? 200 : 404, renderConfirmPage(ctx, live ? token : null));
  });

  app.post('/subscribe/confirm', { schema: hidden, preHandler: checkOrigin }, async (request, reply) => {
    const ctx = await contextOf(request, '/subscribe');
    const token = tokenOf(field(request.body, 'token') ?? field(request.query, 'token'));
    const confirmed = token !== null && (await unitOfWork(deps, (trx) => confirmSubscription(trx, deps, token)));
    return send(reply, confirmed ? 200 : 404, renderConfirmedPage(ctx, confirmed));
  });

  app.get('/unsubscribe', { schema: hidden }, async (request, reply) => {
    const token = tokenOf(field(request.query, 'token'));
    const ctx = await contextOf(request, token ? `/unsubscribe?token=${token}` : '/unsubscribe');
    return send(reply, token ? 200 : 404, renderUnsubscribePage(ctx, token));
  });

  // The form's button, and a mail client's one-click unsubscribe (RFC 8058: the token in the URL).
  app.post('/unsubscribe', { schema: hidden, preHandler: checkOrigin }, async (request, reply) => {
    const ctx = await contextOf(request, '/subscribe');
    const token = tokenOf(field(request.body, 'token') ?? field(request.query, 'token'));
    if (token === null) return send(reply, 404, renderUnsubscribePage(ctx, null));
    // Done whether the row was still there or not: a second click, or a stale link, says the same.
    await unitOfWork(deps, (trx) => unsubscribe(trx, config, token));
    return send(reply, 200, renderUnsubscribedPage(ctx));
  });

  sweepEvery(app, EXPIRY_SWEEP_MS, 'deleting expired subscriptions', () =>
    expirePendingSubscriptions(db, deps.clock()),
  );

  // ---- partners' webhooks ----
  const writers = requireRole(...rolesFor('notice.write'));
  const tags = ['webhooks'];

  app.get(
    '/api/webhooks',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: "The partners' webhooks (never their secrets) and how many residents subscribe by e-mail",
        response: { 200: WebhookList },
      },
    },
    async () => listWebhooks(db),
  );

  app.post(
    '/api/webhooks',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: "Add a partner's webhook; its signing secret is in this answer only",
        body: CreateWebhookBody,
        response: { 200: WebhookWithSecret },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return unitOfWork(deps, async (trx) => {
        const created = await createWebhook(trx, deps, request.body);
        await audit(trx, deps, {
          actorUserId: user.id,
          action: 'webhook_created',
          subject: created.webhook.id,
          detail: { name: created.webhook.name, url: created.webhook.url },
          ip: metaOf(request).ip,
        });
        return created;
      });
    },
  );

  app.post(
    '/api/webhooks/:id/secret',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: 'Give a webhook a new signing secret (the old one stops at once); it is in this answer only',
        params: WebhookParams,
        response: { 200: WebhookWithSecret },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return unitOfWork(deps, async (trx) => {
        const rotated = await rotateWebhookSecret(trx, request.params.id);
        await audit(trx, deps, {
          actorUserId: user.id,
          action: 'webhook_secret_rotated',
          subject: rotated.webhook.id,
          detail: { name: rotated.webhook.name },
          ip: metaOf(request).ip,
        });
        return rotated;
      });
    },
  );

  app.delete(
    '/api/webhooks/:id',
    {
      onRequest: writers,
      schema: { tags, summary: 'Remove a webhook', params: WebhookParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const user = callerOf(request);
      await unitOfWork(deps, async (trx) => {
        await removeWebhook(trx, request.params.id);
        await audit(trx, deps, {
          actorUserId: user.id,
          action: 'webhook_removed',
          subject: request.params.id,
          ip: metaOf(request).ip,
        });
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/webhooks/:id/test',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: 'Queue a signed test call to a webhook',
        params: WebhookParams,
        response: { 200: TestQueued },
      },
    },
    async (request) => {
      await unitOfWork(deps, (trx) => testWebhook(trx, deps, request.params.id));
      return { queued: true };
    },
  );
}
