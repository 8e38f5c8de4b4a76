import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import { INTERNAL } from '../../domain/live/events.js';
import { pgPoolOf } from '../database.js';
import { appendOutbox, insertOutbox } from './outbox.repository.js';

const ORDERING = { lockKey: 'lifeboat:outbox', channel: 'lifeboat_outbox_test' };

for (const dialect of DIALECTS) {
  describe(`${dialect}: outbox`, () => {
    let drop: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await drop?.();
    });

    it('gives each stored event a growing numeric id, and a rollback takes it back', async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      const event = { type: 'system.status', audience: INTERNAL, data: { id: 'ad' } } as const;
      const first = await insertOutbox(fresh.db, event, '2026-12-02T06:00:00.000Z');
      const second = await insertOutbox(fresh.db, event, '2026-12-02T06:00:01.000Z');
      expect(second).toBeGreaterThan(first);
      await expect(
        fresh.db.transaction().execute(async (trx) => {
          await insertOutbox(trx, event, '2026-12-02T06:00:02.000Z');
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await fresh.db.selectFrom('outbox').select('id').execute()).toHaveLength(2);
    });

    it("stores a unit of work's events in one go, in their order, each with its own time", async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      const entries = ['c', 'a', 'b', 'a'].map((id, i) => ({
        event: { type: 'system.status', audience: INTERNAL, data: { id } } as const,
        at: `2026-12-02T06:00:0${i}.000Z`,
      }));
      await fresh.db.transaction().execute((trx) => appendOutbox(trx, entries, ORDERING));
      await appendOutbox(fresh.db, [], ORDERING);
      const rows = await fresh.db.selectFrom('outbox').selectAll().orderBy('id').execute();
      expect(rows.map((r) => [JSON.parse(r.data).id, r.at, r.type, JSON.parse(r.audience)])).toEqual(
        entries.map((e) => [e.event.data.id, e.at, 'system.status', INTERNAL]),
      );
      const ids = rows.map((r) => Number(r.id));
      expect(ids).toEqual(ids.map((_, i) => ids[0] + i));
    });

    it('stores more events than one statement may carry, still in their order', async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      const entries = Array.from({ length: 14_000 }, (_, n) => ({
        event: { type: 'incident.changed', audience: INTERNAL, data: { n } } as const,
        at: '2026-12-02T06:00:00.000Z',
      }));
      await fresh.db.transaction().execute((trx) => appendOutbox(trx, entries, ORDERING));
      const rows = await fresh.db.selectFrom('outbox').select(['id', 'data']).orderBy('id').execute();
      expect(rows.map((r) => JSON.parse(r.data).n)).toEqual(entries.map((_, n) => n));
    });

    if (dialect === 'postgres') {
      it('announces the rows on the channel at commit, not before, and not after a rollback', async () => {
        const fresh = await freshDatabase(dialect);
        drop = fresh.drop;
        const listener = await (pgPoolOf(fresh.db) as NonNullable<ReturnType<typeof pgPoolOf>>).connect();
        const heard: string[] = [];
        listener.on('notification', (n) => heard.push(n.channel));
        await listener.query(`LISTEN ${ORDERING.channel}`);
        const entry = {
          event: { type: 'incident.changed', audience: INTERNAL, data: {} } as const,
          at: '2026-12-02T06:00:00.000Z',
        };
        try {
          await expect(
            fresh.db.transaction().execute(async (trx) => {
              await appendOutbox(trx, [entry], ORDERING);
              throw new Error('roll back');
            }),
          ).rejects.toThrow('roll back');
          await fresh.db.transaction().execute(async (trx) => {
            await appendOutbox(trx, [entry, entry], ORDERING);
            // Still inside the transaction: nothing is announced yet.
            await listener.query('select 1');
            expect(heard).toEqual([]);
          });
          // One NOTIFY for the whole append, heard once the commit is done.
          await expect.poll(() => heard).toEqual([ORDERING.channel]);
          await listener.query('select 1');
          expect(heard).toEqual([ORDERING.channel]);
        } finally {
          listener.release();
        }
      });
    }
  });
}
