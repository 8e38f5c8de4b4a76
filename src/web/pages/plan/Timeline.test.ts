import { describe, expect, it } from 'vitest';
import type { PlanLine } from './planApi.js';
import { packRows, tickStep } from './Timeline.js';

const line = (id: string, start_h: number, finish_h: number, p90_h = finish_h) =>
  ({ id, start_h, finish_h, p90_h }) as PlanLine;

describe('timeline layout', () => {
  it('puts bars and whiskers that overlap in different rows, and reuses a row once it is free', () => {
    const rows = packRows([line('a', 0, 10, 20), line('b', 5, 8), line('c', 20, 30), line('d', 12, 14)]);
    expect(Object.fromEntries(rows)).toEqual({ a: 0, b: 1, d: 1, c: 0 });
  });

  it('keeps a whisker clear of the next bar in its row', () => {
    const rows = packRows([line('a', 0, 10, 25), line('b', 10, 12)]);
    expect(rows.get('b')).toBe(1);
  });

  it('chooses about ten ticks or fewer', () => {
    expect(tickStep(10)).toBe(1);
    expect(tickStep(206)).toBe(24);
    expect(tickStep(384)).toBe(48);
    expect(384 / tickStep(384)).toBeLessThanOrEqual(10);
  });
});
