import { describe, expect, it } from 'vitest';
import { formatShortTime, mostImportantOpen } from './format.js';

const sys = (
  id: string,
  status: string,
  priority: (number | null)[],
  inherited_from: string | null = null,
  p90_h = 10,
) => ({
  id,
  status,
  priority,
  inherited_from,
  p90_h,
});

describe('the forecast in view', () => {
  it('names the most important services not yet back: own priority, highest first, at most max', () => {
    const list = mostImportantOpen(
      [
        sys('alarm', 'down', [5, 4, -4]),
        sys('network', 'down', [5, 5, -1], 'alarm'), // a foundation carrying someone else's priority
        sys('mail', 'restoring', [3, 5, -8]),
        sys('web', 'operational', [5, 5, -1]), // back already
        sys('wiki', 'down', [null, null, null]), // no priority at all
        sys('payroll', 'down', [5, 4, -4], null, 5),
      ],
      2,
    );
    expect(list.map((s) => s.id)).toEqual(['payroll', 'alarm']);
  });

  it('formats a short time in the given zone', () => {
    expect(formatShortTime('2026-12-02T05:30:00Z', 'sv', 'Europe/Stockholm')).toBe('2 dec. 06:30');
    expect(formatShortTime('2026-12-02T05:30:00Z', 'en', 'UTC')).toBe('2 Dec, 05:30');
  });
});
