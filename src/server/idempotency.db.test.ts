import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../test/support/dialects.js';
import { LifeboatError } from '../domain/errors.js';
import type { Db } from '../store/database.js';
import { IDEMPOTENCY_KEEP_MS, idempotent, pruneIdempotencyKeys, requestHash } from './idempotency.js';
import { unitOfWork } from './tx.js';

const clock = () => new Date('2026-12-02T10:00:00.000Z');

describe('requestHash', () => {
  it('ignores key order but not values or the route', () => {
    expect(requestHash('r', { a: 1, b: [1, 2] })).toBe(requestHash('r', { b: [1, 2], a: 1 }));
    expect(requestHash('r', { a: 1 })).not.toBe(requestHash('r', { a: 2 }));
    expect(requestHash('r', { a: 1 })).not.toBe(requestHash('s', { a: 1 }));
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: idempotent`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ db, drop } = await freshDatabase(dialect));
    });
    afterAll(async () => drop());

    it('runs a write once per user and key, answers a resend from the store, and refuses a reused key', async () => {
      let writes = 0;
      const call = (user: string, key: string | undefined, request: unknown) =>
        unitOfWork({ db }, (trx) =>
          idempotent(trx, { clock }, { userId: user, key, route: 'submit', request }, async () => {
            writes++;
            return { status: 200, body: { n: writes } };
          }),
        );
      expect(await call('u1', 'key-00001', { a: 1 })).toEqual({ status: 200, body: { n: 1 } });
      expect(await call('u1', 'key-00001', { a: 1 })).toEqual({ status: 200, body: { n: 1 } });
      expect(writes).toBe(1);
      // Another user's key of the same name is its own.
      expect(await call('u2', 'key-00001', { a: 1 })).toEqual({ status: 200, body: { n: 2 } });
      const reused = await call('u1', 'key-00001', { a: 2 }).catch((e: unknown) => e);
      expect(reused).toBeInstanceOf(LifeboatError);
      expect((reused as LifeboatError).field).toBe('Idempotency-Key');
      // Without a key, every call writes.
      await call('u1', undefined, { a: 1 });
      await call('u1', undefined, { a: 1 });
      expect(writes).toBe(4);
    });

    it('deletes keys older than IDEMPOTENCY_KEEP_MS, and then a resend with an old key writes again', async () => {
      let writes = 0;
      const at = (iso: string) => () => new Date(iso);
      const call = (now: () => Date, key: string) =>
        unitOfWork({ db }, (trx) =>
          idempotent(trx, { clock: now }, { userId: 'u9', key, route: 'submit', request: { b: 1 } }, async () => {
            writes++;
            return { status: 200, body: { n: writes } };
          }),
        );
      await call(at('2026-10-01T10:00:00.000Z'), 'old-key-0001');
      await call(at('2026-11-20T10:00:00.000Z'), 'new-key-0001');
      const now = new Date('2026-12-02T10:00:00.000Z');
      // The boundary: a key exactly IDEMPOTENCY_KEEP_MS old is kept, one a millisecond older goes.
      await call(() => new Date(now.getTime() - IDEMPOTENCY_KEEP_MS), 'edge-key-001');
      await call(() => new Date(now.getTime() - IDEMPOTENCY_KEEP_MS - 1), 'past-key-001');
      expect(await pruneIdempotencyKeys(db, now)).toBe(2);
      const left = await db.selectFrom('idempotency_keys').select('key').where('user_id', '=', 'u9').execute();
      expect(left.map((r) => r.key).sort()).toEqual(['edge-key-001', 'new-key-0001']);
      expect(await pruneIdempotencyKeys(db, now)).toBe(0);
      const before = writes;
      await call(at('2026-12-02T10:00:00.000Z'), 'new-key-0001');
      expect(writes).toBe(before);
      await call(at('2026-12-02T10:00:00.000Z'), 'old-key-0001');
      expect(writes).toBe(before + 1);
    });

    it('stores nothing when the write fails, so the resend runs it again', async () => {
      const failing = unitOfWork({ db }, (trx) =>
        idempotent(trx, { clock }, { userId: 'u3', key: 'key-00002', route: 'submit', request: {} }, async () => {
          throw new LifeboatError('conflict', 'no');
        }),
      );
      await expect(failing).rejects.toThrow('no');
      const ok = await unitOfWork({ db }, (trx) =>
        idempotent(trx, { clock }, { userId: 'u3', key: 'key-00002', route: 'submit', request: {} }, async () => ({
          status: 200,
          body: 'done',
        })),
      );
      expect(ok.body).toBe('done');
    });
  });
}
