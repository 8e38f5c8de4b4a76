import { describe, expect, it } from 'vitest';
import { translate } from '../../../i18n/index.js';
import type { T } from '../../i18n.js';
import { formatSpan, isoToWallClock, timeLeft, wallClockToIso } from './format.js';

const t: T = (key, vars) => translate('en', key, vars);

describe('task and obligation formatting', () => {
  it('words a span of time', () => {
    expect(formatSpan(45 * 60_000, t)).toBe('45 min');
    expect(formatSpan((3 * 60 + 20) * 60_000, t)).toBe('3 h 20 min');
    expect(formatSpan((2 * 1440 + 5 * 60 + 7) * 60_000, t)).toBe('2 d 5 h');
    expect(timeLeft('2026-12-02T12:00:00Z', '2026-12-02T10:30:00Z', t)).toBe('1 h 30 min left');
    expect(timeLeft('2026-12-02T10:00:00Z', '2026-12-02T12:00:00Z', t)).toBe('Overdue by 2 h');
  });

  it("reads a form's time on the organisation's wall clock", () => {
    expect(wallClockToIso('2026-12-02T14:30', 'Europe/Stockholm')).toBe('2026-12-02T13:30:00.000Z');
    expect(wallClockToIso('2026-07-02T14:30', 'Europe/Stockholm')).toBe('2026-07-02T12:30:00.000Z');
    expect(wallClockToIso('', 'Europe/Stockholm')).toBeNull();
  });

  it('gives an instant back as the wall clock of the zone, the other way round', () => {
    expect(isoToWallClock('2026-12-02T13:30:00.000Z', 'Europe/Stockholm')).toBe('2026-12-02T14:30');
    expect(isoToWallClock('2026-07-02T12:30:00Z', 'Europe/Stockholm')).toBe('2026-07-02T14:30');
    expect(isoToWallClock(null, 'Europe/Stockholm')).toBe('');
    expect(isoToWallClock('soon', 'Europe/Stockholm')).toBe('');
  });
});
