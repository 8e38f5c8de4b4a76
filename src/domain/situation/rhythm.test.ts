import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../errors.js';
import { zoneFormatter } from '../time.js';
import {
  deadlinesBetween,
  defaultWindow,
  localDayStart,
  MAX_WINDOW_DAYS,
  mustReport,
  type RhythmRule,
  reminderDue,
  windowOf,
} from './rhythm.js';

const zone = zoneFormatter('Europe/Stockholm');
const daily = (time: string, extra: Partial<RhythmRule> = {}): RhythmRule => ({
  id: `r${time}`,
  kind: 'daily',
  time_of_day: time,
  at: null,
  unit_ids: [],
  remind_minutes: 30,
  starts_at: '2026-01-01T00:00:00.000Z',
  ends_at: null,
  ...extra,
});

describe('deadlinesBetween', () => {
  it('makes 08:00 and 14:00 local every day, in time order', () => {
    const d = deadlinesBetween(
      [daily('14:00'), daily('08:00')],
      Date.parse('2026-12-02T00:00:00Z'),
      Date.parse('2026-12-03T23:00:00Z'),
      zone,
    );
    expect(d.map((x) => x.at)).toEqual([
      '2026-12-02T07:00:00.000Z',
      '2026-12-02T13:00:00.000Z',
      '2026-12-03T07:00:00.000Z',
      '2026-12-03T13:00:00.000Z',
    ]);
  });

  it('keeps 08:00 local across the change to summer time', () => {
    const d = deadlinesBetween(
      [daily('08:00')],
      Date.parse('2026-03-28T00:00:00Z'),
      Date.parse('2026-03-30T00:00:00Z'),
      zone,
    );
    expect(d.map((x) => x.at)).toEqual(['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z']);
  });

  it('respects a rule’s start and end, and merges rules on one instant', () => {
    const a = daily('08:00', { id: 'a', unit_ids: ['x'], ends_at: '2026-12-03T00:00:00.000Z' });
    const b = daily('08:00', { id: 'b', unit_ids: ['y'] });
    const d = deadlinesBetween([a, b], Date.parse('2026-12-02T00:00:00Z'), Date.parse('2026-12-03T12:00:00Z'), zone);
    expect(d).toEqual([
      { at: '2026-12-02T07:00:00.000Z', rhythm_ids: ['a', 'b'], unit_ids: ['x', 'y'], remind_minutes: 30 },
      { at: '2026-12-03T07:00:00.000Z', rhythm_ids: ['b'], unit_ids: ['y'], remind_minutes: 30 },
    ]);
    expect(mustReport(d[1], 'x')).toBe(false);
    expect(mustReport({ unit_ids: [] }, 'x')).toBe(true);
  });

  it('makes a one-off deadline', () => {
    const once: RhythmRule = {
      ...daily('08:00'),
      id: 'o',
      kind: 'once',
      time_of_day: null,
      at: '2026-12-02T10:30:00.000Z',
    };
    const d = deadlinesBetween([once], Date.parse('2026-12-02T00:00:00Z'), Date.parse('2026-12-03T00:00:00Z'), zone);
    expect(d.map((x) => x.at)).toEqual(['2026-12-02T10:30:00.000Z']);
  });
});

describe('windows and reminders', () => {
  it('shows yesterday to tomorrow in the zone by default, across a change of summer time', () => {
    const now = Date.parse('2026-10-25T12:00:00Z');
    const w = defaultWindow(now, zone);
    expect(new Date(w.from).toISOString()).toBe('2026-10-23T22:00:00.000Z');
    expect(new Date(w.to + 1).toISOString()).toBe('2026-10-26T23:00:00.000Z');
    expect(new Date(localDayStart(now, zone)).toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });

  it('reminds from remind_minutes before the deadline until the deadline, never with 0', () => {
    const d = { at: '2026-12-02T07:00:00.000Z', remind_minutes: 30 };
    expect(reminderDue(d, Date.parse('2026-12-02T06:29:59Z'))).toBe(false);
    expect(reminderDue(d, Date.parse('2026-12-02T06:30:00Z'))).toBe(true);
    expect(reminderDue(d, Date.parse('2026-12-02T06:59:59Z'))).toBe(true);
    expect(reminderDue(d, Date.parse('2026-12-02T07:00:00Z'))).toBe(false);
    expect(reminderDue({ ...d, remind_minutes: 0 }, Date.parse('2026-12-02T06:59:00Z'))).toBe(false);
  });
});

describe('windowOf', () => {
  const now = Date.parse('2026-12-02T10:00:00Z');
  const refusal = (query: { from?: string; to?: string }) => {
    try {
      windowOf(query, now, zone);
    } catch (error) {
      if (error instanceof LifeboatError) return `${error.field} ${error.key}`;
      throw error;
    }
    return 'accepted';
  };

  it('defaults to yesterday through tomorrow, and keeps that length after a `from` alone', () => {
    expect(windowOf({}, now, zone)).toEqual(defaultWindow(now, zone));
    const from = Date.parse('2026-11-01T00:00:00Z');
    const w = windowOf({ from: '2026-11-01T00:00:00Z' }, now, zone);
    const d = defaultWindow(now, zone);
    expect(w).toEqual({ from, to: from + (d.to - d.from) });
  });

  it('refuses a bad time, a reversed window and one longer than MAX_WINDOW_DAYS, naming the field', () => {
    expect(refusal({ from: '2026-12-01T00:00' })).toBe('from err.rhythm.badTime');
    expect(refusal({ from: '2026-12-02T00:00Z', to: '2026-12-01T00:00Z' })).toBe('to err.rhythm.badWindow');
    const to = new Date(Date.parse('2026-01-01T00:00:00Z') + MAX_WINDOW_DAYS * 86_400_000).toISOString();
    expect(refusal({ from: '2026-01-01T00:00:00Z', to })).toBe('accepted');
    expect(refusal({ from: '2025-12-31T23:59:59Z', to })).toBe('to err.rhythm.windowTooLong');
  });
});
