import { afterAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../domain/catalogue/types.js';
import { LifeboatError } from '../../domain/errors.js';
import { computePlan } from '../../domain/plan/plan.js';
import { PlanCache, planOptions } from './plan.service.js';
import { createPlannerPool, inlinePlanner } from './planner.js';

const catalogue = (estimate = 4): Catalogue => ({
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
      estimate_hours: { low: 2, likely: 2, high: 2 },
    },
    {
      id: 'ad',
      name: 'AD',
      kind: 'infrastructure',
      team: 'infra',
      depends_on: ['net'],
      estimate_hours: { low: 1, likely: estimate, high: estimate * 2 },
    },
  ],
});

describe('planner pool', () => {
  const pool = createPlannerPool(1);
  afterAll(() => pool.close());

  it('computes in a worker thread exactly what the domain computes', async () => {
    const options = planOptions({ runs: 50, seed: 3 });
    const plan = await pool.run('plan', { catalogue: catalogue(), options });
    expect(plan).toEqual(JSON.parse(JSON.stringify(computePlan(catalogue(), options))));
    expect(pool.stats()).toEqual({ threads: 1, queued: 0, running: 0 });
  });

  it('queues jobs beyond its threads and answers each', async () => {
    // The first job is long enough (many runs) to hold the one thread while the poll looks: packing is
    // asynchronous, so the queue can only be seen once the jobs have reached it.
    const jobs = [2, 4, 8].map((e, i) =>
      pool.run('plan', { catalogue: catalogue(e), options: planOptions({ runs: i === 0 ? 200_000 : 20 }) }),
    );
    await expect.poll(() => pool.stats(), { interval: 2 }).toMatchObject({ queued: 2, running: 1 });
    const plans = await Promise.all(jobs);
    expect(plans.map((p) => p.makespan_h)).toEqual([4, 6, 10]);
  });

  it('hands a refusal back as the same LifeboatError, code, field and key', async () => {
    const failed = pool.run('whatIf', {
      catalogue: catalogue(),
      changes: { done: ['nope'] },
      options: planOptions({ runs: 5 }),
    });
    await expect(failed).rejects.toBeInstanceOf(LifeboatError);
    await expect(failed).rejects.toMatchObject({
      code: 'bad_request',
      field: 'done[0]',
      key: 'err.plan.unknownSystem',
      params: { id: 'nope' },
    });
  });

  it('refuses a job beyond its queue as rate_limited, and still answers those it took', async () => {
    const small = createPlannerPool(1, 1);
    try {
      const long = small.run('plan', { catalogue: catalogue(2), options: planOptions({ runs: 200_000 }) });
      const queued = small.run('plan', { catalogue: catalogue(4), options: planOptions({ runs: 20 }) });
      await expect.poll(() => small.stats(), { interval: 2 }).toMatchObject({ queued: 1, running: 1 });
      await expect(
        small.run('plan', { catalogue: catalogue(8), options: planOptions({ runs: 20 }) }),
      ).rejects.toMatchObject({ code: 'rate_limited', key: 'err.http.rateLimited' });
      expect((await Promise.all([long, queued])).map((p) => p.makespan_h)).toEqual([4, 6]);
    } finally {
      await small.close();
    }
  });

  it('refuses work once closed', async () => {
    const other = createPlannerPool(1);
    await other.close();
    await expect(other.run('plan', { catalogue: catalogue(), options: planOptions({}) })).rejects.toMatchObject({
      code: 'internal',
    });
  });
});

describe('plan cache on a planner', () => {
  it('shares one computation between requests for the same plan while it runs', async () => {
    let runs = 0;
    const inline = inlinePlanner();
    const counting = {
      ...inline,
      run: ((kind, input) => {
        runs++;
        return inline.run(kind, input);
      }) as typeof inline.run,
    };
    const cache = new PlanCache(counting);
    const options = planOptions({ runs: 10 });
    const [a, b] = await Promise.all([cache.plan(catalogue(), options), cache.plan(catalogue(), options)]);
    expect(a).toBe(b);
    expect(runs).toBe(1);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('does not keep a failure: the next request computes again', async () => {
    let calls = 0;
    const inline = inlinePlanner();
    const flaky = {
      ...inline,
      run: ((kind, input) => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('thread died')) : inline.run(kind, input);
      }) as typeof inline.run,
    };
    const cache = new PlanCache(flaky);
    await expect(cache.plan(catalogue(), planOptions({ runs: 5 }))).rejects.toThrow('thread died');
    expect((await cache.plan(catalogue(), planOptions({ runs: 5 }))).makespan_h).toBe(6);
  });
});
