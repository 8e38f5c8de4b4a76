import { describe, expect, it } from 'vitest';
import { DEFAULT_ESTIMATE } from '../catalogue/types.js';
import { compileModel, modelForTransfer, modelFromTransfer, STATE_DONE, STATE_IN_PROGRESS } from './model.js';
import { catalogueOf } from './test-support/catalogues.js';
import { refusalOf } from './test-support/refusal.js';

// The compiled model on a small catalogue, array by array; the schedule and forecast tests use it whole.

const fixed = (h: number) => ({ low: h, likely: h, high: h });

// web needs app and net; app needs db; db needs net. Listed out of order on purpose.
const small = () =>
  catalogueOf(
    [
      { id: 'web', team: 'apps', depends_on: ['app', 'net'], society: 2, status: 'verifying' },
      { id: 'app', team: 'apps', depends_on: ['db'], organisation: 4, status: 'restoring', remaining_hours: 3 },
      { id: 'db', team: 'infra', depends_on: ['net'], rto_hours: 24, estimate_hours: { low: 1, likely: 2, high: 6 } },
      { id: 'net', status: 'operational', estimate_hours: fixed(4) },
      { id: 'old', status: 'limited' },
    ],
    { infra: 1, apps: 3 },
  );

describe('compileModel', () => {
  it('compiles teams, estimates, states and priorities, array by array', () => {
    const m = compileModel(small(), { capacity: { infra: 2 } });
    expect(m.n).toBe(5);
    expect(m.ids).toEqual(['web', 'app', 'db', 'net', 'old']);
    expect([...m.index]).toEqual([
      ['web', 0],
      ['app', 1],
      ['db', 2],
      ['net', 3],
      ['old', 4],
    ]);
    expect(m.teamIds).toEqual(['infra', 'apps']);
    expect([...m.teamCapacity]).toEqual([2, 3]);
    expect([...m.team]).toEqual([1, 1, 0, -1, -1]);
    const d = DEFAULT_ESTIMATE;
    expect([...m.low]).toEqual([d.low, d.low, 1, 4, d.low]);
    expect([...m.likely]).toEqual([d.likely, d.likely, 2, 4, d.likely]);
    expect([...m.high]).toEqual([d.high, d.high, 6, 4, d.high]);
    expect([...m.defaulted]).toEqual([1, 1, 0, 0, 1]);
    expect([...m.state]).toEqual([STATE_IN_PROGRESS, STATE_IN_PROGRESS, 0, STATE_DONE, STATE_DONE]);
    // In progress: the remaining hours given, else the likely estimate; NaN for the rest.
    expect([...m.remaining]).toEqual([d.likely, 3, Number.NaN, Number.NaN, Number.NaN]);
    expect([...m.remainingGiven]).toEqual([0, 1, 0, 0, 0]);
    expect([...m.society]).toEqual([2, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect([...m.organisation]).toEqual([Number.NaN, 4, Number.NaN, Number.NaN, Number.NaN]);
    expect([...m.rto]).toEqual([Number.NaN, Number.NaN, 24, Number.NaN, Number.NaN]);
  });

  it('keeps dependencies and dependents as adjacency lists, and an order with dependencies first', () => {
    const m = compileModel(small());
    expect([...m.depStart]).toEqual([0, 2, 3, 4, 4, 4]);
    expect([...m.deps]).toEqual([1, 3, 2, 3]);
    expect([...m.outStart]).toEqual([0, 0, 1, 2, 4, 4]);
    expect([...m.out]).toEqual([0, 1, 0, 2]);
    expect([...m.topo].map((i) => m.ids[i])).toEqual(['net', 'old', 'db', 'app', 'web']);
  });

  it('refuses a capacity for a team it does not know, or one below 1 or not whole', () => {
    expect(refusalOf(() => compileModel(small(), { capacity: { nobody: 2 } }))).toStrictEqual({
      code: 'bad_request',
      message: 'unknown team nobody',
      field: 'capacity',
      key: 'err.plan.unknownTeam',
      params: { id: 'nobody' },
    });
    for (const capacity of [0, 1.5]) {
      expect(refusalOf(() => compileModel(small(), { capacity: { apps: capacity } }))).toStrictEqual({
        code: 'bad_request',
        message: 'capacity of apps must be an integer >= 1',
        field: 'capacity',
        key: 'err.plan.capacityOf',
        params: { id: 'apps' },
      });
    }
    expect([...compileModel(small(), { capacity: { apps: 1 } }).teamCapacity]).toEqual([1, 1]);
  });

  it('refuses a system of an unknown team, and a dependency on an unknown system', () => {
    expect(refusalOf(() => compileModel(catalogueOf([{ id: 'a', team: 'ghost' }], { infra: 1 })))).toStrictEqual({
      code: 'invalid_catalogue',
      message: 'a: unknown team ghost',
      field: 'team',
      key: 'err.plan.systemUnknownTeam',
      params: { system: 'a', team: 'ghost' },
    });
    const err = refusalOf(() => compileModel(catalogueOf([{ id: 'a' }, { id: 'b', depends_on: ['a', 'zz'] }])));
    expect(err).toStrictEqual({
      code: 'invalid_catalogue',
      message: 'b: depends on unknown system zz',
      field: 'depends_on',
      key: undefined,
      params: undefined,
    });
  });

  it('names one cycle, each system needing the next, and leaves out what only waits behind it', () => {
    // x waits behind the cycle b -> c -> d -> b but is not on it; a is free.
    const c = catalogueOf([
      { id: 'a' },
      { id: 'x', depends_on: ['b'] },
      { id: 'b', depends_on: ['a', 'c'] },
      { id: 'c', depends_on: ['d'] },
      { id: 'd', depends_on: ['b'] },
    ]);
    let details: unknown;
    try {
      compileModel(c);
    } catch (e) {
      details = (e as { details?: unknown }).details;
    }
    expect(refusalOf(() => compileModel(c))).toMatchObject({
      code: 'invalid_catalogue',
      message: 'dependency cycle (each needs the next): b -> c -> d -> b',
      field: 'depends_on',
    });
    expect(details).toStrictEqual({ systems: ['b', 'c', 'd'] });
  });
});

describe('the model a forecast worker gets', () => {
  it('carries every array the runs need and rebuilds a model from them', () => {
    const m = compileModel(small());
    const t = modelForTransfer(m);
    expect(Object.keys(t).sort()).toEqual(
      [
        'n',
        'teamIds',
        'teamCapacity',
        'team',
        'depStart',
        'deps',
        'outStart',
        'out',
        'low',
        'likely',
        'high',
        'state',
        'remaining',
        'remainingGiven',
        'rto',
        'rank',
        'byRank',
      ].sort(),
    );
    expect(t.rank).toBe(m.rank);
    const back = modelFromTransfer(structuredClone(t));
    expect(back.n).toBe(5);
    expect([...back.byRank]).toEqual([...m.byRank]);
    expect(back.ids).toEqual([]);
    expect(back.defaulted).toHaveLength(5);
    expect(back.topo).toHaveLength(5);
  });
});
