import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../domain/catalogue/types.js';
import { PlanCache, planOptions, withDates } from './plan.service.js';

const catalogue = (status: 'down' | 'operational' = 'down'): Catalogue => ({
  version: 1,
  organisation: { name: 'Provstad', locale: 'sv', timezone: 'Europe/Stockholm' },
  teams: [{ id: 'infra', name: 'Infra', capacity: 1 }],
  units: [],
  systems: [
    {
      id: 'net',
      name: 'Nät',
      kind: 'infrastructure',
      team: 'infra',
      depends_on: [],
      status,
      estimate_hours: { low: 1, likely: 2, high: 3 },
    },
    {
      id: 'ad',
      name: 'AD',
      kind: 'infrastructure',
      team: 'infra',
      depends_on: ['net'],
      estimate_hours: { low: 4, likely: 4, high: 4 },
    },
  ],
});

describe('plan cache', () => {
  it('computes once per catalogue content and options, and again after any change', async () => {
    const cache = new PlanCache();
    const options = planOptions({ runs: 20 });
    const first = await cache.plan(catalogue(), options);
    expect(await cache.plan(catalogue(), options)).toBe(first);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
    const changed = await cache.plan(catalogue('operational'), options);
    expect(changed.makespan_h).toBe(4);
    expect(first.makespan_h).toBe(6);
    await cache.plan(catalogue(), planOptions({ runs: 20, seed: 2 }));
    expect([cache.hits, cache.misses]).toEqual([1, 3]);
  });

  it('keeps at most 16 plans, dropping the least recently used', async () => {
    const cache = new PlanCache();
    for (let seed = 1; seed <= 17; seed++) await cache.plan(catalogue(), planOptions({ runs: 5, seed }));
    await cache.plan(catalogue(), planOptions({ runs: 5, seed: 17 }));
    expect(cache.hits).toBe(1);
    await cache.plan(catalogue(), planOptions({ runs: 5, seed: 1 }));
    expect(cache.misses).toBe(18);
  });
});

describe('dates', () => {
  it('falls back to UTC for an unknown zone', async () => {
    const cache = new PlanCache();
    const dated = withDates(
      await cache.plan(catalogue(), planOptions({ runs: 5 })),
      new Date('2026-11-29T08:00:00Z'),
      'Mars/Olympus',
    );
    expect(dated).toMatchObject({ time_zone: 'UTC', as_of: '2026-11-29T08:00:00+00:00' });
  });

  it('dates every time of the plan from as_of_utc', async () => {
    const cache = new PlanCache();
    const dated = withDates(
      await cache.plan(catalogue(), planOptions({ runs: 5 })),
      new Date('2026-11-29T08:00:00Z'),
      'Europe/Stockholm',
    );
    expect(dated).toMatchObject({ as_of_utc: '2026-11-29T08:00:00.000Z', as_of: '2026-11-29T09:00:00+01:00' });
    expect(dated.makespan_at).toBe('2026-11-29T15:00:00+01:00');
    expect(dated.systems[1]).toMatchObject({
      start_at: '2026-11-29T11:00:00+01:00',
      finish_at: '2026-11-29T15:00:00+01:00',
    });
  });
});
