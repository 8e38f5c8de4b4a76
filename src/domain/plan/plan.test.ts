import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogueText } from '../catalogue/parse.js';
import type { Catalogue } from '../catalogue/types.js';
import { DEFAULT_ESTIMATE } from '../catalogue/types.js';
import { whyBefore, whyNotYet } from './explain.js';
import { forecast } from './forecast.js';
import { compileModel } from './model.js';
import {
  applyActuals,
  buildPlan,
  computePlan,
  likelySchedule,
  type PlanSystem,
  planSystems,
  roundHours,
} from './plan.js';
import { applyWhatIf, whatIf } from './what-if.js';

const FIXTURE = new URL('../../../test/fixtures/exempelstad.yaml', import.meta.url);

function exempelstad(): Catalogue {
  const parsed = parseCatalogueText(readFileSync(FIXTURE, 'utf8'), 'exempelstad.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.catalogue;
}

const OPTIONS = { runs: 300, seed: 1, friction: 0.3 };

describe('the plan of Exempelstad', () => {
  const catalogue = exempelstad();
  const plan = computePlan(catalogue, OPTIONS);
  const by = Object.fromEntries(plan.systems.map((s) => [s.id, s])) as Record<string, PlanSystem>;
  const foundations = ['core-network', 'dns-dhcp', 'storage', 'virtualisation', 'ad'];

  it('matches the example line of DESIGN.md for the directory', () => {
    expect(by.ad).toMatchObject({
      team: 'infra',
      ready_h: 38,
      start_h: 38,
      finish_h: 86,
      waiting_for: 'virtualisation',
      priority: [5, 4, -24],
    });
    expect(plan.makespan_h).toBe(206);
    expect(plan.systems.map((s) => s.id)).toEqual(catalogue.systems.map((s) => s.id));
  });

  it('restores the network, storage and the directory first', () => {
    const infra = plan.systems.filter((s) => s.team === 'infra').sort((a, b) => a.start_h - b.start_h);
    expect(infra[0].id).toBe('core-network');
    // Backup shares virtualisation's inherited priority and sorts before it by id.
    expect(new Set(infra.slice(0, 6).map((s) => s.id))).toEqual(new Set([...foundations, 'backup']));
    for (const id of foundations) expect(by[id].priority[0]).toBe(5);
    // No platform work starts before the directory is back.
    const platforms = catalogue.systems.filter((s) => s.kind === 'platform').map((s) => by[s.id]);
    for (const p of platforms) expect(p.start_h).toBeGreaterThanOrEqual(by.ad.finish_h);
  });

  it('puts care, welfare and economy before the library and booking whenever a team chooses', () => {
    const high = ['care-docs', 'care-planning', 'medication', 'soc-system', 'benefit-payments', 'economy', 'payroll'];
    const low = ['library', 'booking'];
    let choices = 0;
    for (const h of high) {
      for (const l of low) {
        if (by[h].team !== by[l].team) continue;
        const model = compileModel(catalogue);
        expect(model.rank[model.index.get(h) as number]).toBeLessThan(model.rank[model.index.get(l) as number]);
        // If both were waiting when the low one started, the team chose the low one: never.
        const bothWaiting = by[h].ready_h <= by[l].start_h && by[h].start_h > by[l].start_h;
        expect(bothWaiting, `${l} started while ${h} waited`).toBe(false);
        if (by[h].ready_h <= by[l].start_h) choices++;
      }
    }
    expect(choices).toBeGreaterThan(0);
  });

  it('ends the critical chain with the last system to finish and starts it at the network', () => {
    const chain = plan.critical_chain;
    expect(chain[0].id).toBe('core-network');
    expect(chain.at(-1)?.finish_h).toBe(plan.makespan_h);
    for (let k = 1; k < chain.length; k++) {
      const link = by[chain[k].id];
      if (chain[k].waited_for === 'dependency') expect(link.waiting_for).toBe(chain[k - 1].id);
      if (chain[k].waited_for === 'team') {
        expect(link.start_h).toBeGreaterThan(link.ready_h);
        expect(by[chain[k - 1].id].team).toBe(link.team);
      }
      expect(chain[k].start_h).toBe(chain[k - 1].finish_h);
    }
  });

  it('forecasts later than the likely plan, with P90 above P50', () => {
    expect(plan.forecast.p50_h).toBeGreaterThan(plan.makespan_h * 0.9);
    expect(plan.forecast.p90_h).toBeGreaterThan(plan.forecast.p50_h);
    expect(plan.forecast).toMatchObject({ runs: 300, seed: 1, friction: 0.3 });
  });

  it('warns about RTO inversions, e.g. the care alarm needing telephony', () => {
    const alarm = plan.warnings.find((w) => w.system === 'care-alarm');
    expect(alarm?.code).toBe('rto-inversion');
    expect(alarm?.needs).toEqual(['telephony', 'core-network']);
  });
});

describe('explanations', () => {
  const catalogue = exempelstad();

  it('says why a system is not back yet: the unfinished chain down to the roots, and pending gates', () => {
    const why = whyNotYet(catalogue, 'medication', {
      statuses: { 'core-network': 'operational', storage: 'operational', 'dns-dhcp': 'limited' },
      gates: [
        { gate: 'clean-rebuild', state: 'passed' },
        { gate: 'patched', state: 'pending' },
        { gate: 'edr-active', state: 'waived' },
      ],
    });
    expect(why.finished).toBe(false);
    expect(why.waiting_on).toEqual(['care-docs', 'mdm']);
    expect(why.roots).toEqual(['virtualisation', 'backup']);
    expect(why.chain.find((b) => b.id === 'ad')?.waiting_on).toEqual(['virtualisation']);
    expect(why.chain.some((b) => b.id === 'core-network')).toBe(false);
    expect(why.gates_pending).toEqual(['patched']);
  });

  it('says nothing holds a system that is back', () => {
    const why = whyNotYet(catalogue, 'website', { statuses: { website: 'operational' } });
    expect(why).toMatchObject({ finished: true, chain: [], roots: [] });
  });

  it('says why a foundation comes before: the priority it carries and for whom', () => {
    const model = compileModel(catalogue);
    const why = whyBefore(model, 'storage', 'library');
    expect(why.priority).toEqual([5, 4, -24]);
    expect(why.own_priority).toEqual([4, 5, -24]);
    // Care documentation (5, 4, 24h) needs the database, which needs storage; the tie goes to the smaller id.
    expect(why.inherited_from).toBe('care-docs');
    // The path climbs from storage through what needs it to the system it carries.
    expect(why.path[0]).toBe('storage');
    expect(why.path.at(-1)).toBe(why.inherited_from);
    expect(why.compared_with).toMatchObject({ id: 'library', first: 'storage', decided_by: 'society' });
    expect(whyBefore(model, 'care-alarm').inherited_from).toBeNull();
  });
});

describe('what-if', () => {
  const catalogue = exempelstad();

  it('shows the gain of more capacity without changing the real plan', () => {
    const before = JSON.stringify(catalogue);
    const result = whatIf(catalogue, { capacity: { apps: 6, vendor: 6 } }, OPTIONS);
    expect(JSON.stringify(catalogue)).toBe(before);
    expect(result.whole.finish_h.delta).toBeLessThanOrEqual(0);
    expect(result.base).toEqual(computePlan(catalogue, OPTIONS));
    const booking = result.systems.find((s) => s.id === 'booking');
    expect(booking?.finish_h.delta).toBeLessThan(0);
  });

  it('marks a system done and moves an estimate', () => {
    const result = whatIf(
      catalogue,
      { done: ['ad'], estimates: { clients: { low: 10, likely: 20, high: 40 } } },
      OPTIONS,
    );
    const ad = result.systems.find((s) => s.id === 'ad');
    expect(ad?.finish_h.variant).toBe(0);
    expect(result.whole.finish_h.delta).toBeLessThan(0);
    expect(result.whole.p50_h.delta).toBeLessThan(0);
    expect(result.variant.systems.find((s) => s.id === 'ad')?.status).toBe('operational');
  });

  it('refuses an unknown team, system or a bad estimate, naming the field', () => {
    expect(() => applyWhatIf(catalogue, { capacity: { nobody: 2 } })).toThrow(/unknown team/);
    expect(() => applyWhatIf(catalogue, { capacity: { apps: 0 } })).toThrow(/>= 1/);
    expect(() => applyWhatIf(catalogue, { done: ['nope'] })).toThrow(/unknown system/);
    expect(() => applyWhatIf(catalogue, { estimates: { ad: { low: 5, likely: 2, high: 9 } } })).toThrow(
      /low <= likely/,
    );
  });
});

/** A small catalogue for the tests of the plan's parts: teams `one` (capacity 1) and `two` (capacity 1). */
function small(systems: Catalogue['systems']): Catalogue {
  return {
    version: 1,
    organisation: { name: 'Provstad', locale: 'sv', timezone: 'Europe/Stockholm' },
    teams: [
      { id: 'one', name: 'One', capacity: 1 },
      { id: 'two', name: 'Two', capacity: 1 },
    ],
    units: [],
    systems,
  };
}
const fixed = (h: number) => ({ low: h, likely: h, high: h });
const CALM = { runs: 50, seed: 1, friction: 0 };

describe("the plan's systems", () => {
  // a, then b waiting for a; c in progress although it needs a; d back.
  const cat = small([
    { id: 'a', name: 'A', kind: 'infrastructure', team: 'one', depends_on: [], estimate_hours: fixed(2), rto_hours: 4 },
    { id: 'b', name: 'B', kind: 'application', team: 'one', depends_on: ['a'], estimate_hours: fixed(3) },
    {
      id: 'c',
      name: 'C',
      kind: 'application',
      team: 'two',
      depends_on: ['a'],
      estimate_hours: fixed(1),
      status: 'restoring',
      remaining_hours: 0.5,
    },
    {
      id: 'd',
      name: 'D',
      kind: 'application',
      team: 'two',
      depends_on: [],
      estimate_hours: fixed(1),
      status: 'operational',
    },
  ]);
  const actuals = { c: { started_h: -2, back_h: null }, d: { started_h: -5, back_h: -1 } };
  const plan = computePlan(cat, { ...CALM, actuals });
  const byId = Object.fromEntries(plan.systems.map((s) => [s.id, s]));

  it('says what each system waits for only while it is still to do', () => {
    expect(byId.a?.waiting_for).toBeNull();
    expect(byId.b?.waiting_for).toBe('a');
    expect(byId.c?.waiting_for).toBeNull();
    expect(byId.d?.waiting_for).toBeNull();
  });

  it('gives a system without a status as down, its RTO or null, and its chance within the RTO to 0.001', () => {
    expect(byId.b?.status).toBe('down');
    expect(byId.c?.status).toBe('restoring');
    expect([byId.a?.rto_hours, byId.b?.rto_hours]).toEqual([4, null]);
    // Fixed hours and no friction: a is back at hour 2 in every run, within its 4 h.
    expect([byId.a?.p_within_rto, byId.b?.p_within_rto]).toEqual([1, null]);
  });

  it('shows the hours a system took and the hours one in progress has been at it, on that system', () => {
    expect(byId.d?.actual_h).toBe(4);
    expect(byId.c?.elapsed_h).toBe(2);
    expect(Object.keys(byId).filter((id) => byId[id]?.actual_h !== undefined)).toEqual(['d']);
    expect(Object.keys(byId).filter((id) => byId[id]?.elapsed_h !== undefined)).toEqual(['c']);
  });

  it('writes any slice of the systems as the whole plan has them, and an empty one for an empty range', () => {
    const model = compileModel(cat);
    applyActuals(model, { ...CALM, actuals });
    const summary = forecast(model, CALM);
    const scheduler = likelySchedule(model);
    const whole = planSystems(model, scheduler, summary);
    expect(whole).toEqual(plan.systems);
    for (const [from, to] of [
      [0, 4],
      [1, 3],
      [2, 4],
      [3, 4],
    ] as const) {
      expect(planSystems(model, scheduler, summary, from, to), `${from}..${to}`).toEqual(whole.slice(from, to));
    }
    expect(planSystems(model, scheduler, summary, 3, 2)).toEqual([]);
    expect(buildPlan(model, CALM, summary, scheduler, false).systems).toEqual([]);
  });

  it('rounds hours to 0.1 and never writes -0', () => {
    expect(roundHours(1.26)).toBe(1.3);
    expect(Object.is(roundHours(-0.04), 0)).toBe(true);
  });
});

describe('the critical chain', () => {
  it('is empty for an empty catalogue', () => {
    expect(computePlan(small([]), CALM).critical_chain).toEqual([]);
  });

  it('ends with the last system to finish; of two that finish together, the smaller id', () => {
    const plan = computePlan(
      small([
        { id: 'b', name: 'B', kind: 'application', team: 'one', depends_on: [], estimate_hours: fixed(5) },
        { id: 'a', name: 'A', kind: 'application', team: 'two', depends_on: [], estimate_hours: fixed(5) },
        { id: 'c', name: 'C', kind: 'application', team: 'two', depends_on: [], estimate_hours: fixed(0) },
      ]),
      CALM,
    );
    expect(plan.critical_chain.at(-1)?.id).toBe('a');
  });

  it('walks back through the dependency it waited for, and through the system that freed its team', () => {
    // y is ready at once but waits for team one, busy with x; z waits for y.
    const plan = computePlan(
      small([
        {
          id: 'x',
          name: 'X',
          kind: 'infrastructure',
          team: 'one',
          depends_on: [],
          estimate_hours: fixed(4),
          society: 5,
        },
        { id: 'y', name: 'Y', kind: 'platform', team: 'one', depends_on: [], estimate_hours: fixed(2), society: 1 },
        { id: 'z', name: 'Z', kind: 'application', team: 'two', depends_on: ['y'], estimate_hours: fixed(1) },
      ]),
      CALM,
    );
    expect(plan.critical_chain).toEqual([
      { id: 'x', start_h: 0, finish_h: 4, waited_for: null },
      { id: 'y', start_h: 4, finish_h: 6, waited_for: 'team' },
      { id: 'z', start_h: 6, finish_h: 7, waited_for: 'dependency' },
    ]);
  });

  it('starts at a system in progress, whatever that one needed', () => {
    const plan = computePlan(
      small([
        { id: 'base', name: 'Base', kind: 'infrastructure', team: 'one', depends_on: [], estimate_hours: fixed(1) },
        {
          id: 'r',
          name: 'R',
          kind: 'platform',
          team: 'two',
          depends_on: ['base'],
          estimate_hours: fixed(8),
          status: 'restoring',
          remaining_hours: 5,
        },
        { id: 's', name: 'S', kind: 'application', team: 'one', depends_on: ['r'], estimate_hours: fixed(1) },
      ]),
      CALM,
    );
    expect(plan.critical_chain).toEqual([
      { id: 'r', start_h: 0, finish_h: 5, waited_for: null },
      { id: 's', start_h: 5, finish_h: 6, waited_for: 'dependency' },
    ]);
  });
});

describe("the plan's warnings", () => {
  it('names a system without an estimate and the hours it was planned with', () => {
    const plan = computePlan(small([{ id: 'm', name: 'M', kind: 'application', depends_on: [] }]), CALM);
    const d = DEFAULT_ESTIMATE;
    expect(plan.warnings).toEqual([
      {
        code: 'no-estimate',
        system: 'm',
        message: `m: no estimate_hours; planned with low ${d.low}, likely ${d.likely}, high ${d.high}`,
      },
    ]);
  });

  it('lists, in order, what a system needs with a longer RTO; an equal or missing RTO is no inversion', () => {
    const sys = (id: string, rto?: number, depends_on: string[] = []) => ({
      id,
      name: id,
      kind: 'application' as const,
      depends_on,
      estimate_hours: fixed(1),
      ...(rto === undefined ? {} : { rto_hours: rto }),
    });
    const plan = computePlan(
      small([
        sys('tel', 24),
        sys('net', 48),
        sys('same', 4),
        sys('none'),
        sys('care', 4, ['tel', 'same', 'none', 'net']),
        sys('free', undefined, ['net']),
      ]),
      CALM,
    );
    expect(plan.warnings).toEqual([
      {
        code: 'rto-inversion',
        system: 'care',
        needs: ['tel', 'net'],
        message: 'care: RTO 4 h, shorter than that of what it needs: tel (24 h), net (48 h)',
      },
    ]);
  });
});

describe('learning from actuals', () => {
  const cat = small([
    {
      id: 'a',
      name: 'A',
      kind: 'infrastructure',
      team: 'one',
      depends_on: [],
      estimate_hours: { low: 2, likely: 4, high: 9 },
    },
    {
      id: 'b',
      name: 'B',
      kind: 'application',
      team: 'two',
      depends_on: ['a'],
      estimate_hours: { low: 1, likely: 3, high: 6 },
    },
    {
      id: 'c',
      name: 'C',
      kind: 'application',
      team: 'two',
      depends_on: [],
      estimate_hours: { low: 1, likely: 2, high: 8 },
    },
  ]);
  const options = { runs: 200, seed: 4, friction: 0.3 };
  const learnedOf = (
    c: Catalogue,
    actuals: Record<string, { started_h: number | null; back_h: number | null }>,
    learning?: boolean,
  ) => {
    const model = compileModel(c);
    applyActuals(model, { ...options, actuals, ...(learning === undefined ? {} : { learning }) });
    return model;
  };

  it('keeps the draws of DESIGN.md exactly when the history has nothing to learn from', () => {
    const model = learnedOf(cat, { a: { started_h: null, back_h: null } });
    expect(model.learned).toBeUndefined();
    expect(model.learning).toMatchObject({ finished: 0, in_progress: 0 });
    const without = computePlan(cat, options);
    const withNothing = computePlan(cat, { ...options, actuals: { a: { started_h: null, back_h: null } } });
    expect(withNothing.forecast).toEqual(without.forecast);
    expect(withNothing.systems.map((s) => [s.p50_h, s.p90_h])).toEqual(without.systems.map((s) => [s.p50_h, s.p90_h]));
  });

  it('learns from one system back, and from one in progress alone', () => {
    const back = learnedOf(
      { ...cat, systems: cat.systems.map((s) => (s.id === 'c' ? { ...s, status: 'operational' as const } : s)) },
      { c: { started_h: -10, back_h: -1 } },
    );
    expect(back.learning).toMatchObject({ finished: 1, in_progress: 0 });
    expect(back.learned).toBeDefined();
    const running = learnedOf(
      { ...cat, systems: cat.systems.map((s) => (s.id === 'c' ? { ...s, status: 'restoring' as const } : s)) },
      { c: { started_h: -10, back_h: null } },
    );
    expect(running.learning).toMatchObject({ finished: 0, in_progress: 1 });
    expect(running.learned).toBeDefined();
  });

  it('shows the hours but learns nothing when learning is off', () => {
    const model = learnedOf(
      { ...cat, systems: cat.systems.map((s) => (s.id === 'c' ? { ...s, status: 'operational' as const } : s)) },
      { c: { started_h: -10, back_h: -1 } },
      false,
    );
    expect(model.learned).toBeUndefined();
    expect(model.learning).toBeUndefined();
    expect(model.took?.[2]).toBe(9);
  });
});
