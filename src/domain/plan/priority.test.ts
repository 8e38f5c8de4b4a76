import { describe, expect, it } from 'vitest';
import { compileModel } from './model.js';
import { computePlan } from './plan.js';
import { compareTuples, ownTuple } from './priority.js';
import { catalogueOf } from './test-support/catalogues.js';

// The rules of DESIGN.md, "Effective priority", at their edges: missing values, ties, and which of
// several equal dependents a system inherits from. (The properties over random catalogues are in
// schedule.test.ts; these examples pin what they leave open.)

const ranked = (c: ReturnType<typeof catalogueOf>): string[] => {
  const model = compileModel(c);
  return Array.from(model.byRank, (i) => model.ids[i] as string);
};

describe('own priority', () => {
  it('reports a missing value as null, and an RTO as its negation', () => {
    const model = compileModel(
      catalogueOf([{ id: 'bare' }, { id: 'full', society: 3, organisation: 2, rto_hours: 8 }]),
    );
    expect(ownTuple(model, model.index.get('bare') as number)).toEqual([null, null, null]);
    expect(ownTuple(model, model.index.get('full') as number)).toEqual([3, 2, -8]);
    const plan = computePlan(catalogueOf([{ id: 'bare' }]), { runs: 1, seed: 1, friction: 0 });
    expect(plan.systems[0]?.priority).toEqual([null, null, null]);
  });

  it('compares tuples field by field, a missing value lowest, and equal tuples as 0', () => {
    expect(compareTuples([1, null, null], [null, 5, -1])).toBeGreaterThan(0);
    expect(compareTuples([1, 2, -8], [1, 2, -4])).toBeLessThan(0);
    expect(compareTuples([1, 2, null], [1, 2, -400])).toBeLessThan(0);
    expect(compareTuples([3, null, -8], [3, null, -8])).toBe(0);
    expect(compareTuples([null, null, null], [null, null, null])).toBe(0);
  });
});

describe('rank by effective priority', () => {
  it('puts a missing society below society 1, and a missing RTO below any RTO', () => {
    // The ids would order them the other way round: only the priority can put b first.
    expect(ranked(catalogueOf([{ id: 'a' }, { id: 'b', society: 1 }]))).toEqual(['b', 'a']);
    expect(
      ranked(
        catalogueOf([
          { id: 'a', society: 2 },
          { id: 'b', society: 2, organisation: 1 },
        ]),
      ),
    ).toEqual(['b', 'a']);
    expect(
      ranked(
        catalogueOf([
          { id: 'a', society: 2 },
          { id: 'b', society: 2, rto_hours: 1000 },
        ]),
      ),
    ).toEqual(['b', 'a']);
    expect(
      ranked(
        catalogueOf([
          { id: 'a', rto_hours: 9 },
          { id: 'b', rto_hours: 3 },
        ]),
      ),
    ).toEqual(['b', 'a']);
  });

  it('orders equal priorities by id, whatever the catalogue order', () => {
    expect(
      ranked(
        catalogueOf([
          { id: 'c', society: 2 },
          { id: 'a', society: 2 },
          { id: 'b', society: 2 },
        ]),
      ),
    ).toEqual(['a', 'b', 'c']);
  });

  it('inherits from the dependent with the higher own priority, and among equal ones from the smaller id', () => {
    const c = catalogueOf([
      { id: 'base', society: 1 },
      { id: 'y', society: 4, rto_hours: 8, depends_on: ['base'] },
      { id: 'x', society: 4, rto_hours: 8, depends_on: ['base'] },
      { id: 'w', society: 4, rto_hours: 12, depends_on: ['base'] },
    ]);
    const plan = computePlan(c, { runs: 1, seed: 1, friction: 0 });
    const base = plan.systems.find((s) => s.id === 'base');
    expect(base?.inherited_from).toBe('x');
    expect(base?.priority).toEqual([4, null, -8]);
    // A system whose dependents are no more urgent than itself keeps its own.
    const own = computePlan(
      catalogueOf([
        { id: 'root', society: 4, rto_hours: 8 },
        { id: 'b', society: 4, rto_hours: 8, depends_on: ['root'] },
        { id: 'a', society: 4, rto_hours: 8, depends_on: ['root'] },
      ]),
      { runs: 1, seed: 1, friction: 0 },
    );
    expect(own.systems.find((s) => s.id === 'root')?.inherited_from).toBeNull();
  });
});
