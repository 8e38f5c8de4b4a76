import { describe, expect, it } from 'vitest';
import { actualsFromChanges, actualsOf, statusChangesOf } from './actuals.js';
import { catalogueOf } from './test-support/catalogues.js';

const H = 3_600_000;
const now = Date.UTC(2026, 10, 20, 12);

describe('actualsFromChanges', () => {
  it('takes the first restoring and the first limited or operational after it, in hours before now', () => {
    const got = actualsFromChanges(
      [
        { system_id: 'ad', status: 'operational', at: now - 2 * H },
        { system_id: 'ad', status: 'restoring', at: now - 10 * H },
        { system_id: 'ad', status: 'limited', at: now - 4 * H },
        { system_id: 'ad', status: 'restoring', at: now - 3 * H },
        { system_id: 'mail', status: 'restoring', at: now - 5 * H },
        { system_id: 'mail', status: 'verifying', at: now - 1 * H },
      ],
      now,
    );
    expect(got).toEqual({ ad: { started_h: -10, back_h: -4 }, mail: { started_h: -5, back_h: null } });
  });

  it('ignores what comes after now and a system back without ever restoring', () => {
    const got = actualsFromChanges(
      [
        { system_id: 'ad', status: 'restoring', at: now - H },
        { system_id: 'ad', status: 'operational', at: now + H },
        { system_id: 'web', status: 'operational', at: now - H },
      ],
      now,
    );
    expect(got).toEqual({ ad: { started_h: -1, back_h: null } });
  });

  it('reads the changes in time order, whatever order they come in', () => {
    const got = actualsFromChanges(
      [
        { system_id: 'ad', status: 'limited', at: now - 3 * H },
        { system_id: 'ad', status: 'operational', at: now - 1 * H },
        { system_id: 'ad', status: 'restoring', at: now - 6 * H },
        { system_id: 'ad', status: 'restoring', at: now - 8 * H },
        { system_id: 'ad', status: 'down', at: now - 9 * H },
      ],
      now,
    );
    expect(got).toStrictEqual({ ad: { started_h: -8, back_h: -3 } });
  });

  it('counts a system back only after it started, not from an earlier operational', () => {
    const got = actualsFromChanges(
      [
        { system_id: 'ad', status: 'operational', at: now - 5 * H },
        { system_id: 'ad', status: 'restoring', at: now - 3 * H },
        { system_id: 'ad', status: 'limited', at: now - 1 * H },
      ],
      now,
    );
    expect(got).toStrictEqual({ ad: { started_h: -3, back_h: -1 } });
  });

  it('takes a change at the as-of moment itself', () => {
    expect(actualsFromChanges([{ system_id: 'ad', status: 'restoring', at: now }], now)).toStrictEqual({
      ad: { started_h: 0, back_h: null },
    });
  });
});

describe('actualsOf', () => {
  const catalogue = catalogueOf([{ id: 'ad' }, { id: 'mail' }]);
  const iso = (ms: number) => new Date(ms).toISOString();
  const asOf = new Date(now - H);
  const at = new Date(now);

  it('leaves out systems no longer in the catalogue, statuses no one knows, what is after now and what is not a time', () => {
    const history = [
      { system_id: 'ad', to: 'restoring', at: iso(now - 5 * H) },
      { system_id: 'gone', to: 'restoring', at: iso(now - 5 * H) },
      { system_id: 'mail', to: 'rebooting', at: iso(now - 4 * H) },
      { system_id: 'ad', to: 'operational', at: iso(now + 1) },
      { system_id: 'mail', to: 'restoring', at: 'yesterday' },
    ];
    expect(actualsOf(history, catalogue, at, asOf)).toStrictEqual({ ad: { started_h: -4, back_h: null } });
  });

  it('counts a change made between the as-of moment and now as made at the as-of moment, and one at now too', () => {
    const history = [
      { system_id: 'ad', to: 'restoring', at: iso(now - 3 * H) },
      { system_id: 'ad', to: 'operational', at: iso(now - H / 2) },
      { system_id: 'mail', to: 'restoring', at: iso(now) },
    ];
    expect(actualsOf(history, catalogue, at, asOf)).toStrictEqual({
      ad: { started_h: -2, back_h: 0 },
      mail: { started_h: 0, back_h: null },
    });
  });

  it('is null when the history says nothing of any system in the catalogue', () => {
    expect(actualsOf([], catalogue, at, asOf)).toBeNull();
    expect(actualsOf([{ system_id: 'ad', to: 'operational', at: iso(now - H) }], catalogue, at, asOf)).toBeNull();
  });
});

describe('statusChangesOf', () => {
  it("collects every system's history, and the latest instant among them", () => {
    const catalogue = catalogueOf([
      {
        id: 'ad',
        status_history: [
          { status: 'restoring', at: '2026-11-20T08:00:00+01:00' },
          { status: 'operational', at: '2026-11-20T11:00:00Z' },
        ],
      },
      { id: 'web' },
      {
        id: 'mail',
        status_history: [
          { status: 'restoring', at: '2026-11-20T10:00:00Z' },
          { status: 'verifying', at: '2026-11-20T09:00:00Z' },
        ],
      },
    ]);
    expect(statusChangesOf(catalogue)).toStrictEqual({
      changes: [
        { system_id: 'ad', status: 'restoring', at: Date.UTC(2026, 10, 20, 7) },
        { system_id: 'ad', status: 'operational', at: Date.UTC(2026, 10, 20, 11) },
        { system_id: 'mail', status: 'restoring', at: Date.UTC(2026, 10, 20, 10) },
        { system_id: 'mail', status: 'verifying', at: Date.UTC(2026, 10, 20, 9) },
      ],
      latest: Date.UTC(2026, 10, 20, 11),
    });
  });

  it('skips an instant that does not exist, and has no latest without any', () => {
    const catalogue = catalogueOf([
      { id: 'ad', status_history: [{ status: 'restoring', at: '2026-02-30T08:00:00Z' }] },
    ]);
    expect(statusChangesOf(catalogue)).toStrictEqual({ changes: [], latest: null });
  });
});
