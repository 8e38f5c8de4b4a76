import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import type { Db } from '../database.js';
import {
  appendDecision,
  correctionsOf,
  decisionsHead,
  listDecisionRecords,
  type NewDecision,
  verifyDecisionChain,
} from './decisions.repository.js';

const entry = (id: string, over: Partial<NewDecision> = {}): NewDecision => ({
  id,
  incident_id: null,
  decided_at: '2026-12-02T07:00:00.000Z',
  recorded_at: '2026-12-02T07:05:00.000Z',
  decision: `Beslut ${id}`,
  basis: 'Lägesbild 06:30',
  decided_by: 'Anna Krisledare',
  mandate: 'Delegation från kommunstyrelsen §12',
  recorded_by_user_id: null,
  recorded_by_label: 'staff@example.se',
  systems: '["ad"]',
  needs: '[]',
  corrects: null,
  ...over,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: the decision log's store`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ db, drop } = await freshDatabase(dialect));
    });
    afterAll(async () => drop?.());

    it('starts empty at the genesis head and verifies', async () => {
      expect(await decisionsHead(db)).toEqual({ seq: 0, hash: '0'.repeat(64) });
      expect(await verifyDecisionChain(db)).toEqual({ ok: true, count: 0, head: '0'.repeat(64) });
    });

    it('serialises concurrent appends: distinct seqs without gaps, one chain that verifies', async () => {
      // Each append in its own transaction, all at once: on PostgreSQL they race for the head row.
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          db.transaction().execute((trx) => appendDecision(trx, entry(`c-${String(i).padStart(2, '0')}`))),
        ),
      );
      const rows = await listDecisionRecords(db);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
      const head = await decisionsHead(db);
      expect(head).toEqual({ seq: 12, hash: rows[11]?.hash });
      expect(await verifyDecisionChain(db, { pageSize: 5 })).toEqual({ ok: true, count: 12, head: head.hash });
    });

    it('links a correction to the entry it corrects, and a rollback takes the entry and the head back', async () => {
      const fixed = await appendDecision(db, entry('fix-1', { corrects: 'c-03', decision: 'Rättat beslut' }));
      expect(fixed.corrects).toBe('c-03');
      expect(await correctionsOf(db, 'c-03')).toEqual(['fix-1']);
      const before = await decisionsHead(db);
      await expect(
        db.transaction().execute(async (trx) => {
          await appendDecision(trx, entry('rolled-back'));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await decisionsHead(db)).toEqual(before);
      expect((await verifyDecisionChain(db)).ok).toBe(true);
    });

    it('names the first entry changed behind the application', async () => {
      await db.updateTable('decisions').set({ mandate: 'ingen' }).where('id', '=', 'c-05').execute();
      const verdict = await verifyDecisionChain(db);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect([verdict.fault.reason, verdict.firstBadId]).toEqual(['hash_mismatch', 'c-05']);
    });
  });
}
