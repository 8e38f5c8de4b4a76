import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogueText } from '../catalogue/parse.js';
import type { Catalogue } from '../catalogue/types.js';
import { whyBefore, whyNotYet } from './explain.js';
import { compileModel } from './model.js';
import { computePlan, type PlanSystem } from './plan.js';
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
