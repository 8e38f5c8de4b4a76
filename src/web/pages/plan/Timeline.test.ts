import { describe, expect, it } from 'vitest';
import { packRows, placeLabel, tickStep } from './Timeline.js';

const bar = (id: string, from: number, to: number) => ({ id, from, to });

describe('timeline layout', () => {
  it('puts bars and whiskers that overlap in different rows, and reuses a row once it is free', () => {
    const rows = packRows([bar('a', 0, 20), bar('b', 5, 8), bar('c', 20, 30), bar('d', 12, 14)]);
    expect(Object.fromEntries(rows)).toEqual({ a: 0, b: 1, d: 1, c: 0 });
  });

  it('keeps a whisker or a label beside a bar clear of the next bar in its row', () => {
    const rows = packRows([bar('a', 0, 25), bar('b', 10, 12)]);
    expect(rows.get('b')).toBe(1);
  });

  it('puts a label inside a wide bar, beside a narrow one, and left of it near the right edge', () => {
    expect(placeLabel({ x0: 200, x1: 400, whiskerEnd: 450 }, 100, 180, 1000)).toBe('inside');
    expect(placeLabel({ x0: 200, x1: 210, whiskerEnd: 260 }, 100, 180, 1000)).toBe('right');
    expect(placeLabel({ x0: 800, x1: 810, whiskerEnd: 960 }, 100, 180, 1000)).toBe('left');
  });

  it('chooses about ten ticks or fewer', () => {
    expect(tickStep(10)).toBe(1);
    expect(tickStep(206)).toBe(24);
    expect(tickStep(384)).toBe(48);
    expect(384 / tickStep(384)).toBeLessThanOrEqual(10);
  });
});
