import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../errors.js';
import { ROLES } from '../roles.js';
import {
  canMoveNeed,
  checkNeedMove,
  compareForTriage,
  countByStatus,
  isClosedNeed,
  mayOwnNeed,
  NEED_STATUSES,
  NEED_URGENCIES,
  type NeedStatus,
  nextNeedStatuses,
  noteRequiredFor,
  OPEN_NEED_STATUSES,
  type TriageKey,
  triageOrder,
} from './needs.js';

// Where each status lies on the way to being fulfilled; `declined` may end any open need.
const STEP: Record<NeedStatus, number> = { new: 0, accepted: 1, in_progress: 2, fulfilled: 3, declined: 3 };

const status = fc.constantFrom(...NEED_STATUSES);
const role = fc.constantFrom(...ROLES);

describe('the lifecycle of a need', () => {
  it('goes one step forward, or is declined while open, and nothing else', () => {
    expect(canMoveNeed('new', 'accepted')).toBe(true);
    expect(canMoveNeed('accepted', 'in_progress')).toBe(true);
    expect(canMoveNeed('in_progress', 'fulfilled')).toBe(true);
    for (const from of OPEN_NEED_STATUSES) expect(canMoveNeed(from, 'declined')).toBe(true);
    expect(canMoveNeed('new', 'fulfilled')).toBe(false);
    expect(canMoveNeed('new', 'in_progress')).toBe(false);
    expect(canMoveNeed('accepted', 'new')).toBe(false);
    expect(canMoveNeed('fulfilled', 'declined')).toBe(false);
    expect(canMoveNeed('declined', 'new')).toBe(false);
    expect(isClosedNeed('fulfilled') && isClosedNeed('declined')).toBe(true);
    expect(OPEN_NEED_STATUSES.some(isClosedNeed)).toBe(false);
  });

  it('lets only admin and staff triage, and asks a reason for a refusal', () => {
    expect(nextNeedStatuses('staff', 'new')).toEqual(['accepted', 'declined']);
    expect(nextNeedStatuses('admin', 'in_progress')).toEqual(['fulfilled', 'declined']);
    for (const r of ['reporter', 'observer', 'recovery', 'communicator'])
      expect(nextNeedStatuses(r, 'new')).toEqual([]);
    expect(noteRequiredFor('declined')).toBe(true);
    expect(noteRequiredFor('accepted')).toBe(false);
    expect(mayOwnNeed('recovery')).toBe(true);
    expect(mayOwnNeed('reporter')).toBe(false);
    expect(mayOwnNeed('observer')).toBe(false);
  });

  it('never moves back, never skips a step, and an ended need stays ended (any sequence of attempts)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(role, status), { maxLength: 30 }), (attempts) => {
        let current: NeedStatus = 'new';
        const path: NeedStatus[] = [current];
        for (const [who, to] of attempts) {
          if (!nextNeedStatuses(who, current).includes(to)) continue;
          expect(['admin', 'staff']).toContain(who);
          expect(STEP[to] > STEP[current]).toBe(true);
          // Forward by exactly one step, or a refusal.
          expect(to === 'declined' || STEP[to] === STEP[current] + 1).toBe(true);
          current = to;
          path.push(current);
        }
        // Each status is visited at most once, and only the last may be an ended one.
        expect(new Set(path).size).toBe(path.length);
        expect(path.slice(0, -1).some(isClosedNeed)).toBe(false);
        expect(path.length).toBeLessThanOrEqual(4);
      }),
    );
  });

  it('reaches every status from new, and nothing from an ended one', () => {
    fc.assert(
      fc.property(status, (target) => {
        // Breadth-first over the transitions: every status is reachable from `new`.
        const seen = new Set<NeedStatus>(['new']);
        const queue: NeedStatus[] = ['new'];
        for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
          for (const next of nextNeedStatuses('staff', s)) {
            if (!seen.has(next)) {
              seen.add(next);
              queue.push(next);
            }
          }
        }
        expect(seen.has(target)).toBe(true);
        if (isClosedNeed(target)) for (const to of NEED_STATUSES) expect(canMoveNeed(target, to)).toBe(false);
      }),
    );
  });
});

const triageKey: fc.Arbitrary<TriageKey> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  urgency: fc.constantFrom(...NEED_URGENCIES),
  created_at: fc
    .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 0, 3) })
    .map((ms) => new Date(ms - (ms % 60_000)).toISOString()),
});

describe('the triage order', () => {
  it('puts the most urgent first, then the oldest', () => {
    const order = triageOrder([
      { id: 'a', urgency: 'low', created_at: '2026-01-01T08:00:00.000Z' },
      { id: 'b', urgency: 'critical', created_at: '2026-01-01T10:00:00.000Z' },
      { id: 'c', urgency: 'critical', created_at: '2026-01-01T09:00:00.000Z' },
      { id: 'd', urgency: 'high', created_at: '2026-01-01T07:00:00.000Z' },
    ]).map((n) => n.id);
    expect(order).toEqual(['c', 'b', 'd', 'a']);
  });

  it('is a total order: antisymmetric, transitive, and sorted by urgency then age', () => {
    fc.assert(
      fc.property(fc.array(triageKey, { maxLength: 40 }), (needs) => {
        const sorted = triageOrder(needs);
        expect(sorted).toHaveLength(needs.length);
        for (let i = 1; i < sorted.length; i++) {
          const [a, b] = [sorted[i - 1] as TriageKey, sorted[i] as TriageKey];
          const ua = NEED_URGENCIES.indexOf(a.urgency);
          const ub = NEED_URGENCIES.indexOf(b.urgency);
          expect(ua).toBeGreaterThanOrEqual(ub);
          if (ua === ub) expect(a.created_at <= b.created_at).toBe(true);
          expect(compareForTriage(a, b)).toBeLessThanOrEqual(0);
        }
        // The same set in any order sorts the same way.
        expect(triageOrder([...needs].reverse()).map((n) => [n.id, n.urgency, n.created_at])).toEqual(
          sorted.map((n) => [n.id, n.urgency, n.created_at]),
        );
      }),
    );
  });

  it('counts every status, empty ones too', () => {
    expect(countByStatus([{ status: 'new' }, { status: 'new' }, { status: 'declined' }])).toEqual({
      new: 2,
      accepted: 0,
      in_progress: 0,
      fulfilled: 0,
      declined: 1,
    });
  });
});

describe('checkNeedMove', () => {
  const refusal = (from: NeedStatus, to: NeedStatus, note: string) => {
    try {
      checkNeedMove(from, to, note);
    } catch (error) {
      if (error instanceof LifeboatError) return `${error.code} ${error.field} ${error.key}`;
      throw error;
    }
    return 'allowed';
  };

  it('allows what the lifecycle allows, and refuses the rest naming the field', () => {
    expect(refusal('new', 'accepted', '')).toBe('allowed');
    expect(refusal('in_progress', 'declined', 'Ingen personal')).toBe('allowed');
    expect(refusal('new', 'fulfilled', '')).toBe('invalid_transition status err.need.transition');
    expect(refusal('fulfilled', 'declined', 'x')).toBe('invalid_transition status err.need.closed');
    expect(refusal('accepted', 'declined', '')).toBe('validation_failed note err.need.noteRequired');
  });

  it('agrees with canMoveNeed for every pair of statuses', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        expect(refusal(from, to, 'why') === 'allowed').toBe(canMoveNeed(from, to));
      }),
    );
  });
});
