import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from './canonical.js';
import {
  appendLink,
  type ChainHead,
  EMPTY_HEAD,
  GENESIS_HASH,
  type HashText,
  linkHash,
  type StoredChainEntry,
  verifyChain,
} from './chain.js';

// A deterministic stand-in for SHA-256 (the domain takes the hash as a parameter): FNV-1a in four lanes, 64 hex digits.
const fakeHash: HashText = (text) => {
  let out = '';
  for (let lane = 0; lane < 8; lane++) {
    let h = 0x811c9dc5 ^ lane;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
};

type Columns = { [column: string]: JsonValue };
const columns = fc.record({
  id: fc.uuid(),
  at: fc.integer({ min: 0, max: 4e12 }).map((t) => new Date(t).toISOString()),
  action: fc.constantFrom('login_ok', 'login_failed', 'user_created'),
  detail: fc.option(fc.string(), { nil: null }),
}) as fc.Arbitrary<Columns>;

function build(rows: Columns[]): { entries: StoredChainEntry[]; head: ChainHead } {
  let head = EMPTY_HEAD;
  const entries: StoredChainEntry[] = [];
  for (const c of rows) {
    const next = appendLink(fakeHash, head, c);
    entries.push(next.entry);
    head = next.head;
  }
  return { entries, head };
}

describe('the hash chain', () => {
  it('links each entry to the one before, starting from the genesis hash', () => {
    const { entries } = build([{ id: 'a' }, { id: 'b' }]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries.map((e) => e.seq)).toEqual([1, 2]);
    // The link is hash(prev_hash + canonical(columns with seq and prev_hash)).
    expect(linkHash((t) => t, entries[0] as StoredChainEntry)).toBe(
      `${GENESIS_HASH}{"id":"a","prev_hash":"${GENESIS_HASH}","seq":1}`,
    );
  });

  it('holds for any chain built by appending, and names its head and count', () => {
    fc.assert(
      fc.property(fc.array(columns, { maxLength: 20 }), (rows) => {
        const { entries, head } = build(rows);
        expect(verifyChain(fakeHash, entries, { recordedHead: head, expectedHead: head.hash })).toEqual({
          ok: true,
          count: rows.length,
          head: head.hash,
        });
      }),
    );
  });

  it('names the first changed entry', () => {
    fc.assert(
      fc.property(fc.array(columns, { minLength: 1, maxLength: 12 }), fc.nat(), fc.string(), (rows, at, text) => {
        const { entries } = build(rows);
        const i = at % entries.length;
        const victim = entries[i] as StoredChainEntry;
        fc.pre(victim.columns.detail !== text);
        entries[i] = { ...victim, columns: { ...victim.columns, detail: text } };
        const verdict = verifyChain(fakeHash, entries);
        expect(verdict.ok).toBe(false);
        if (!verdict.ok) expect([verdict.fault.seq, verdict.fault.reason]).toEqual([i + 1, 'hash_mismatch']);
      }),
    );
  });

  it('fails when an entry is removed from the middle or two entries trade places', () => {
    fc.assert(
      fc.property(fc.array(columns, { minLength: 3, maxLength: 12 }), fc.nat(), (rows, at) => {
        const { entries } = build(rows);
        const i = at % (entries.length - 1);
        const removed = entries.filter((_, j) => j !== i);
        const r = verifyChain(fakeHash, removed);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.fault.position).toBe(i + 1);
        const swapped = [...entries];
        [swapped[i], swapped[i + 1]] = [swapped[i + 1] as StoredChainEntry, swapped[i] as StoredChainEntry];
        const s = verifyChain(fakeHash, swapped);
        expect(s.ok).toBe(false);
        if (!s.ok) expect(s.fault.position).toBe(i + 1);
        // Renumbering the swapped entries does not help: the links give it away.
        const renumbered = swapped.map((e, j) => ({ ...e, seq: j + 1 }));
        const n = verifyChain(fakeHash, renumbered);
        expect(n.ok).toBe(false);
      }),
    );
  });

  it('with a head kept outside, notices entries cut off the end', () => {
    const { entries, head } = build([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    const kept = entries[1]?.hash as string;
    expect(verifyChain(fakeHash, entries, { expectedHead: kept }).ok).toBe(true);
    const cut = verifyChain(fakeHash, entries.slice(0, 1), { expectedHead: kept });
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect([cut.fault.reason, cut.fault.position]).toEqual(['head_not_found', 2]);
    const short = verifyChain(fakeHash, entries.slice(0, 2), { recordedHead: head });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.fault.reason).toBe('head_mismatch');
  });
});
