import { describe, expect, it } from 'vitest';
import type { Catalogue, Estimate } from '../catalogue/types.js';
import { computePlan } from './plan.js';
import { catalogueOf } from './test-support/catalogues.js';
import { refusalOf } from './test-support/refusal.js';
import { applyWhatIf, type WhatIfChanges, whatIf } from './what-if.js';

// The what-if's rules on their own; plan.test.ts shows it on Exempelstad.

function small(): Catalogue {
  return catalogueOf(
    [
      { id: 'net', team: 'infra', estimate_hours: { low: 2, likely: 4, high: 8 } },
      { id: 'ad', team: 'infra', depends_on: ['net'], estimate_hours: { low: 4, likely: 6, high: 12 } },
      { id: 'mail', team: 'apps', depends_on: ['ad'], status: 'restoring', remaining_hours: 3 },
      { id: 'web', team: 'apps', depends_on: ['net'], estimate_hours: { low: 1, likely: 2, high: 3 } },
    ],
    { infra: 1, apps: 2 },
  );
}

/** What applying `changes` to the small catalogue throws. */
function refusal(changes: WhatIfChanges): Record<string, unknown> {
  return refusalOf(() => applyWhatIf(small(), changes));
}

const est = (low: number, likely: number, high: number): Estimate => ({ low, likely, high });

describe('applyWhatIf refuses a change it cannot apply, naming the field', () => {
  it('an unknown team', () => {
    expect(refusal({ capacity: { infra: 2, nobody: 2 } })).toStrictEqual({
      code: 'bad_request',
      message: 'unknown team nobody',
      field: 'capacity.nobody',
      key: 'err.plan.unknownTeam',
      params: { id: 'nobody' },
    });
  });

  it.each([0, -1, 1.5, Number.NaN])('a capacity of %s', (capacity) => {
    expect(refusal({ capacity: { apps: capacity } })).toStrictEqual({
      code: 'bad_request',
      message: 'capacity must be an integer >= 1',
      field: 'capacity.apps',
      key: 'err.plan.capacity',
      params: undefined,
    });
  });

  it('an unknown system marked done, by its place in the list', () => {
    expect(refusal({ done: ['ad', 'nope'] })).toStrictEqual({
      code: 'bad_request',
      message: 'unknown system nope',
      field: 'done[1]',
      key: 'err.plan.unknownSystem',
      params: { id: 'nope' },
    });
  });

  it('an estimate for an unknown system', () => {
    expect(refusal({ estimates: { web: est(1, 1, 1), nope: est(1, 2, 3) } })).toStrictEqual({
      code: 'bad_request',
      message: 'unknown system nope',
      field: 'estimates.nope',
      key: 'err.plan.unknownSystem',
      params: { id: 'nope' },
    });
  });

  it.each([
    ['likely below low', est(5, 2, 9)],
    ['high below likely', est(1, 3, 2)],
    ['a negative low', est(-1, 2, 3)],
    ['a low that is not a number', est(Number.NaN, 2, 3)],
    ['an infinite high', est(1, 2, Number.POSITIVE_INFINITY)],
    ['a high that is not a number', est(1, 2, Number.NaN)],
  ])('an estimate with %s', (_, estimate) => {
    expect(refusal({ estimates: { web: estimate } })).toStrictEqual({
      code: 'bad_request',
      message: 'expected 0 <= low <= likely <= high',
      field: 'estimates.web',
      key: 'err.plan.estimateOrder',
      params: undefined,
    });
  });
});

describe('applyWhatIf applies what it is given and nothing else', () => {
  it('takes the boundaries: a capacity of 1, an estimate of zero and one with all three equal', () => {
    const changed = applyWhatIf(small(), {
      capacity: { apps: 1 },
      estimates: { net: est(0, 0, 0), web: est(2, 2, 2) },
    });
    expect(changed.teams.map((t) => [t.id, t.capacity])).toStrictEqual([
      ['infra', 1],
      ['apps', 1],
    ]);
    expect(changed.systems.map((s) => s.estimate_hours)).toStrictEqual([
      est(0, 0, 0),
      est(4, 6, 12),
      undefined,
      est(2, 2, 2),
    ]);
  });

  it('changes the capacity of the teams it names and keeps the others', () => {
    const changed = applyWhatIf(small(), { capacity: { infra: 3 } });
    expect(changed.teams).toStrictEqual([
      { id: 'infra', name: 'infra', capacity: 3 },
      { id: 'apps', name: 'apps', capacity: 2 },
    ]);
  });

  it('marks a system done (dropping what remained) and moves an estimate without touching its status', () => {
    const catalogue = small();
    const before = structuredClone(catalogue);
    const changed = applyWhatIf(catalogue, { done: ['mail'], estimates: { ad: est(1, 2, 3) } });
    expect(changed.systems).toStrictEqual([
      catalogue.systems[0],
      { ...catalogue.systems[1], estimate_hours: est(1, 2, 3) },
      { id: 'mail', name: 'mail', kind: 'application', team: 'apps', depends_on: ['ad'], status: 'operational' },
      catalogue.systems[3],
    ]);
    // A copy: the real catalogue is as it was.
    expect(catalogue).toStrictEqual(before);
  });

  it('changes nothing when it is given nothing', () => {
    const catalogue = small();
    expect(applyWhatIf(catalogue, {})).toStrictEqual(catalogue);
  });
});

describe('whatIf compares two plans under the same options', () => {
  const options = { runs: 200, seed: 7, friction: 0.3, capacity: { infra: 2 } };

  it('with no changes, the variant is the base plan and every delta is zero', () => {
    const result = whatIf(small(), {}, options);
    expect(result.variant).toStrictEqual(result.base);
    expect(result.base).toStrictEqual(computePlan(small(), options));
    const zero = (h: number) => ({ base: h, variant: h, delta: 0 });
    expect(result.whole).toStrictEqual({
      finish_h: zero(result.base.makespan_h),
      p50_h: zero(result.base.forecast.p50_h),
      p90_h: zero(result.base.forecast.p90_h),
    });
    expect(result.systems.map((s) => s.id)).toStrictEqual(['net', 'ad', 'mail', 'web']);
  });

  it("lets the what-if's capacity win over the options' override for the team it names", () => {
    const result = whatIf(small(), { capacity: { infra: 1 } }, options);
    const expected = computePlan(applyWhatIf(small(), { capacity: { infra: 1 } }), { ...options, capacity: {} });
    expect(result.variant).toStrictEqual(expected);
    const net = result.systems[0];
    expect(net.finish_h).toStrictEqual({
      base: result.base.systems[0].finish_h,
      variant: expected.systems[0].finish_h,
      delta: expected.systems[0].finish_h - result.base.systems[0].finish_h,
    });
  });

  it('reports each system as base, variant and the change', () => {
    const result = whatIf(small(), { done: ['ad'] }, options);
    const ad = result.systems[1];
    expect(ad.finish_h).toStrictEqual({
      base: result.base.systems[1].finish_h,
      variant: 0,
      delta: -result.base.systems[1].finish_h,
    });
    expect(ad.p50_h.variant).toBe(0);
    expect(ad.p90_h.delta).toBe(-result.base.systems[1].p90_h);
    expect(result.whole.p50_h.delta).toBeLessThan(0);
  });
});
