import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../catalogue/types.js';
import { adviseCapacity, mostImportantOpen } from './advice.js';
import { computePlan } from './plan.js';
import { arbitraryCatalogue, catalogueOf } from './test-support/catalogues.js';

const OPTIONS = { runs: 200, seed: 3, friction: 0.3 };
const fixed = (h: number) => ({ low: h, likely: h, high: h });

// Ops has four systems of 10 h for one person; net has one for one: only ops can use another.
function twoTeams(): Catalogue {
  return catalogueOf(
    [
      { id: 'care', team: 'ops', society: 5, estimate_hours: { low: 8, likely: 10, high: 14 } },
      { id: 'school', team: 'ops', society: 4, estimate_hours: { low: 8, likely: 10, high: 14 } },
      { id: 'library', team: 'ops', society: 1, estimate_hours: { low: 8, likely: 10, high: 14 } },
      { id: 'booking', team: 'ops', estimate_hours: { low: 8, likely: 10, high: 14 } },
      { id: 'network', team: 'net', society: 3, estimate_hours: { low: 4, likely: 5, high: 8 } },
      { id: 'web', team: 'net', society: 2, status: 'operational' },
    ],
    { ops: 1, net: 1 },
  );
}

describe('where one more person helps most', () => {
  it('ranks the team whose queue holds the restart back first, with the hours and the services it wins', () => {
    const advice = adviseCapacity(twoTeams(), OPTIONS);
    expect(advice.teams.map((t) => t.team)).toEqual(['ops', 'net']);
    const [ops, net] = advice.teams;
    expect(ops.capacity).toBe(1);
    expect(ops.open).toBe(4);
    // Two people instead of one: about half of 40 hours earlier.
    expect(ops.likely_gain_h).toBe(20);
    expect(ops.p50_gain_h).toBeGreaterThan(15);
    expect(ops.p90_gain_h).toBeGreaterThan(15);
    // The most important open services, own priority first; booking has none, web is back.
    expect(advice.services).toEqual(['care', 'school', 'network', 'library']);
    const gain = Object.fromEntries(ops.services.map((s) => [s.id, s.gain_h]));
    // Care is first in line either way; school starts at once with a second person.
    expect(gain.care).toBe(0);
    expect(gain.school).toBeGreaterThan(8);
    expect(gain.network).toBe(0);
    expect(ops.services_gain_h).toBeCloseTo(
      ops.services.reduce((n, s) => n + s.gain_h, 0),
      5,
    );
    // Net has one open system for one person: another cannot help, exactly.
    expect(net).toMatchObject({ open: 1, p50_gain_h: 0, p90_gain_h: 0, likely_gain_h: 0, services_gain_h: 0 });
    expect(advice.p50_h).toBe(computePlan(twoTeams(), OPTIONS).forecast.p50_h);
  });

  it('starts from the capacity the options give and is the same for the same seed', () => {
    const advice = adviseCapacity(twoTeams(), { ...OPTIONS, capacity: { ops: 4 } });
    expect(advice.teams.find((t) => t.team === 'ops')).toMatchObject({ capacity: 4, p50_gain_h: 0 });
    expect(adviseCapacity(twoTeams(), OPTIONS)).toEqual(adviseCapacity(twoTeams(), OPTIONS));
  });

  it('breaks a tie in the restart by the services it brings earlier', () => {
    // The restart ends at 20 h whatever one more person does (infra's long job goes first and the
    // short ones fit beside it), but only ops's second person brings an important service earlier.
    const c = catalogueOf(
      [
        { id: 'long', team: 'infra', society: 1, estimate_hours: fixed(20) },
        { id: 'a', team: 'infra', estimate_hours: fixed(2) },
        { id: 'b', team: 'infra', estimate_hours: fixed(2) },
        { id: 'care', team: 'ops', society: 5, estimate_hours: fixed(5) },
        { id: 'pay', team: 'ops', society: 5, estimate_hours: fixed(5) },
      ],
      { infra: 2, ops: 1 },
    );
    const advice = adviseCapacity(c, OPTIONS);
    expect(advice.teams.map((t) => [t.team, t.likely_gain_h])).toEqual([
      ['ops', 0],
      ['infra', 0],
    ]);
    expect(advice.teams[0].services_gain_h).toBeGreaterThan(0);
  });

  it('never makes anything later when no system depends on another (same draws, more places)', () => {
    fc.assert(
      fc.property(arbitraryCatalogue(14), fc.nat(), (c, seed) => {
        const flat = { ...c, systems: c.systems.map((s) => ({ ...s, depends_on: [] })) };
        const options = { runs: 60, seed, friction: 0.3 };
        const base = computePlan(flat, options);
        for (const team of flat.teams) {
          const more = computePlan(flat, { ...options, capacity: { [team.id]: team.capacity + 1 } });
          expect(more.makespan_h).toBeLessThanOrEqual(base.makespan_h);
          expect(more.forecast.p50_h).toBeLessThanOrEqual(base.forecast.p50_h);
          expect(more.forecast.p90_h).toBeLessThanOrEqual(base.forecast.p90_h);
          base.systems.forEach((s, i) => {
            expect(more.systems[i].p50_h).toBeLessThanOrEqual(s.p50_h);
          });
        }
        const advice = adviseCapacity(flat, options);
        for (const t of advice.teams) {
          expect(t.p50_gain_h).toBeGreaterThanOrEqual(0);
          for (const s of t.services) expect(s.gain_h).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('says so honestly when another person makes the restart later (Graham’s anomaly of list schedules)', () => {
    // Graham (1966): with these dependencies, four people start the four 4 h jobs before the 9 h one
    // and finish at 15 h where three finish at 12 h. The planner is a list schedule, so it can happen.
    const hours = [3, 2, 2, 2, 4, 4, 4, 4, 9];
    const deps: Record<number, number[]> = { 4: [3], 5: [3], 6: [3], 7: [3], 8: [0] };
    const c = catalogueOf(
      hours.map((h, i) => ({
        id: `t${i + 1}`,
        team: 'ops',
        rto_hours: i + 1,
        estimate_hours: fixed(h),
        depends_on: (deps[i] ?? []).map((j) => `t${j + 1}`),
      })),
      { ops: 3 },
    );
    const [ops] = adviseCapacity(c, OPTIONS).teams;
    expect(ops.likely_gain_h).toBe(-3);
    expect(ops.p50_gain_h).toBeLessThan(0);
  });

  it('follows the most important services not yet back, as the overview’s headline does', () => {
    const plan = computePlan(twoTeams(), OPTIONS);
    expect(mostImportantOpen(plan, 2).map((s) => s.id)).toEqual(['care', 'school']);
    const none = catalogueOf([{ id: 'x', status: 'operational', society: 5 }]);
    expect(adviseCapacity(none, OPTIONS)).toMatchObject({ services: [], teams: [] });
  });
});
