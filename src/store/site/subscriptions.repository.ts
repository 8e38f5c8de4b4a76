import type { Db } from '../database.js';

/** A subscription as the services see it (the webhook secret is read only by `webhookSecretOf`). */
export interface Subscription {
  id: string;
  kind: 'email' | 'webhook';
  address: string;
  lang: string;
  state: 'pending' | 'active';
  name: string | null;
  created_at: string;
  confirmed_at: string | null;
}

const COLUMNS = ['id', 'kind', 'address', 'lang', 'state', 'name', 'created_at', 'confirmed_at'] as const;

function toSubscription(row: {
  id: string;
  kind: string;
  address: string;
  lang: string;
  state: string;
  name: string | null;
  created_at: string;
  confirmed_at: string | null;
}): Subscription {
  return {
    ...row,
    kind: row.kind === 'webhook' ? 'webhook' : 'email',
    state: row.state === 'active' ? 'active' : 'pending',
  };
}

/** A new subscription row: the token's hash, and for a webhook its secret and name. */
export interface NewSubscription {
  id: string;
  kind: 'email' | 'webhook';
  address: string;
  lang: string;
  state: 'pending' | 'active';
  token_hash: string;
  secret: string | null;
  name: string | null;
  created_at: string;
  confirmed_at: string | null;
}

/** Inserts a subscription; false when one of that kind and address exists already (a concurrent request). */
export async function insertSubscription(db: Db, row: NewSubscription): Promise<boolean> {
  const result = await db
    .insertInto('subscriptions')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'address']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The subscription of a kind and address, if any. */
export async function findSubscriptionByAddress(
  db: Db,
  kind: 'email' | 'webhook',
  address: string,
): Promise<Subscription | null> {
  const row = await db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('kind', '=', kind)
    .where('address', '=', address)
    .executeTakeFirst();
  return row ? toSubscription(row) : null;
}

/** The subscription whose token hashes to this value, if any. */
export async function findSubscriptionByTokenHash(db: Db, tokenHash: string): Promise<Subscription | null> {
  const row = await db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toSubscription(row) : null;
}

/** A subscription by id and kind, if any. */
export async function findSubscription(db: Db, kind: 'email' | 'webhook', id: string): Promise<Subscription | null> {
  const row = await db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toSubscription(row) : null;
}

/** Replaces a pending subscription's token (a resent confirmation) and restarts its expiry. */
export async function renewPendingToken(
  db: Db,
  id: string,
  tokenHash: string,
  lang: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ token_hash: tokenHash, lang, created_at: now })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** Activates a pending subscription, its token replaced by the unsubscribe token's hash; false if not pending. */
export async function activateSubscription(db: Db, id: string, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ state: 'active', token_hash: tokenHash, confirmed_at: now })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes a subscription; false if it was gone already. */
export async function deleteSubscription(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Deletes the e-mail subscriptions still pending that were last asked for before `before`; returns how many. */
export async function deleteExpiredPending(db: Db, before: string): Promise<number> {
  const result = await db
    .deleteFrom('subscriptions')
    .where('kind', '=', 'email')
    .where('state', '=', 'pending')
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every active subscription of a kind, oldest first. */
export async function listActive(db: Db, kind: 'email' | 'webhook'): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(COLUMNS)
    .where('kind', '=', kind)
    .where('state', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSubscription);
}

/** Replaces a webhook's signing secret; false if there is no such webhook. */
export async function replaceWebhookSecret(db: Db, id: string, secret: string): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ secret })
    .where('id', '=', id)
    .where('kind', '=', 'webhook')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Counts the active e-mail subscribers (the admin page shows the number, never the addresses). */
export async function countActiveEmail(db: Db): Promise<{ active: number; pending: number }> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kind', '=', 'email')
    .groupBy('state')
    .execute();
  const of = (s: string) => Number(rows.find((r) => r.state === s)?.n ?? 0);
  return { active: of('active'), pending: of('pending') };
}
