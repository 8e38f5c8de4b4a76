import { describe, expect, it } from 'vitest';
import { when, whenUntil } from './format.js';

const ZONE = 'Europe/Stockholm';

describe('whenUntil', () => {
  it('gives only the time when the range ends on the day it starts, in the organisation zone', () => {
    const from = '2026-12-02T12:00:00.000Z';
    expect(when(from, 'sv', ZONE)).toBe('onsdag 2 december 2026 kl. 13:00');
    expect(whenUntil(from, '2026-12-02T13:00:00.000Z', 'sv', ZONE)).toBe('14:00');
    expect(whenUntil(from, '2026-12-02T13:00:00.000Z', 'en', ZONE)).toBe('14:00');
  });

  it('gives the whole date when the range runs into another day there', () => {
    // 23:30 UTC is already Thursday in Stockholm.
    expect(whenUntil('2026-12-02T12:00:00.000Z', '2026-12-02T23:30:00.000Z', 'sv', ZONE)).toBe(
      'torsdag 3 december 2026 kl. 00:30',
    );
  });
});
