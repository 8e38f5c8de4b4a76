import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { emailAddress } from '../../domain/contact.js';
import { LifeboatError } from '../../domain/errors.js';
import { DEFAULT_LOCALE, isLocale, type Locale, translate } from '../../i18n/index.js';
import { getOrganisation } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import {
  activateSubscription,
  countActiveEmail,
  deleteExpiredPending,
  deleteSubscription,
  findSubscription,
  findSubscriptionByAddress,
  findSubscriptionByTokenHash,
  insertSubscription,
  listActive,
  renewPendingToken,
  replaceWebhookSecret,
  type Subscription,
} from '../../store/site/subscriptions.repository.js';
import { ensureSecretKey } from '../auth/keys.js';
import type { Config } from '../config.js';
import type { AppDeps } from '../deps.js';
import { enqueue } from '../outgoing/enqueue.js';
import { literalAddress, type WebhookAddressGuard, webhookAddressGuard } from '../outgoing/webhook-address.js';
import { organisationZone } from '../tasks/tasks.service.js';

/** A pending subscription asked for again gets a new confirmation e-mail at most this often. */
export const CONFIRM_RESEND_MS = 10 * 60_000;
/** A subscription never confirmed is deleted this long after its last confirmation e-mail. */
export const PENDING_TTL_MS = 7 * 24 * 3_600_000;

type Deps = Pick<AppDeps, 'clock' | 'ids' | 'config'>;

/** The SHA-256 of a token, as stored: a stolen database gives no working confirmation link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

// One derived key per configuration: the key file is read once.
const unsubscribeKeys = new WeakMap<Config, Buffer>();

function unsubscribeKey(config: Config): Buffer {
  let key = unsubscribeKeys.get(config);
  if (!key) {
    const master = Buffer.from(ensureSecretKey(config), 'utf8');
    key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'lifeboat:unsubscribe-token', 32));
    unsubscribeKeys.set(config, key);
  }
  return key;
}

function unsubscribeMac(config: Config, id: string): string {
  return createHmac('sha256', unsubscribeKey(config)).update(id).digest('base64url');
}

/**
 * A subscriber's unsubscribe token, `<id>.<HMAC-SHA256(key, id)>` with a key derived from the installation's
 * master key (LIFEBOAT_SECRET_KEY or secret.key): nothing is stored for it, every e-mail to the subscriber
 * carries the same one, and it stops working when the row is deleted. A new master key voids old links.
 */
export function unsubscribeToken(config: Config, subscriptionId: string): string {
  return `${subscriptionId}.${unsubscribeMac(config, subscriptionId)}`;
}

