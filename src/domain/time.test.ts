import { describe, expect, it } from 'vitest';
import { LifeboatError } from './errors.js';
import { parseInstant, zoneFormatter } from './time.js';

const ms = (iso: string) => Date.parse(iso);

describe('zoneFormatter', () => {
  it('writes instants with the offset of the zone, across the change to summer time', () => {
    const { format } = zoneFormatter('Europe/Stockholm');
    expect(format(Date.parse('2026-03-29T00:30:00Z'))).toBe('2026-03-29T01:30:00+01:00');
    expect(format(Date.parse('2026-03-29T01:30:00Z'))).toBe('2026-03-29T03:30:00+02:00');
  });

  it('writes instants across the change back to winter time', () => {
    const { format, offsetAt } = zoneFormatter('Europe/Stockholm');
    expect(format(ms('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30:00+02:00');
    expect(format(ms('2026-10-25T00:59:59Z'))).toBe('2026-10-25T02:59:59+02:00');
    expect(format(ms('2026-10-25T01:00:00Z'))).toBe('2026-10-25T02:00:00+01:00');
    expect(format(ms('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30:00+01:00');
    expect([offsetAt(ms('2026-10-25T00:59:59.999Z')), offsetAt(ms('2026-10-25T01:00:00Z'))]).toEqual([120, 60]);
  });

  it('rounds to the second and writes offsets that are not whole hours', () => {
    expect(zoneFormatter('Europe/Stockholm').format(ms('2026-11-29T08:00:00.600Z'))).toBe('2026-11-29T09:00:01+01:00');
    expect(zoneFormatter('Asia/Kolkata').format(ms('2026-11-29T08:00:00Z'))).toBe('2026-11-29T13:30:00+05:30');
    expect(zoneFormatter('America/St_Johns').format(ms('2026-11-29T08:00:00Z'))).toBe('2026-11-29T04:30:00-03:30');
  });

  it('reads wall-clock times of the zone as instants, on both sides of each change', () => {
    const { fromWallClock } = zoneFormatter('Europe/Stockholm');
    expect(fromWallClock(ms('2026-03-29T01:30:00Z'))).toBe(ms('2026-03-29T00:30:00Z'));
    expect(fromWallClock(ms('2026-03-29T03:30:00Z'))).toBe(ms('2026-03-29T01:30:00Z'));
    expect(fromWallClock(ms('2026-10-25T01:30:00Z'))).toBe(ms('2026-10-24T23:30:00Z'));
    expect(fromWallClock(ms('2026-10-25T03:30:00Z'))).toBe(ms('2026-10-25T02:30:00Z'));
    expect(fromWallClock(ms('2026-07-01T12:00:00Z'))).toBe(ms('2026-07-01T10:00:00Z'));
    expect(fromWallClock(ms('2026-12-01T12:00:00Z'))).toBe(ms('2026-12-01T11:00:00Z'));
  });

  it('moves a wall-clock time skipped in spring forward, and takes the later of one seen twice in autumn', () => {
    const { format, fromWallClock } = zoneFormatter('Europe/Stockholm');
    expect(format(fromWallClock(ms('2026-03-29T02:30:00Z')))).toBe('2026-03-29T03:30:00+02:00');
    expect(format(fromWallClock(ms('2026-10-25T02:30:00Z')))).toBe('2026-10-25T02:30:00+01:00');
  });

  it('throws for an unknown zone, naming the field', () => {
    let thrown: unknown;
    try {
      zoneFormatter('Mars/Olympus');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LifeboatError);
    expect(thrown).toMatchObject({ field: 'organisation.timezone', message: 'unknown time zone "Mars/Olympus"' });
  });

  it('falls back to UTC for an unknown zone', () => {
    const { format, zone } = zoneFormatter('Mars/Olympus', { fallback: 'UTC' });
    expect(zone).toBe('UTC');
    expect(format(Date.parse('2026-11-29T08:00:00Z'))).toBe('2026-11-29T08:00:00+00:00');
  });
});

describe('parseInstant', () => {
  it('reads a date-time with Z or an offset', () => {
    expect(parseInstant('2026-12-02T12:00:00+01:00')).toBe(Date.parse('2026-12-02T11:00:00Z'));
    expect(parseInstant('2026-12-02T11:00Z')).toBe(Date.parse('2026-12-02T11:00:00Z'));
    expect(parseInstant('2026-12-02T11:00:00.123456Z')).toBe(Date.parse('2026-12-02T11:00:00.123Z'));
  });

  it('refuses a time without its zone, a day that does not exist, and what is not a date-time', () => {
    for (const bad of ['2026-12-02T12:00', '2026-11-31T12:00Z', '2026-13-01T12:00Z', '2026-12-02', 'soon', '']) {
      expect(parseInstant(bad), bad).toBeNull();
    }
  });
});

describe('parseInstant: the fields exist', () => {
  it('reads an instant with its offset, Z or a fraction of a second', () => {
    expect(parseInstant('2026-11-30T08:00:00+01:00')).toBe(Date.parse('2026-11-30T07:00:00Z'));
    expect(parseInstant('2026-11-30T08:00Z')).toBe(Date.parse('2026-11-30T08:00:00Z'));
    expect(parseInstant('2024-02-29T10:00:00.5-00:30')).toBe(Date.parse('2024-02-29T10:30:00.500Z'));
    expect(parseInstant('0050-01-01T00:00Z')).toBe(Date.parse('0050-01-01T00:00:00Z'));
  });

  it('refuses fields that do not exist: no 30 February, hour 24, minute 60 or offset +99:99', () => {
    for (const bad of [
      '2026-02-30T08:00Z',
      '2026-13-01T08:00Z',
      '2026-01-01T24:00Z',
      '2026-01-01T23:60Z',
      '2026-01-01T23:59:60Z',
      '2026-01-01T10:00+99:99',
      '2026-01-01T10:00+01:60',
      '2026-01-01T10:00',
    ]) {
      expect(parseInstant(bad), bad).toBeNull();
    }
  });
});
