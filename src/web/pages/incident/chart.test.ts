import { describe, expect, it } from 'vitest';
import { actualAt, chartSeries, forecastAt, tableHours } from './chart.js';

describe('board chart figures', () => {
  const series = chartSeries(
    '2026-12-01T00:00:00Z',
    '2026-12-01T02:00:00Z',
    '2026-12-01T10:00:00Z',
    [
      { at: '2026-12-01T00:00:00Z', back: 1 },
      { at: '2026-12-01T05:00:00Z', back: 3 },
      { at: '2026-12-01T10:00:00Z', back: 3 },
    ],
    [
      { h: 0, p50: 1, p90: 1 },
      { h: 4, p50: 2, p90: 1 },
      { h: 20, p50: 5, p90: 5 },
    ],
  );

  it('counts the forecast from the opening and the actual line from the detection', () => {
    expect(series.offset).toBe(2);
    expect(series.end).toBe(22);
    expect(actualAt(series, 4)).toBe(1);
    expect(actualAt(series, 6)).toBe(3);
    expect(actualAt(series, 11)).toBeNull();
    expect(forecastAt(series, 1)).toBeNull();
    expect(forecastAt(series, 6)).toEqual({ p50: 2, p90: 1 });
    expect(forecastAt(series, 22)).toEqual({ p50: 5, p90: 5 });
  });

  it('lists the table hours in steps, with now', () => {
    expect(tableHours(series)).toEqual([0, 6, 10, 12, 18]);
  });
});
