import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../catalogue/types.js';
import { DEFAULT_ESTIMATE } from '../catalogue/types.js';
import { LifeboatError } from '../errors.js';
import { compileModel } from './model.js';
import { computePlan, likelySchedule } from './plan.js';
import { compareTuples, type PriorityTuple } from './priority.js';
import { arbitraryCatalogue, catalogueOf } from './test-support/catalogues.js';

/** Own priority by DESIGN.md's words, independently of the planner's code. */
function ownOf(c: Catalogue, id: string): PriorityTuple {
  const s = c.systems.find((x) => x.id === id);
  if (!s) throw new Error(id);
  return [s.society ?? null, s.organisation ?? null, s.rto_hours === undefined ? null : -s.rto_hours];
}

/** Effective priority by brute force: the best own tuple among the system and all its transitive dependents. */
function effectiveOf(c: Catalogue, id: string): PriorityTuple {
  let best = ownOf(c, id);
  const seen = new Set([id]);
  const stack = [id];
  while (stack.length > 0) {
    const v = stack.pop() as string;
    for (const s of c.systems) {
      if (s.depends_on.includes(v) && !seen.has(s.id)) {
        seen.add(s.id);
        stack.push(s.id);
        if (compareTuples(ownOf(c, s.id), best) > 0) best = ownOf(c, s.id);
      }
    }
  }
  return best;
}

/** True when a comes before b in the order of effective priority (ties: smaller id). */
function before(c: Catalogue, a: string, b: string): boolean {
  const cmp = compareTuples(effectiveOf(c, a), effectiveOf(c, b));
  return cmp > 0 || (cmp === 0 && a < b);
}

function isTodo(status: string | undefined): boolean {
  return status === undefined || status === 'down' || status === 'unknown';
}

