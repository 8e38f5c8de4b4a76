import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../test/support/dialects.js';
import { LifeboatError } from '../domain/errors.js';
import type { Db } from '../store/database.js';
import { idempotent, requestHash } from './idempotency.js';
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
