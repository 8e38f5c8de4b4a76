/**
 * Idempotency keys for write routes: a client that did not hear the answer resends the same request with the
 * same `Idempotency-Key` header and gets the first answer back, without a second write. The key and the answer
 * are stored in the same unit of work as the write, so either both are there or neither is.
 */
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { LifeboatError } from '../domain/errors.js';
import { canonicalJson, type JsonValue } from '../domain/journal/canonical.js';
import type { Db } from '../store/database.js';
import {
  deleteIdempotencyKeysBefore,
  findIdempotencyKey,
  insertIdempotencyKey,
} from '../store/situation/idempotency.repository.js';
import type { AppDeps } from './deps.js';
import { lock } from './tx.js';

/** The header a write route that takes a key declares (optional: without it, the write is not deduplicated). */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 100,
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'A key the client makes once per write (e.g. a UUID) and sends again with every resend of it',
    }),
  ),
});

/** What a keyed write answers: its HTTP status and its body. */
export interface Answer<T, S extends number = number> {
  status: S;
  body: T;
}

/** The hash of a request as a key remembers it: the route and the canonical JSON of what it was sent. */
export function requestHash(route: string, request: unknown): string {
  return createHash('sha256')
    .update(`${route}\n${canonicalJson(request as JsonValue)}`, 'utf8')
    .digest('hex');
}

/**
 * Runs `write` once per (user, key) inside the caller's unit of work. The same key again, for the same route
 * and request, gets the stored answer and writes nothing; the same key for another request is refused (409)
 * naming the header. Without a key, `write` simply runs.
 */
export async function idempotent<T, S extends number>(
  trx: Db,
  deps: Pick<AppDeps, 'clock'>,
  call: { userId: string; key: string | undefined; route: string; request: unknown },
  write: () => Promise<Answer<T, S>>,
): Promise<Answer<T, S>> {
  const { userId, key, route } = call;
  if (key === undefined) return write();
  // Two resends racing on PostgreSQL: the second waits here and then finds the first one's answer.
  await lock(trx, `idempotency:${userId}:${key}`);
  const hash = requestHash(route, call.request);
  const stored = await findIdempotencyKey(trx, userId, key);
  if (stored) {
    if (stored.route !== route || stored.request_hash !== hash) {
      throw new LifeboatError('conflict', 'This idempotency key was already used for a different request.', {
        field: 'Idempotency-Key',
        key: 'err.idempotency.reused',
      });
    }
    // The stored status is the one `write` answered for this route.
    return { status: stored.status_code as S, body: stored.response as T };
  }
  const answer = await write();
  await insertIdempotencyKey(trx, {
    user_id: userId,
    key,
    route,
    request_hash: hash,
    status_code: answer.status,
    response: answer.body,
    created_at: deps.clock().toISOString(),
  });
  return answer;
}

/**
 * How long a key and its answer are kept. A form keeps its key only until the server answers, so a resend
 * comes within hours of the first send, days for a phone that was off; the answer holds what was reported,
 * which should not outlive its use. After this a resend with the old key is a new write (a second
 * submission of a report is refused anyway, as already submitted).
 */
export const IDEMPOTENCY_KEEP_MS = 30 * 24 * 3_600_000;

/** How often the keys past IDEMPOTENCY_KEEP_MS are deleted. */
export const IDEMPOTENCY_SWEEP_MS = 3_600_000;

/** Deletes the keys older than IDEMPOTENCY_KEEP_MS at `now`; returns how many. */
export function pruneIdempotencyKeys(db: Db, now: Date): Promise<number> {
  return deleteIdempotencyKeysBefore(db, new Date(now.getTime() - IDEMPOTENCY_KEEP_MS).toISOString());
}
