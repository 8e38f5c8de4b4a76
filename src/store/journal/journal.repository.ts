import { createHash } from 'node:crypto';
import type { JsonValue } from '../../domain/journal/canonical.js';
import {
  appendLink,
  type ChainHead,
  type ChainVerdict,
  chainVerifier,
  type HashText,
  type StoredChainEntry,
} from '../../domain/journal/chain.js';
import type { Db } from '../database.js';

/** SHA-256 of UTF-8 text, in hex: the hash of every Lifeboat chain. */
export const sha256Hex: HashText = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Appends one entry to a hash chain (audit now, the decision log later) inside a transaction: the chain's
 * row in `journal_heads` is updated first, which takes its row lock on PostgreSQL (a concurrent append waits,
 * then reads the head this one leaves) and the write lock on SQLite. The update returns the new seq with the
 * old hash; the link is computed, `insert` stores the entry, and the head is set to it. Opens a transaction
 * when `db` is not one, so a caller's rollback also takes the entry and the head back.
 */
export async function appendToChain(
  db: Db,
  chain: string,
  columns: { [column: string]: JsonValue },
  insert: (trx: Db, entry: StoredChainEntry) => Promise<void>,
): Promise<ChainHead> {
  const run = async (trx: Db): Promise<ChainHead> => {
    const locked = await trx
      .updateTable('journal_heads')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('chain', '=', chain)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    const { entry, head } = appendLink(sha256Hex, { seq: Number(locked.seq) - 1, hash: locked.hash }, columns);
    await insert(trx, entry);
    await trx.updateTable('journal_heads').set({ hash: head.hash }).where('chain', '=', chain).execute();
    return head;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** The head of a chain as recorded beside it. */
export async function chainHead(db: Db, chain: string): Promise<ChainHead> {
  const row = await db
    .selectFrom('journal_heads')
    .select(['seq', 'hash'])
    .where('chain', '=', chain)
    .executeTakeFirstOrThrow();
  return { seq: Number(row.seq), hash: row.hash };
}

/**
 * Verifies a stored chain against its recorded head, reading its rows page by page in position order
 * (`readPage` orders by seq with a blanked seq first, so that such a row fails); with `expectedHead`, that
 * hash (kept outside Lifeboat) must be in the chain. Names the first bad row by id.
 */
export async function verifyStoredChain<R extends { id: string }>(
  db: Db,
  chain: string,
  readPage: (offset: number, limit: number) => Promise<R[]>,
  entryOf: (row: R) => StoredChainEntry,
  options: { expectedHead?: string; pageSize?: number } = {},
): Promise<ChainVerdict & { firstBadId?: string }> {
  const recordedHead = await chainHead(db, chain);
  const verifier = chainVerifier(sha256Hex, { expectedHead: options.expectedHead, recordedHead });
  const pageSize = options.pageSize ?? 1000;
  for (let offset = 0; ; offset += pageSize) {
    const rows = await readPage(offset, pageSize);
    for (const row of rows) {
      const verdict = verifier.push(entryOf(row));
      if (verdict) return { ...verdict, firstBadId: row.id };
    }
    if (rows.length < pageSize) return verifier.finish();
  }
}
