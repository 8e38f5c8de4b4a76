import { canonicalJson, type JsonValue } from './canonical.js';

/** A hash function over UTF-8 text that returns lowercase hex (SHA-256 in Lifeboat); the domain does no I/O or crypto. */
export type HashText = (text: string) => string;

/** The `prev_hash` of the first entry of every chain: 64 zeros, so the first link has the same shape as the rest. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns of one journal entry that its hash covers (every column except `hash` itself), with its position. */
export interface ChainEntry {
  /** The position in the chain, 1, 2, 3, … without gaps. */
  seq: number;
  /** The hash of the previous entry (GENESIS_HASH for the first). */
  prevHash: string;
  /** Every other stored column, by column name. */
  columns: { [column: string]: JsonValue };
}

/** An entry as stored: its columns and the hash written beside them. */
export interface StoredChainEntry extends ChainEntry {
  hash: string;
}

/**
 * The hash of one link: hash(prev_hash + canonical(columns)). `seq` and `prev_hash` are stored columns too, so
 * they are part of the canonical object; prefixing the previous hash as well makes the link explicit.
 */
export function linkHash(hash: HashText, entry: ChainEntry): string {
  const columns: { [column: string]: JsonValue } = { ...entry.columns, seq: entry.seq, prev_hash: entry.prevHash };
  return hash(entry.prevHash + canonicalJson(columns));
}

/** What the next entry of a chain needs: its position and the hash it links to. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The head of an empty chain. */
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** Links new columns onto a head: the entry to store and the new head. */
export function appendLink(
  hash: HashText,
  head: ChainHead,
  columns: { [column: string]: JsonValue },
): { entry: StoredChainEntry; head: ChainHead } {
  const entry: ChainEntry = { seq: head.seq + 1, prevHash: head.hash, columns };
  const h = linkHash(hash, entry);
  return { entry: { ...entry, hash: h }, head: { seq: entry.seq, hash: h } };
}

/** Why verification failed, naming the first bad entry by its position (and the id a caller can show). */
export interface ChainFault {
  /** The position at which the chain stops holding (1-based, in the order read). */
  position: number;
  /** The entry's own seq as stored, or null when the fault is a missing end. */
  seq: number | null;
  reason: 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'head_not_found' | 'head_mismatch';
  message: string;
}

/** The result of verifying a chain. */
export type ChainVerdict = { ok: true; count: number; head: string } | { ok: false; count: number; fault: ChainFault };

/** Verifies a chain one entry at a time, so a long chain can be read in pages: `push` each in stored order, then `finish`. */
export interface ChainVerifier {
  /** Checks the next entry; returns the verdict at the first fault (and keeps returning it). */
  push(entry: StoredChainEntry): ChainVerdict | null;
  /** The verdict once every entry was pushed. */
  finish(): ChainVerdict;
}

/**
 * A verifier for entries in stored order: each hash recomputes, each links to the one before, the positions run
 * 1, 2, 3 … without gaps. With `expectedHead`, that hash must be one of the entries (so nothing after a head kept
 * outside was cut off); with `recordedHead`, the last entry must be it (the head row kept beside the chain).
 */
export function chainVerifier(
  hash: HashText,
  options: { expectedHead?: string; recordedHead?: ChainHead } = {},
): ChainVerifier {
  let prev = EMPTY_HEAD;
  let count = 0;
  let failed: ChainVerdict | null = null;
  let sawExpected = options.expectedHead === undefined || options.expectedHead === GENESIS_HASH;
  const check = (entry: StoredChainEntry): ChainVerdict | null => {
    count++;
    const fault = (reason: ChainFault['reason'], message: string): ChainVerdict => ({
      ok: false,
      count,
      fault: { position: count, seq: entry.seq, reason, message },
    });
    if (entry.seq !== prev.seq + 1) {
      return fault('sequence_gap', `entry ${entry.seq} follows entry ${prev.seq}: an entry is missing or out of order`);
    }
    if (entry.prevHash !== prev.hash) {
      return fault('broken_link', `entry ${entry.seq} does not link to the entry before it`);
    }
    if (linkHash(hash, entry) !== entry.hash) {
      return fault('hash_mismatch', `entry ${entry.seq} was changed after it was written`);
    }
    prev = { seq: entry.seq, hash: entry.hash };
    if (entry.hash === options.expectedHead) sawExpected = true;
    return null;
  };
  return {
    push(entry) {
      failed ??= check(entry);
      return failed;
    },
    finish() {
      if (failed) return failed;
      const end = (reason: ChainFault['reason'], message: string): ChainVerdict => ({
        ok: false,
        count,
        fault: { position: count + 1, seq: null, reason, message },
      });
      const recorded = options.recordedHead;
      if (recorded && (recorded.seq !== prev.seq || recorded.hash !== prev.hash)) {
        return end(
          'head_mismatch',
          `the chain ends at entry ${prev.seq} but its head was recorded at entry ${recorded.seq}: entries were cut off the end`,
        );
      }
      if (!sawExpected) {
        return end(
          'head_not_found',
          `the head ${options.expectedHead} is not in the chain: entries were cut off the end`,
        );
      }
      return { ok: true, count, head: prev.hash };
    },
  };
}

/** Verifies a whole chain held in memory (see `chainVerifier`). */
export function verifyChain(
  hash: HashText,
  entries: Iterable<StoredChainEntry>,
  options: { expectedHead?: string; recordedHead?: ChainHead } = {},
): ChainVerdict {
  const verifier = chainVerifier(hash, options);
  for (const entry of entries) if (verifier.push(entry)) break;
  return verifier.finish();
}
