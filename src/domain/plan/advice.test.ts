import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../catalogue/types.js';
import { adviseCapacity, mayUseOneMore, mostImportantOpen } from './advice.js';
import { computePlan, type PlanResult, type PlanSystem } from './plan.js';
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

  it('ranks tied teams by id, and a better team first wherever the catalogue lists it', () => {
    // Three teams with one open system each and one person: no one more helps anywhere.
    const idle = catalogueOf(
      [
        { id: 'z1', team: 'zeta', estimate_hours: fixed(2) },
        { id: 'a1', team: 'alpha', estimate_hours: fixed(2) },
        { id: 'm1', team: 'mid', estimate_hours: fixed(2) },
      ],
      { zeta: 1, alpha: 1, mid: 1 },
    );
    expect(adviseCapacity(idle, OPTIONS).teams.map((t) => t.team)).toEqual(['alpha', 'mid', 'zeta']);
    // The same, but mid has three 10 h systems: only mid's second person wins hours.
    const busy = catalogueOf(
      [
        ...idle.systems,
        { id: 'm2', team: 'mid', estimate_hours: fixed(10) },
        { id: 'm3', team: 'mid', estimate_hours: fixed(10) },
      ],
      { zeta: 1, alpha: 1, mid: 1 },
    );
    const advice = adviseCapacity(busy, OPTIONS);
    expect(advice.teams.map((t) => [t.team, t.open, t.likely_gain_h])).toEqual([
      ['mid', 3, 10],
      ['alpha', 1, 0],
      ['zeta', 1, 0],
    ]);
  });

  it('one more person is of use only where more systems are open than people', () => {
    expect(mayUseOneMore({ open: 3, capacity: 2 })).toBe(true);
    expect(mayUseOneMore({ open: 2, capacity: 2 })).toBe(false);
    expect(mayUseOneMore({ open: 0, capacity: 1 })).toBe(false);
  });

  it('passes on what the forecast learned from the actuals, and says nothing of it without them', () => {
    const c = twoTeams();
    const options = { ...OPTIONS, actuals: { care: { started_h: -12, back_h: -1 } } };
    const plan = computePlan(c, options);
    expect(plan.learning).toBeDefined();
    expect(adviseCapacity(c, options).learning).toStrictEqual(plan.learning);
    expect(adviseCapacity(c, OPTIONS)).not.toHaveProperty('learning');
  });
});

describe('the most important services not yet back', () => {
  // Only the fields the rule reads; the rest of a plan line does not matter to it.
  const line = (id: string, more: Partial<PlanSystem>): PlanSystem =>
    ({ id, status: 'down', inherited_from: null, priority: [3, 3, -24], p90_h: 10, ...more }) as PlanSystem;
  const planOf = (systems: PlanSystem[]) => ({ systems }) as PlanResult;

  it('leaves out what is back (limited or operational), what carries a priority not its own, and what has none', () => {
    const plan = planOf([
      line('limited', { status: 'limited' }),
      line('operational', { status: 'operational' }),
      line('verifying', { status: 'verifying' }),
      line('carried', { inherited_from: 'care' }),
      line('none', { priority: [null, null, null] }),
      line('rto-only', { priority: [null, null, -4] }),
    ]);
    expect(mostImportantOpen(plan).map((s) => s.id)).toEqual(['verifying', 'rto-only']);
  });

  it('puts the highest priority first, then the earlier P90, then the smaller id, and keeps the first few', () => {
    const plan = planOf([
      line('d', { p90_h: 30 }),
      line('c', { p90_h: 20 }),
      line('b', { p90_h: 20 }),
      line('low', { priority: [1, 5, -2], p90_h: 1 }),
      line('top', { priority: [5, 1, null], p90_h: 99 }),
      line('a', { p90_h: 20 }),
    ]);
    expect(mostImportantOpen(plan, 10).map((s) => s.id)).toEqual(['top', 'a', 'b', 'c', 'd', 'low']);
    expect(mostImportantOpen(plan).map((s) => s.id)).toEqual(['top', 'a', 'b', 'c', 'd']);
  });
});
