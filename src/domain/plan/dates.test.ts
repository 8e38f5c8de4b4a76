import { describe, expect, it } from 'vitest';
import { zoneFormatter } from '../time.js';
import { withDates } from './dates.js';
import type { PlanResult, PlanSystem } from './plan.js';

const system = (id: string, start_h: number, finish_h: number): PlanSystem => ({
  id,
  name: id,
  team: 'infra',
  status: 'down',
  ready_h: start_h,
  start_h,
  finish_h,
  waiting_for: null,
  priority: [5, 5, 0],
  inherited_from: null,
  rto_hours: null,
  p50_h: finish_h + 0.5,
  p90_h: finish_h + 1.25,
  p_within_rto: null,
});

const plan: PlanResult = {
  makespan_h: 30,
  systems: [system('net', 0, 2), system('ad', 2, 30)],
  forecast: { runs: 10, seed: 1, friction: 0.3, p50_h: 31, p90_h: 40.5 },
  critical_chain: [],
  warnings: [],
};

describe('withDates', () => {
  const stockholm = zoneFormatter('Europe/Stockholm');

  it('dates the plan across the change to summer time (2026-03-29)', () => {
    const dated = withDates(plan, Date.parse('2026-03-29T00:00:00Z'), stockholm);
    expect(dated.as_of).toBe('2026-03-29T01:00:00+01:00');
    expect(dated.systems[0]).toMatchObject({
      start_at: '2026-03-29T01:00:00+01:00',
      finish_at: '2026-03-29T04:00:00+02:00',
      p50_at: '2026-03-29T04:30:00+02:00',
      p90_at: '2026-03-29T05:15:00+02:00',
    });
    expect(dated.makespan_at).toBe('2026-03-30T08:00:00+02:00');
    expect(dated.forecast).toMatchObject({
      p50_h: 31,
      p50_at: '2026-03-30T09:00:00+02:00',
      p90_at: '2026-03-30T18:30:00+02:00',
    });
  });

  it('dates the plan across the change back to winter time (2026-10-25)', () => {
    const dated = withDates(plan, Date.parse('2026-10-24T23:00:00Z'), stockholm);
    expect(dated.as_of).toBe('2026-10-25T01:00:00+02:00');
    expect(dated.systems[0]).toMatchObject({
      start_at: '2026-10-25T01:00:00+02:00',
      finish_at: '2026-10-25T02:00:00+01:00',
    });
    expect(dated.systems[1].finish_at).toBe('2026-10-26T06:00:00+01:00');
    expect(dated.makespan_at).toBe('2026-10-26T06:00:00+01:00');
  });

  it('keeps the order of the keys, the dates last', () => {
    const dated = withDates(plan, 0, zoneFormatter('UTC'));
    expect(Object.keys(dated)).toEqual([
      'makespan_h',
      'systems',
      'forecast',
      'critical_chain',
      'warnings',
      'as_of',
      'makespan_at',
    ]);
    expect(Object.keys(dated.systems[0]).slice(-4)).toEqual(['start_at', 'finish_at', 'p50_at', 'p90_at']);
    expect(dated.as_of).toBe('1970-01-01T00:00:00+00:00');
  });
});
