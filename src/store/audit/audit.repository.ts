import { sql } from 'kysely';
import type { JsonValue } from '../../domain/journal/canonical.js';
import type { ChainHead, ChainVerdict, StoredChainEntry } from '../../domain/journal/chain.js';
import type { Db } from '../database.js';
import { appendToChain, chainHead, verifyStoredChain } from '../journal/journal.repository.js';
import type { AuditEventTable } from './audit.table.js';

const AUDIT_CHAIN = 'audit';

/** One entry of the audit trail, as the API shows it. */
export interface AuditEvent {
  id: string;
  seq: number;
  at: string;
  actorUserId: string | null;
  /** The actor's e-mail address now, when the actor is a user that still exists. */
  actorEmail: string | null;
  action: string;
  subject: string | null;
  detail: string | null;
  /** The client address the request came from (as the proxy settings let the server see it). */
  ip: string | null;
  /** For an aggregated refusal: how many requests of the same kind the window saw (this one included). */
  count: number | null;
  hash: string;
}

/** What a caller records; `detail` is serialised to JSON text when it is not a string. */
export interface NewAuditEvent {
  id: string;
  at: string;
  actorUserId: string | null;
  action: string;
  subject?: string | null;
  detail?: unknown;
  ip?: string | null;
}

type ChainedColumns = Omit<AuditEventTable, 'seq' | 'prev_hash' | 'hash'>;

// Every stored column except the three the chain adds: what the hash covers besides seq and prev_hash.
function columnsOf(row: ChainedColumns): { [column: string]: JsonValue } {
  return {
    id: row.id,
    at: row.at,
    actor_user_id: row.actor_user_id,
    action: row.action,
    subject: row.subject,
    detail: row.detail,
    ip: row.ip,
  };
}

function rowOf(event: NewAuditEvent): ChainedColumns {
  const detail =
    event.detail === undefined || event.detail === null
      ? null
      : typeof event.detail === 'string'
        ? event.detail
        : JSON.stringify(event.detail);
  return {
    id: event.id,
    at: event.at,
    actor_user_id: event.actorUserId,
    action: event.action,
    subject: event.subject ?? null,
    detail,
    ip: event.ip ?? null,
  };
}

/** Appends one event to the hash-chained audit trail, in the caller's transaction when there is one. */
export async function insertAuditEvent(db: Db, event: NewAuditEvent): Promise<void> {
  const row = rowOf(event);
  await appendToChain(db, AUDIT_CHAIN, columnsOf(row), async (trx, entry) => {
    await trx
      .insertInto('audit_events')
      .values({ ...row, seq: entry.seq, prev_hash: entry.prevHash, hash: entry.hash })
      .execute();
  });
}

/** The head of the audit chain as recorded beside it. */
export async function auditChainHead(db: Db): Promise<ChainHead> {
  return chainHead(db, AUDIT_CHAIN);
}

