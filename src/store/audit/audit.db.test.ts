import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../../test/support/dialects.js';
import type { Db } from '../database.js';
import * as chainMigration from '../migrations/2026_12_02_0004_audit_chain.js';
import {
  auditChainHead,
  insertAuditEvent,
  listAuditEvents,
  type NewAuditEvent,
  recordRefusal,
  verifyAuditChain,
} from './audit.repository.js';

const event = (n: number, extra: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  id: `ev-${String(n).padStart(4, '0')}`,
  at: new Date(Date.UTC(2026, 11, 2, 8, 0, n)).toISOString(),
  actorUserId: null,
  action: n % 2 ? 'login_ok' : 'login_failed',
  subject: `user-${n}`,
  detail: { n },
  ip: `10.0.0.${n}`,
  ...extra,
});

async function appendMany(db: Db, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await insertAuditEvent(db, event(i));
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the audit chain`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    beforeEach(async () => {
      ({ db, drop } = await freshDatabase(dialect));
    });
    afterEach(async () => drop());

    it('links every append, inside a caller’s transaction or not, and records the head', async () => {
      await insertAuditEvent(db, event(1));
      await db.transaction().execute(async (trx) => {
        await insertAuditEvent(trx, event(2));
        await insertAuditEvent(trx, event(3));
      });
      const head = await auditChainHead(db);
      expect(head.seq).toBe(3);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 3, head: head.hash });
      const rows = await db
        .selectFrom('audit_events')
        .select(['id', 'seq', 'prev_hash', 'hash'])
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => [r.id, Number(r.seq)])).toEqual([
        ['ev-0001', 1],
        ['ev-0002', 2],
        ['ev-0003', 3],
      ]);
      expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
      expect(rows[2]?.hash).toBe(head.hash);
    });

    it('a rolled-back transaction leaves neither its entry nor a moved head', async () => {
      await appendMany(db, 2);
      const before = await auditChainHead(db);
      await expect(
        db.transaction().execute(async (trx) => {
          await insertAuditEvent(trx, event(3));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await auditChainHead(db)).toEqual(before);
      await insertAuditEvent(db, event(4));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 3 });
    });

    it('names the first bad entry when a row is altered, removed or reordered', async () => {
      await appendMany(db, 6);
      const pristine = await verifyAuditChain(db);
      expect(pristine.ok).toBe(true);

      await db.updateTable('audit_events').set({ ip: '192.0.2.66' }).where('seq', '=', 3).execute();
      expect(await verifyAuditChain(db, { pageSize: 2 })).toMatchObject({
        ok: false,
        firstBadId: 'ev-0003',
        fault: { seq: 3, reason: 'hash_mismatch' },
      });
      await db.updateTable('audit_events').set({ ip: '10.0.0.3' }).where('seq', '=', 3).execute();
      expect((await verifyAuditChain(db)).ok).toBe(true);

      // Reordered: entries 4 and 5 trade places (through a free seq, as the index is unique).
      await db.updateTable('audit_events').set({ seq: 1000 }).where('seq', '=', 4).execute();
      await db.updateTable('audit_events').set({ seq: 4 }).where('seq', '=', 5).execute();
      await db.updateTable('audit_events').set({ seq: 5 }).where('seq', '=', 1000).execute();
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        firstBadId: 'ev-0005',
        fault: { position: 4, reason: 'broken_link' },
      });

      await db.deleteFrom('audit_events').where('seq', '=', 2).execute();
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        firstBadId: 'ev-0003',
        fault: { position: 2, reason: 'sequence_gap' },
      });
    });

    it('notices entries cut off the end: by the recorded head, and by a head kept outside', async () => {
      await appendMany(db, 4);
      const kept = await auditChainHead(db);
      await db.deleteFrom('audit_events').where('seq', '=', 4).execute();
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, fault: { reason: 'head_mismatch' } });
      // A careful intruder also rewinds the head row: only the head kept outside tells.
      const third = await db.selectFrom('audit_events').select('hash').where('seq', '=', 3).executeTakeFirstOrThrow();
      await db
        .updateTable('journal_heads')
        .set({ seq: 3, hash: third.hash ?? '' })
        .where('chain', '=', 'audit')
        .execute();
      expect((await verifyAuditChain(db)).ok).toBe(true);
      expect(await verifyAuditChain(db, { expectedHead: kept.hash })).toMatchObject({
        ok: false,
        fault: { reason: 'head_not_found' },
      });
      expect((await verifyAuditChain(db, { expectedHead: third.hash ?? '' })).ok).toBe(true);
    });

    it('concurrent writers never fork the chain', async () => {
      const writers = Array.from({ length: 24 }, (_, i) =>
        i % 2
          ? insertAuditEvent(db, event(i + 1))
          : db.transaction().execute(async (trx) => {
              await insertAuditEvent(trx, event(i + 1));
              await insertAuditEvent(trx, event(i + 101));
            }),
      );
      await Promise.all(writers);
      const verdict = await verifyAuditChain(db);
      expect(verdict).toMatchObject({ ok: true, count: 36 });
      const seqs = await db.selectFrom('audit_events').select('seq').orderBy('seq').execute();
      expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
    });

    it('the migration chains the rows written before it, in the order they were shown', async () => {
      await chainMigration.down(db);
      for (const n of [3, 1, 2]) {
        const e = event(n);
        await db
          .insertInto('audit_events')
          .values({
            id: e.id,
            at: e.at,
            actor_user_id: null,
            action: e.action,
            subject: e.subject ?? null,
            detail: JSON.stringify(e.detail),
            ip: e.ip ?? null,
          } as never)
          .execute();
      }
      await chainMigration.up(db);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 3 });
      await insertAuditEvent(db, event(4));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 4 });
      const ids = await db.selectFrom('audit_events').select('id').orderBy('seq').execute();
      expect(ids.map((r) => r.id)).toEqual(['ev-0001', 'ev-0002', 'ev-0003', 'ev-0004']);
    });

    it('pages newest first by cursor and filters by action, actor and time', async () => {
      await db
        .insertInto('users')
        .values({
          id: 'u-anna',
          email: 'anna@example.se',
          name: 'Anna',
          role: 'admin',
          created_at: event(0).at,
          updated_at: event(0).at,
        } as never)
        .execute();
      await appendMany(db, 7);
      await insertAuditEvent(db, event(8, { actorUserId: 'u-anna', action: 'user_created' }));
      const first = await listAuditEvents(db, { limit: 3 });
      expect(first.events.map((e) => e.seq)).toEqual([8, 7, 6]);
      const second = await listAuditEvents(db, { limit: 3, beforeSeq: first.nextBeforeSeq ?? 0 });
      expect(second.events.map((e) => e.seq)).toEqual([5, 4, 3]);
      const last = await listAuditEvents(db, { limit: 3, beforeSeq: second.nextBeforeSeq ?? 0 });
      expect([last.events.map((e) => e.seq), last.nextBeforeSeq]).toEqual([[2, 1], null]);

      const failed = await listAuditEvents(db, { limit: 10, action: 'login_failed' });
      expect(failed.events.map((e) => e.seq)).toEqual([6, 4, 2]);
      const byAddress = await listAuditEvents(db, { limit: 10, actor: '10.0.0.5' });
      expect(byAddress.events.map((e) => e.seq)).toEqual([5]);
      const window = await listAuditEvents(db, {
        limit: 10,
        from: event(3).at,
        to: event(5).at,
      });
      expect(window.events.map((e) => e.seq)).toEqual([4, 3]);
      const anna = await listAuditEvents(db, { limit: 10, actor: 'Anna@Example.se' });
      expect(anna.events.map((e) => [e.seq, e.actorEmail])).toEqual([[8, 'anna@example.se']]);
    });

    it('counts refusals of one kind in a window against one chained row, and caps the kinds', async () => {
      let n = 0;
      const refusal = (key: string) => ({
        key,
        windowStart: '2026-12-02T08:00:00.000Z',
        maxKeysPerWindow: 2,
        overflowKey: 'overflow',
        at: '2026-12-02T08:01:00.000Z',
        event: () => event(++n, { action: 'access_refused_forbidden', subject: key }),
        overflowEvent: () => event(++n, { action: 'access_refused_overflow', subject: null }),
      });
      await Promise.all(Array.from({ length: 5 }, () => recordRefusal(db, refusal('a'))));
      await recordRefusal(db, refusal('b'));
      for (const key of ['c', 'd', 'e']) await recordRefusal(db, refusal(key));
      const { events } = await listAuditEvents(db, { limit: 10 });
      expect(events.map((e) => [e.action, e.subject, e.count]).reverse()).toEqual([
        ['access_refused_forbidden', 'a', 5],
        ['access_refused_forbidden', 'b', 1],
        ['access_refused_overflow', null, 3],
      ]);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });
  });
}
