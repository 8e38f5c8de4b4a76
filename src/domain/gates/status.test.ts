import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATES, SYSTEM_STATUSES, type SystemStatus } from '../catalogue/types.js';
import {
  checkTransition,
  effectiveState,
  type GateRecord,
  gatesLeft,
  gatesOf,
  isAllowedJump,
  nextStatuses,
  type TransitionInput,
} from './status.js';

const NOW = new Date('2026-12-02T06:00:00Z');
const status = fc.constantFrom(...SYSTEM_STATUSES);

function input(over: Partial<TransitionInput>): TransitionInput {
  return { from: 'verifying', to: 'operational', gates: [], records: [], dependencies: [], now: NOW, ...over };
}

describe('the lifecycle order', () => {
  it('allows down from anywhere and never unknown as a target', () => {
    fc.assert(
      fc.property(status, (from) => {
        expect(isAllowedJump(from, 'down')).toBe(true);
        if (from !== 'unknown') expect(isAllowedJump(from, 'unknown')).toBe(false);
      }),
    );
  });
  it('allows every forward jump, one or more steps: the whole table, pair by pair', () => {
    // Written out rather than derived from SYSTEM_STATUSES' order, which is what the code uses itself.
    // Rows are `from`, columns `to`, both in SYSTEM_STATUSES' order.
    const table: Record<SystemStatus, string> = {
      unknown: 'YYYYYY',
      down: '.YYYYY',
      restoring: '.YYYYY',
      verifying: '.YYYYY',
      limited: '.Y.YYY',
      operational: '.Y..YY',
    };
    expect(Object.keys(table)).toEqual([...SYSTEM_STATUSES]);
    const seen = SYSTEM_STATUSES.map((from) =>
      SYSTEM_STATUSES.map((to) => (isAllowedJump(from, to) ? 'Y' : '.')).join(''),
    );
    expect(seen).toEqual(Object.values(table));
  });
  it('allows one step back between restoring and operational, and no more', () => {
    expect(isAllowedJump('verifying', 'restoring')).toBe(true);
    expect(isAllowedJump('operational', 'limited')).toBe(true);
    expect(isAllowedJump('limited', 'verifying')).toBe(true);
    expect(isAllowedJump('operational', 'verifying')).toBe(false);
    expect(isAllowedJump('operational', 'restoring')).toBe(false);
    expect(isAllowedJump('restoring', 'unknown')).toBe(false);
  });
  it('offers the next steps in lifecycle order', () => {
    expect(nextStatuses('down')).toEqual(['restoring', 'verifying', 'limited', 'operational']);
    expect(nextStatuses('operational')).toEqual(['down', 'limited']);
    expect(nextStatuses('unknown')).toEqual(['down', 'restoring', 'verifying', 'limited', 'operational']);
  });
});

describe('gates', () => {
  it('defaults to every default gate; [] means none', () => {
    expect(gatesOf({})).toEqual([...DEFAULT_GATES]);
    expect(gatesOf({ gates: [] })).toEqual([]);
    expect(gatesOf({ gates: ['patched'] })).toEqual(['patched']);
  });
  it('counts no record, a reset and an expired waiver as pending', () => {
    expect(effectiveState(undefined, NOW)).toBe('pending');
    expect(effectiveState({ gate_id: 'g', state: 'pending', expires_at: null }, NOW)).toBe('pending');
    expect(effectiveState({ gate_id: 'g', state: 'passed', expires_at: null }, NOW)).toBe('passed');
    const waiver = (expires_at: string | null): GateRecord => ({ gate_id: 'g', state: 'waived', expires_at });
    expect(effectiveState(waiver(null), NOW)).toBe('waived');
    expect(effectiveState(waiver('2026-12-02T06:00:01Z'), NOW)).toBe('waived');
    expect(effectiveState(waiver('2026-12-02T06:00:00Z'), NOW)).toBe('pending');
    expect(effectiveState(waiver('2026-12-01T06:00:00Z'), NOW)).toBe('pending');
  });
  it('lists the gates left in the system order', () => {
    const records: GateRecord[] = [
      { gate_id: 'patched', state: 'passed', expires_at: null },
      { gate_id: 'edr-active', state: 'waived', expires_at: '2026-12-01T00:00:00Z' },
    ];
    expect(gatesLeft(['clean-rebuild', 'patched', 'edr-active'], records, NOW)).toEqual([
      'clean-rebuild',
      'edr-active',
    ]);
  });
});

describe('checkTransition', () => {
  it('refuses a jump the order does not allow, even with an override', () => {
    expect(checkTransition(input({ from: 'operational', to: 'restoring', override: 'x' }))).toEqual({
      ok: false,
      reason: 'order',
    });
  });
  it('lets a system with no gates and no dependencies in', () => {
    expect(checkTransition(input({}))).toEqual({ ok: true, override: false });
  });
  it('names the gates left and the dependencies not back', () => {
    const result = checkTransition(
      input({
        from: 'down',
        to: 'limited',
        gates: ['patched', 'owner-signoff'],
        records: [{ gate_id: 'patched', state: 'passed', expires_at: null }],
        dependencies: [
          { id: 'net', name: 'Nät', status: 'operational' },
          { id: 'ad', name: 'AD', status: 'verifying' },
        ],
      }),
    );
    expect(result).toEqual({
      ok: false,
      reason: 'blocked',
      gates: ['owner-signoff'],
      dependencies: [{ id: 'ad', name: 'AD', status: 'verifying' }],
    });
  });
  it('blocks an expired waiver and lets a live one through', () => {
    const gates = ['patched'];
    const waived = (expires_at: string): GateRecord[] => [{ gate_id: 'patched', state: 'waived', expires_at }];
    expect(checkTransition(input({ gates, records: waived('2026-12-02T05:00:00Z') })).ok).toBe(false);
    expect(checkTransition(input({ gates, records: waived('2026-12-02T07:00:00Z') })).ok).toBe(true);
  });
  it('lets an override with a reason past gates and dependencies, not a blank one', () => {
    const blocked = input({ gates: ['patched'], dependencies: [{ id: 'ad', name: 'AD', status: 'down' }] });
    expect(checkTransition({ ...blocked, override: 'phones must work' })).toEqual({ ok: true, override: true });
    expect(checkTransition({ ...blocked, override: '   ' }).ok).toBe(false);
  });
  it('checks nothing but the order below limited, and going down is always allowed', () => {
    fc.assert(
      fc.property(status, fc.constantFrom<SystemStatus>('down', 'restoring', 'verifying'), (from, to) => {
        const result = checkTransition(input({ from, to, gates: ['patched'] }));
        expect(result.ok).toBe(isAllowedJump(from, to));
      }),
    );
  });
  it('never lets a system back in with a gate left unless overridden (property)', () => {
    fc.assert(
      fc.property(
        status,
        fc.constantFrom<SystemStatus>('limited', 'operational'),
        fc.subarray([...DEFAULT_GATES], { minLength: 1 }),
        (from, to, gates) => {
          fc.pre(from !== to);
          const result = checkTransition(input({ from, to, gates }));
          expect(result.ok).toBe(false);
        },
      ),
    );
  });
});