/** Filters and a cursor for reading the trail, newest first. */
export interface AuditFilter {
  limit: number;
  /** Only entries older than this seq (the `nextCursor` of the page before). */
  beforeSeq?: number;
  action?: string;
  /** A user id, a user's e-mail address or a client address. */
  actor?: string;
  /** ISO instants, from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

/** One page of the trail, newest first, with the seq to continue from when there is more. */
export async function listAuditEvents(
  db: Db,
  filter: AuditFilter,
): Promise<{ events: AuditEvent[]; nextBeforeSeq: number | null }> {
  let query = db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .leftJoin('audit_refusals as r', 'r.event_id', 'e.id')
    .select([
      'e.id',
      'e.seq',
      'e.at',
      'e.actor_user_id',
      'u.email as actor_email',
      'e.action',
      'e.subject',
      'e.detail',
      'e.ip',
      'e.hash',
      'r.count',
    ]);
  if (filter.beforeSeq !== undefined) query = query.where('e.seq', '<', filter.beforeSeq);
  if (filter.action) query = query.where('e.action', '=', filter.action);
  if (filter.from) query = query.where('e.at', '>=', filter.from);
  if (filter.to) query = query.where('e.at', '<', filter.to);
  const actor = filter.actor?.trim();
  if (actor) {
    const email = actor.toLowerCase();
    query = query.where((eb) =>
      eb.or([eb('e.actor_user_id', '=', actor), eb('u.email', '=', email), eb('e.ip', '=', actor)]),
    );
  }
  // One more than asked tells whether another page follows, without a count over the whole trail.
  const rows = await query
    .orderBy('e.seq', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const page = rows.slice(0, filter.limit);
  const events = page.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    at: r.at,
    actorUserId: r.actor_user_id,
    actorEmail: r.actor_email ?? null,
    action: r.action,
    subject: r.subject,
    detail: r.detail,
    ip: r.ip,
    count: r.count === null || r.count === undefined ? null : Number(r.count),
    hash: r.hash ?? '',
  }));
  const last = events[events.length - 1];
  return { events, nextBeforeSeq: rows.length > filter.limit && last ? last.seq : null };
}

/**
 * Verifies the whole audit chain against its recorded head, reading it in pages of `pageSize` in seq order;
 * with `expectedHead`, that hash (kept outside Lifeboat) must be in the chain.
 */
export async function verifyAuditChain(
  db: Db,
  options: { expectedHead?: string; pageSize?: number } = {},
): Promise<ChainVerdict & { firstBadId?: string }> {
  return verifyStoredChain(
    db,
    AUDIT_CHAIN,
    (offset, limit) =>
      db
        .selectFrom('audit_events')
        .selectAll()
        .orderBy(sql`coalesce(seq, -1)`)
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute(),
    (row): StoredChainEntry => ({
      seq: row.seq === null ? -1 : Number(row.seq),
      prevHash: row.prev_hash ?? '',
      hash: row.hash ?? '',
      columns: columnsOf(row),
    }),
    options,
  );
}

/** Where a refusal is counted: one chained row per key, counted in `audit_refusals` for the rest of its window. */
export interface RefusalRecord {
  key: string;
  windowStart: string;
  /** At most this many distinct keys per window; beyond it the refusal is counted under `overflowKey`. */
  maxKeysPerWindow: number;
  overflowKey: string;
  /** The chained row, made only when one is written (so ids are not spent on counted refusals). */
  event: () => NewAuditEvent;
  overflowEvent: () => NewAuditEvent;
  /** When this refusal happened. */
  at: string;
}

/**
 * Records a refused request: the first of its key in a window appends a chained audit row, the rest add to its
 * count. Bounded: past `maxKeysPerWindow` distinct keys in a window, refusals share one overflow row.
 */
export async function recordRefusal(db: Db, r: RefusalRecord): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const bump = async (key: string) =>
      Number(
        (
          await trx
            .updateTable('audit_refusals')
            .set((eb) => ({ count: eb('count', '+', 1), last_at: r.at }))
            .where('key', '=', key)
            .executeTakeFirst()
        ).numUpdatedRows,
      ) > 0;
    if (await bump(r.key)) return;
    const { n } = await trx
      .selectFrom('audit_refusals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('window_start', '=', r.windowStart)
      .executeTakeFirstOrThrow();
    const overflow = Number(n) >= r.maxKeysPerWindow;
    const key = overflow ? r.overflowKey : r.key;
    if (overflow && (await bump(key))) return;
    const event = overflow ? r.overflowEvent() : r.event();
    // A concurrent first refusal of the same key may have won: then this one only counts.
    const inserted = await trx
      .insertInto('audit_refusals')
      .values({ key, window_start: r.windowStart, event_id: event.id, count: 1, last_at: event.at })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      await bump(key);
      return;
    }
    await insertAuditEvent(trx, event);
  });
}