describe('the likely schedule (properties over random catalogues)', { timeout: 60_000 }, () => {
  it('starts no system before all its dependencies finish, and ready_h / waiting_for are the last of them', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(), (c) => {
        const model = compileModel(c);
        const s = likelySchedule(model);
        c.systems.forEach((sys, i) => {
          if (!isTodo(sys.status)) return;
          let last = 0;
          let lastId: string | null = null;
          for (const d of sys.depends_on) {
            const j = model.index.get(d) as number;
            expect(s.start[i]).toBeGreaterThanOrEqual(s.finish[j]);
            if (lastId === null || s.finish[j] > last || (s.finish[j] === last && d < lastId)) {
              last = s.finish[j];
              lastId = d;
            }
          }
          expect(s.ready[i]).toBe(last);
          expect(s.waitingFor[i] < 0 ? null : model.ids[s.waitingFor[i]]).toBe(lastId);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('never runs more of a team than its capacity at once', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(), (c) => {
        const s = likelySchedule(compileModel(c));
        for (const team of c.teams) {
          const members = c.systems.map((sys, i) => ({ sys, i })).filter(({ sys }) => sys.team === team.id);
          const inProgress = members.filter(({ sys }) => sys.status === 'restoring' || sys.status === 'verifying');
          // Systems already in progress hold their slots even beyond the capacity; nothing new starts then.
          const limit = Math.max(team.capacity, inProgress.length);
          for (const { i } of members) {
            const t = s.start[i];
            const busy = members.filter(({ sys, i: j }) => {
              if (sys.status === 'limited' || sys.status === 'operational') return false;
              return s.start[j] <= t && t < s.finish[j];
            }).length;
            expect(busy).toBeLessThanOrEqual(limit);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never starts a system of a team while one of higher effective priority of that team is ready and waiting', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(), (c) => {
        const model = compileModel(c);
        const s = likelySchedule(model);
        c.systems.forEach((w, i) => {
          if (!isTodo(w.status) || w.team === undefined) return;
          const t = s.start[i];
          c.systems.forEach((v, j) => {
            if (j === i || !isTodo(v.status) || v.team !== w.team) return;
            if (!(s.ready[j] <= t && s.start[j] > t)) return;
            // Became ready at t only because a zero-duration dependency started and finished at t,
            // after this start was decided: not waiting at the moment of the choice.
            const via = s.waitingFor[j];
            if (s.ready[j] === t && via >= 0 && s.start[via] === t) return;
            expect(before(c, w.id, v.id), `${w.id} started at ${t} while ${v.id} waited`).toBe(true);
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('gives every system its likely duration (in progress: remaining hours; done: finished at 0)', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(), (c) => {
        const s = likelySchedule(compileModel(c));
        c.systems.forEach((sys, i) => {
          const likely = (sys.estimate_hours ?? DEFAULT_ESTIMATE).likely;
          if (sys.status === 'limited' || sys.status === 'operational') {
            expect([s.start[i], s.finish[i]]).toEqual([0, 0]);
          } else if (sys.status === 'restoring' || sys.status === 'verifying') {
            expect(s.start[i]).toBe(0);
            expect(s.finish[i]).toBe(sys.remaining_hours ?? likely);
          } else {
            expect(s.finish[i] - s.start[i]).toBeCloseTo(likely, 9);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('computes the effective priority as the best own priority among the system and its dependents', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(), (c) => {
        const plan = computePlan(c, { runs: 1, seed: 1, friction: 0.3 });
        for (const s of plan.systems) {
          expect(s.priority).toEqual(effectiveOf(c, s.id));
          if (s.inherited_from !== null) expect(ownOf(c, s.inherited_from)).toEqual(s.priority);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('the likely schedule (examples)', () => {
  it('finishes a zero-duration system at its start and lets its dependents start at once', () => {
    const c = catalogueOf(
      [
        { id: 'a', team: 't', estimate_hours: { low: 0, likely: 0, high: 0 } },
        { id: 'b', team: 't', depends_on: ['a'], estimate_hours: { low: 1, likely: 2, high: 3 } },
      ],
      { t: 1 },
    );
    const s = likelySchedule(compileModel(c));
    expect([s.start[0], s.finish[0], s.start[1], s.finish[1]]).toEqual([0, 0, 0, 2]);
  });

  it('processes the finishes at t before the starts at t', () => {
    const c = catalogueOf(
      [
        { id: 'low', team: 't', society: 1, estimate_hours: 5 as never },
        { id: 'first', team: 't', society: 3, estimate_hours: { low: 5, likely: 5, high: 5 } },
        { id: 'dep', society: 1, estimate_hours: { low: 5, likely: 5, high: 5 } },
        { id: 'high', team: 't', society: 5, depends_on: ['dep'], estimate_hours: { low: 1, likely: 1, high: 1 } },
      ],
      { t: 1 },
    );
    c.systems[0].estimate_hours = { low: 1, likely: 1, high: 1 };
    const plan = computePlan(c, { runs: 1, seed: 1, friction: 0 });
    const by = Object.fromEntries(plan.systems.map((s) => [s.id, s]));
    // At 5 both `first` (team slot) and `dep` finish; `high` becomes ready at 5 and wins the slot over `low`.
    expect(by.first.start_h).toBe(0);
    expect(by.high.start_h).toBe(5);
    expect(by.low.start_h).toBe(6);
    expect(by.high.waiting_for).toBe('dep');
  });

  it('holds a slot for a system in progress and counts limited/operational as done at 0', () => {
    const c = catalogueOf(
      [
        { id: 'busy', team: 't', status: 'restoring', remaining_hours: 3 },
        { id: 'done', team: 't', status: 'operational' },
        { id: 'next', team: 't', depends_on: ['done'], estimate_hours: { low: 1, likely: 2, high: 4 } },
      ],
      { t: 1 },
    );
    const plan = computePlan(c, { runs: 10, seed: 1, friction: 0.3 });
    const by = Object.fromEntries(plan.systems.map((s) => [s.id, s]));
    expect(by.busy).toMatchObject({ start_h: 0, finish_h: 3 });
    expect(by.done).toMatchObject({ start_h: 0, finish_h: 0 });
    expect(by.next).toMatchObject({ ready_h: 0, start_h: 3, finish_h: 5, waiting_for: 'done' });
    expect(plan.critical_chain.map((l) => [l.id, l.waited_for])).toEqual([
      ['busy', null],
      ['next', 'team'],
    ]);
  });

  it('gives a system with no team no capacity limit', () => {
    const c = catalogueOf(
      [1, 2, 3, 4, 5].map((k) => ({ id: `s${k}`, estimate_hours: { low: 1, likely: 2, high: 3 } })),
    );
    const plan = computePlan(c, { runs: 1, seed: 1, friction: 0 });
    expect(plan.systems.map((s) => s.start_h)).toEqual([0, 0, 0, 0, 0]);
    expect(plan.systems.every((s) => s.team === null)).toBe(true);
    expect(plan.makespan_h).toBe(2);
  });

  it('breaks ties of equal priority by id in plain string order', () => {
    const c = catalogueOf(
      ['b', 'a10', 'a9'].map((id) => ({ id, team: 't', estimate_hours: { low: 1, likely: 1, high: 1 } })),
      { t: 1 },
    );
    const plan = computePlan(c, { runs: 1, seed: 1, friction: 0 });
    expect(plan.systems.map((s) => [s.id, s.start_h])).toEqual([
      ['b', 2],
      ['a10', 0],
      ['a9', 1],
    ]);
  });

  it('refuses a cycle, naming the systems on it', () => {
    const c = catalogueOf([
      { id: 'a', depends_on: ['c'] },
      { id: 'b', depends_on: ['a'] },
      { id: 'c', depends_on: ['b'] },
      { id: 'd', depends_on: ['a'] },
    ]);
    expect(() => compileModel(c)).toThrow(/cycle.*a.*c.*b|cycle.*c.*b.*a|cycle.*b.*a.*c/);
    let thrown: unknown;
    try {
      compileModel(c);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LifeboatError);
    expect([...((thrown as LifeboatError).details as { systems: string[] }).systems].sort()).toEqual(['a', 'b', 'c']);
  });

  it('warns about missing estimates and RTO inversions', () => {
    const c = catalogueOf([
      { id: 'base', rto_hours: 48, estimate_hours: { low: 1, likely: 2, high: 3 } },
      { id: 'top', rto_hours: 4, depends_on: ['base'] },
    ]);
    const plan = computePlan(c, { runs: 1, seed: 1, friction: 0 });
    expect(plan.warnings.map((w) => [w.code, w.system])).toEqual([
      ['no-estimate', 'top'],
      ['rto-inversion', 'top'],
    ]);
    expect(plan.warnings[1].needs).toEqual(['base']);
    expect(plan.systems[1].finish_h - plan.systems[1].start_h).toBe(DEFAULT_ESTIMATE.likely);
  });
});
