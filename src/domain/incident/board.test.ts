import { describe, expect, it } from 'vitest';
import { DEFAULT_GATES, type System } from '../catalogue/types.js';
import { actualCurve, buildBoard, columnOf, type GateStateLike, gatesLeft, waitsFor } from './board.js';
import { exportMarks, forecastCurve, mayPublish } from './incident.js';

const NOW = new Date('2026-12-02T08:00:00Z');
const sys = (id: string, extra: Partial<System> = {}): System => ({
  id,
  name: id.toUpperCase(),
  kind: 'application',
  depends_on: [],
  ...extra,
});
const gate = (system_id: string, gate_id: string, state: GateStateLike['state'], expires_at: string | null = null) => ({
  system_id,
  gate_id,
  state,
  expires_at,
});

describe('board', () => {
  it('puts unknown and absent statuses in the down column', () => {
    expect(columnOf(undefined)).toBe('down');
    expect(columnOf('unknown')).toBe('down');
    expect(columnOf('verifying')).toBe('verifying');
  });

  it('counts the default gates for a system without its own list, and an expired waiver as left', () => {
    const s = sys('a');
    expect(gatesLeft(s, [], NOW)).toEqual([...DEFAULT_GATES]);
    const states = [
      gate('a', 'clean-rebuild', 'passed'),
      gate('a', 'patched', 'waived', '2026-12-01T00:00:00Z'),
      gate('a', 'edr-active', 'waived', '2026-12-03T00:00:00Z'),
      gate('a', 'central-logging', 'waived'),
      gate('a', 'mfa-enforced', 'pending'),
      gate('b', 'owner-signoff', 'passed'),
    ];
    expect(gatesLeft(s, states, NOW)).toEqual([
      'credentials-rotated',
      'patched',
      'mfa-enforced',
      'vulnerability-scan',
      'owner-signoff',
    ]);
    expect(gatesLeft(sys('c', { gates: [] }), [], NOW)).toEqual([]);
    expect(gatesLeft(sys('d', { gates: ['x'] }), [gate('d', 'x', 'passed')], NOW)).toEqual([]);
  });

  it('waits for the dependencies that are not back', () => {
    const statuses = new Map([
      ['net', 'operational' as const],
      ['ad', 'verifying' as const],
    ]);
    expect(waitsFor(sys('mail', { depends_on: ['net', 'ad', 'ghost'] }), statuses)).toEqual(['ad', 'ghost']);
  });

  it('builds every column with counts, filtered by team and owner, dependencies judged on all systems', () => {
    const systems = [
      sys('net', { team: 'infra', owner: 'it', status: 'operational' }),
      sys('ad', { team: 'infra', owner: 'it', status: 'restoring', depends_on: ['net'] }),
      sys('mail', { team: 'apps', owner: 'ksf', depends_on: ['ad'] }),
      sys('web', { team: 'apps', owner: 'it', status: 'unknown' }),
    ];
    const board = buildBoard(systems, [], NOW);
    expect(board.map((c) => [c.status, c.count])).toEqual([
      ['down', 2],
      ['restoring', 1],
      ['verifying', 0],
      ['limited', 0],
      ['operational', 1],
    ]);
    const apps = buildBoard(systems, [], NOW, { team: 'apps' });
    expect(apps[0].cards.map((c) => c.id)).toEqual(['mail', 'web']);
    expect(apps[0].cards[0].waits_for).toEqual(['ad']);
    const it = buildBoard(systems, [], NOW, { team: 'apps', owner: 'it' });
    expect(it.flatMap((c) => c.cards.map((x) => x.id))).toEqual(['web']);
  });

  it('draws the actual line back from today, stepping at each change inside the incident', () => {
    const changes = [
      { at: '2026-11-30T00:00:00Z', from: 'down', to: 'restoring' },
      { at: '2026-11-30T06:00:00Z', from: 'restoring', to: 'operational' },
      { at: '2026-12-01T06:00:00Z', from: 'verifying', to: 'limited' },
      { at: '2026-12-01T07:00:00Z', from: 'limited', to: 'down' },
      { at: '2026-12-01T08:00:00Z', from: 'down', to: 'operational' },
      // Before the detection: already in today's count and in the starting count.
      { at: '2026-11-28T00:00:00Z', from: 'down', to: 'operational' },
    ];
    expect(actualCurve(5, changes, '2026-11-29T00:00:00Z', NOW.toISOString())).toEqual([
      { at: '2026-11-29T00:00:00.000Z', back: 3 },
      { at: '2026-11-30T06:00:00.000Z', back: 4 },
      { at: '2026-12-01T06:00:00.000Z', back: 5 },
      { at: '2026-12-01T07:00:00.000Z', back: 4 },
      { at: '2026-12-01T08:00:00.000Z', back: 5 },
      { at: '2026-12-02T08:00:00.000Z', back: 5 },
    ]);
  });
});

describe('incident', () => {
  it('counts the systems back by each hour at P50 and P90', () => {
    const curve = forecastCurve([
      { id: 'a', p50_h: 0, p90_h: 0 },
      { id: 'b', p50_h: 1.5, p90_h: 2.2 },
    ]);
    expect(curve).toEqual([
      { h: 0, p50: 1, p90: 1 },
      { h: 1, p50: 1, p90: 1 },
      { h: 2, p50: 2, p90: 1 },
      { h: 3, p50: 2, p90: 2 },
    ]);
    expect(forecastCurve([])).toEqual([{ h: 0, p50: 0, p90: 0 }]);
    expect(forecastCurve([{ id: 'x', p50_h: 900, p90_h: 2000 }]).length).toBeLessThanOrEqual(501);
  });

  it('never publishes an exercise, and marks it in every export', () => {
    expect(mayPublish({ exercise: true })).toBe(false);
    expect(mayPublish({ exercise: false })).toBe(true);
    expect(exportMarks({ id: 'i', title: 'T', exercise: true })).toEqual({
      incident_id: 'i',
      incident_title: 'T',
      exercise: true,
    });
    expect(exportMarks(null).exercise).toBe(false);
  });
});
