import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import { INTERNAL } from '../../domain/live/events.js';
import { insertOutbox } from './outbox.repository.js';

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
  });
}