/** The subscription id an unsubscribe token names, if its signature holds. */
export function subscriptionIdOf(config: Config, token: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || token.length > 300) return null;
  const id = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(unsubscribeMac(config, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/** The public base URL without a trailing slash, for links in e-mails. */
export function publicBase(config: Config): string {
  return config.publicUrl.replace(/\/+$/, '');
}

/** The organisation's name and language, for the public pages and e-mails. */
export async function organisationOf(db: Db): Promise<{ name: string; locale: Locale }> {
  const organisation = await getOrganisation(db);
  return {
    name: organisation?.name ?? 'Lifeboat',
    locale: isLocale(organisation?.locale) ? organisation.locale : DEFAULT_LOCALE,
  };
}

/** The address as stored (trimmed, lower case), or null when it is not an e-mail address. */
export function normaliseEmail(raw: string): string | null {
  return emailAddress(raw)?.toLowerCase() ?? null;
}

/** The link that unsubscribes a subscriber (in the e-mail's text and its List-Unsubscribe header). */
export function unsubscribeUrl(config: Config, subscriptionId: string, lang: Locale): string {
  const token = encodeURIComponent(unsubscribeToken(config, subscriptionId));
  return `${publicBase(config)}/unsubscribe?token=${token}&lang=${lang}`;
}

/** The e-mail headers of RFC 8058 one-click unsubscription, as the e-mail channel reads them from `meta`. */
export function listUnsubscribeMeta(config: Config, subscriptionId: string, lang: Locale): Record<string, unknown> {
  // A mail client's one-click unsubscribe POSTs `List-Unsubscribe=One-Click` to this URL.
  const url = unsubscribeUrl(config, subscriptionId, lang);
  return { headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
}

/**
 * A resident asks to subscribe: a pending subscription and a confirmation e-mail with a one-time link. The
 * caller shows the same page whatever happened, so nothing tells whether the address was subscribed already:
 * an active one gets nothing, a pending one a new link at most once per CONFIRM_RESEND_MS.
 */
export async function requestSubscription(trx: Db, deps: Deps, email: string, lang: Locale): Promise<void> {
  const now = deps.clock();
  await deleteExpiredPending(trx, new Date(now.getTime() - PENDING_TTL_MS).toISOString());
  const address = normaliseEmail(email);
  if (address === null) throw new LifeboatError('validation_failed', 'Not an e-mail address.', { field: 'email' });
  const token = newToken();
  const existing = await findSubscriptionByAddress(trx, 'email', address);
  let id: string;
  if (existing) {
    if (existing.state === 'active') return;
    if (now.getTime() - new Date(existing.created_at).getTime() < CONFIRM_RESEND_MS) return;
    await renewPendingToken(trx, existing.id, hashToken(token), lang, now.toISOString());
    id = existing.id;
  } else {
    id = deps.ids();
    const inserted = await insertSubscription(trx, {
      id,
      kind: 'email',
      address,
      lang,
      state: 'pending',
      token_hash: hashToken(token),
      secret: null,
      name: null,
      created_at: now.toISOString(),
      confirmed_at: null,
    });
    if (!inserted) return; // the same address at the same moment: that request sends the e-mail
  }
  const organisation = (await organisationOf(trx)).name;
  const link = `${publicBase(deps.config)}/subscribe/confirm?token=${token}&lang=${lang}`;
  await enqueue(trx, deps, {
    channel: 'email',
    purpose: 'confirm',
    recipient: address,
    subject: translate(lang, 'subscribe.mail.confirm.subject', { organisation }),
    body: `${translate(lang, 'subscribe.mail.confirm.body', { organisation, link })}\n`,
    meta: listUnsubscribeMeta(deps.config, id, lang),
  });
}

/** Whether a confirmation token belongs to a subscription that a POST could still confirm (or has). */
export async function confirmTokenIsLive(db: Db, deps: Pick<AppDeps, 'clock'>, token: string): Promise<boolean> {
  const found = await findSubscriptionByTokenHash(db, hashToken(token));
  return found !== null && !isExpired(found, deps.clock());
}

function isExpired(subscription: Subscription, now: Date): boolean {
  return (
    subscription.state === 'pending' && now.getTime() - new Date(subscription.created_at).getTime() >= PENDING_TTL_MS
  );
}

/** Confirms a subscription by its token; true also when it was confirmed already (a second click). */
export async function confirmSubscription(trx: Db, deps: Pick<AppDeps, 'clock'>, token: string): Promise<boolean> {
  const found = await findSubscriptionByTokenHash(trx, hashToken(token));
  if (found?.kind !== 'email' || isExpired(found, deps.clock())) return false;
  if (found.state === 'active') return true;
  // The token stays as it was: it is spent (confirming twice changes nothing) and never sent again.
  return activateSubscription(trx, found.id, hashToken(token), deps.clock().toISOString());
}

/** Unsubscribes: deletes the row the token names. The caller answers the same whether it was there or not. */
export async function unsubscribe(trx: Db, config: Config, token: string): Promise<boolean> {
  const id = subscriptionIdOf(config, token);
  if (id === null) return false;
  const found = await findSubscription(trx, 'email', id);
  return found !== null && (await deleteSubscription(trx, id));
}

/** Deletes the pending subscriptions nobody confirmed in time; returns how many (run by a timer). */
export async function expirePendingSubscriptions(db: Db, now: Date): Promise<number> {
  return deleteExpiredPending(db, new Date(now.getTime() - PENDING_TTL_MS).toISOString());
}

// ---- Partners' webhooks ----

/** A webhook as the admin page sees it: never its secret. */
export interface Webhook {
  id: string;
  name: string;
  url: string;
  created_at: string;
}

function toWebhook(s: Subscription): Webhook {
  return { id: s.id, name: s.name ?? '', url: s.address, created_at: s.created_at };
}

/** The webhooks, and how many residents subscribe by e-mail (never who). */
export async function listWebhooks(
  db: Db,
): Promise<{ webhooks: Webhook[]; email: { active: number; pending: number }; time_zone: string }> {
  return {
    webhooks: (await listActive(db, 'webhook')).map(toWebhook),
    email: await countActiveEmail(db),
    time_zone: await organisationZone(db),
  };
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A webhook's URL as stored: https, or http to this machine only (tests, a local relay); no credentials. */
export function checkWebhookUrl(raw: string, guard: WebhookAddressGuard = webhookAddressGuard()): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badUrl();
  }
  const secure = url.protocol === 'https:';
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if ((!secure && !local) || url.username !== '' || url.password !== '' || url.hash !== '') throw badUrl();
  // An address the sending would refuse is refused now, where the one who types it sees why; a name is
  // resolved only when sending (webhook-post.ts), so that what it resolves to then is what counts.
  const address = url.hostname === 'localhost' ? '127.0.0.1' : literalAddress(url.hostname);
  if (address !== null && !guard.allows(address))
    throw new LifeboatError(
      'validation_failed',
      'The address is not a public one (this machine, a private or a link-local network). The server’s operator can allow a network for webhooks.',
      { field: 'url', key: 'err.webhook.address' },
    );
  return url.toString();
}

function badUrl(): LifeboatError {
  return new LifeboatError(
    'validation_failed',
    'The address must be an https:// URL (http:// only to 127.0.0.1 or localhost), without a user name or password.',
    { field: 'url', key: 'err.webhook.url' },
  );
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Adds a partner's webhook; the secret is in this answer only. */
export async function createWebhook(
  trx: Db,
  deps: Deps,
  input: { name: string; url: string },
): Promise<{ webhook: Webhook; secret: string }> {
  const url = checkWebhookUrl(input.url, webhookAddressGuard(deps.config.channels.webhookAllow));
  const secret = newSecret();
  const id = deps.ids();
  const now = deps.clock().toISOString();
  const inserted = await insertSubscription(trx, {
    id,
    kind: 'webhook',
    address: url,
    // A webhook gets every language in one body; the column names none.
    lang: '',
    state: 'active',
    // Never used as a link: a webhook has no token, but the column is unique and required.
    token_hash: hashToken(newToken()),
    secret,
    name: input.name.trim(),
    created_at: now,
    confirmed_at: now,
  });
  if (!inserted)
    throw new LifeboatError('conflict', 'A webhook with this address exists already.', {
      field: 'url',
      key: 'err.webhook.exists',
    });
  return { webhook: { id, name: input.name.trim(), url, created_at: now }, secret };
}

async function webhookOrNotFound(db: Db, id: string): Promise<Subscription> {
  const found = await findSubscription(db, 'webhook', id);
  if (!found) throw new LifeboatError('not_found', 'No such webhook.', { key: 'err.webhook.notFound' });
  return found;
}

/** Gives a webhook a new secret (the old one stops signing at once); the secret is in this answer only. */
export async function rotateWebhookSecret(trx: Db, id: string): Promise<{ webhook: Webhook; secret: string }> {
  const found = await webhookOrNotFound(trx, id);
  const secret = newSecret();
  await replaceWebhookSecret(trx, id, secret);
  return { webhook: toWebhook(found), secret };
}

/** Removes a webhook; calls still queued for it fail at send time (its secret is gone). */
export async function removeWebhook(trx: Db, id: string): Promise<void> {
  await webhookOrNotFound(trx, id);
  await deleteSubscription(trx, id);
}

/** Queues a test call to a webhook, signed like a real one, so a partner can check the signature. */
export async function testWebhook(trx: Db, deps: Deps, id: string): Promise<void> {
  const found = await webhookOrNotFound(trx, id);
  const messageId = deps.ids();
  await enqueue(trx, deps, {
    channel: 'webhook',
    purpose: 'test',
    recipient: found.address,
    subject: null,
    body: JSON.stringify({ type: 'test', id: messageId, sent_at: deps.clock().toISOString() }),
    meta: { subscription_id: found.id },
  });
}
