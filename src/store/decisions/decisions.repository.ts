import { sql } from 'kysely';
import type { JsonValue } from '../../domain/journal/canonical.js';
import type { ChainHead, ChainVerdict, StoredChainEntry } from '../../domain/journal/chain.js';
import type { Db } from '../database.js';
import { appendToChain, chainHead, verifyStoredChain } from '../journal/journal.repository.js';

/** The name of the decision log's chain in `journal_heads`. */
export const DECISIONS_CHAIN = 'decisions';

/** One entry of the decision log with every stored column, as exported (lists still JSON text, as stored). */
export interface DecisionRecord {
  id: string;
  seq: number;
  incident_id: string | null;
  decided_at: string;
  recorded_at: string;
  decision: string;
  basis: string;
  decided_by: string;
  mandate: string;
  recorded_by_user_id: string | null;
  recorded_by_label: string;
  systems: string;
  needs: string;
  corrects: string | null;
  prev_hash: string;
  hash: string;
}

/** The column names of a decision in stored order: the export's columns. */
export const DECISION_COLUMNS = [
  'id',
  'seq',
  'incident_id',
  'decided_at',
  'recorded_at',
  'decision',
  'basis',
  'decided_by',
  'mandate',
  'recorded_by_user_id',
  'recorded_by_label',
  'systems',
  'needs',
  'corrects',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof DecisionRecord)[];

/** What a caller appends: everything but the chain's seq, prev_hash and hash. */
export type NewDecision = Omit<DecisionRecord, 'seq' | 'prev_hash' | 'hash'>;

// Every stored column except the three the chain adds: what the hash covers besides seq and prev_hash.
function columnsOf(r: NewDecision): { [column: string]: JsonValue } {
  return {
    id: r.id,
    incident_id: r.incident_id,
    decided_at: r.decided_at,
    recorded_at: r.recorded_at,
    decision: r.decision,
    basis: r.basis,
    decided_by: r.decided_by,
    mandate: r.mandate,
    recorded_by_user_id: r.recorded_by_user_id,
    recorded_by_label: r.recorded_by_label,
    systems: r.systems,
    needs: r.needs,
    corrects: r.corrects,
  };
}

/** A stored decision as a link of its chain: what the verifier recomputes (also for an exported copy). */
export function decisionChainEntry(r: DecisionRecord): StoredChainEntry {
  return { seq: r.seq, prevHash: r.prev_hash, hash: r.hash, columns: columnsOf(r) };
}

// Postgres returns integers as numbers by the type parser, SQLite as numbers; a blanked seq reads as null.
function recordOf(row: Record<string, unknown>): DecisionRecord {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const maybe = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: text(row.id),
    seq: row.seq === null || row.seq === undefined ? -1 : Number(row.seq),
    incident_id: maybe(row.incident_id),
    decided_at: text(row.decided_at),
    recorded_at: text(row.recorded_at),
    decision: text(row.decision),
    basis: text(row.basis),
    decided_by: text(row.decided_by),
    mandate: text(row.mandate),
    recorded_by_user_id: maybe(row.recorded_by_user_id),
    recorded_by_label: text(row.recorded_by_label),
    systems: text(row.systems),
    needs: text(row.needs),
    corrects: maybe(row.corrects),
    prev_hash: text(row.prev_hash),
    hash: text(row.hash),
  };
}

/**
 * Appends one decision to the hash chain in the caller's transaction (the head row serialises appends on
 * both dialects) and returns it as stored.
 */
export async function appendDecision(db: Db, input: NewDecision): Promise<DecisionRecord> {
  const head = await appendToChain(db, DECISIONS_CHAIN, columnsOf(input), async (trx, entry) => {
    await trx
      .insertInto('decisions')
      .values({ ...input, seq: entry.seq, prev_hash: entry.prevHash, hash: entry.hash })
      .execute();
  });
  // The new head is this entry: its seq and hash; prev_hash is what it linked to.
  const stored = await decisionById(db, input.id);
  if (!stored || stored.seq !== head.seq) throw new Error('the appended decision was not read back');
  return stored;
}

/** Every decision in seq order (the log is small: hundreds of entries in an incident, not millions). */
export async function listDecisionRecords(db: Db, filter: { incidentId?: string } = {}): Promise<DecisionRecord[]> {
  let query = db.selectFrom('decisions').selectAll();
  if (filter.incidentId !== undefined) query = query.where('incident_id', '=', filter.incidentId);
  const rows = await query.orderBy('seq').execute();
  return rows.map((r) => recordOf(r));
}

/** One decision by id, or null. */
export async function decisionById(db: Db, id: string): Promise<DecisionRecord | null> {
  const row = await db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? recordOf(row) : null;
}

/** The ids of the decisions that correct the given one, oldest first. */
export async function correctionsOf(db: Db, id: string): Promise<string[]> {
  const rows = await db.selectFrom('decisions').select('id').where('corrects', '=', id).orderBy('seq').execute();
  return rows.map((r) => r.id);
}

/** The head of the decision chain as recorded beside it. */
export async function decisionsHead(db: Db): Promise<ChainHead> {
  return chainHead(db, DECISIONS_CHAIN);
}

/** Whether any of these incidents is an exercise. */
export async function anyExercise(db: Db, incidentIds: string[]): Promise<boolean> {
  if (incidentIds.length === 0) return false;
  const row = await db
    .selectFrom('incidents')
    .select('id')
    .where('id', 'in', incidentIds)
    .where('exercise', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Verifies the decision chain against its recorded head, reading it in pages in position order; with
 * `expectedHead`, that hash (kept outside Lifeboat) must be in the chain.
 */
export async function verifyDecisionChain(
  db: Db,
  options: { expectedHead?: string; pageSize?: number } = {},
): Promise<ChainVerdict & { firstBadId?: string }> {
  return verifyStoredChain(
    db,
    DECISIONS_CHAIN,
    (offset, limit) =>
      db
        .selectFrom('decisions')
        .selectAll()
        .orderBy(sql`coalesce(seq, -1)`)
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute(),
    (row) => decisionChainEntry(recordOf(row)),
    options,
  );
}
