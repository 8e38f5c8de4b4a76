import fc from 'fast-check';
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

  describe('agrees with Intl at every instant, the offset cache notwithstanding', () => {
    // Zones with half-hour and 45-minute offsets, a half-hour summer time (Lord Howe), a negative
    // one (Dublin), a two-hour change (Troll) and changes weeks apart (Casablanca), all with old local
    // mean times of odd seconds.
    const ZONES = [
      'Europe/Stockholm',
      'America/St_Johns',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Asia/Kolkata',
      'Europe/Dublin',
      'Antarctica/Troll',
      'Africa/Casablanca',
      'America/Sao_Paulo',
    ];
    // The reference: Intl's wall clock for the instant, written out by hand.
    const reference = (zone: string) => {
      const dtf = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      return (t: number): number => {
        const p: Record<string, number> = {};
        for (const part of dtf.formatToParts(new Date(t)))
          if (part.type !== 'literal') p[part.type] = Number(part.value);
        // + 0: an instant a fraction of a second after a whole UTC minute would otherwise give -0.
        return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - t) / 60_000) + 0;
      };
    };
    // Each change of offset of a zone between two instants, found day by day and then to the second.
    const changes = (offset: (t: number) => number, from = '2026-01-01', to = '2028-01-01'): number[] => {
      const found: number[] = [];
      for (let t = ms(`${from}T00:00:00Z`); t < ms(`${to}T00:00:00Z`); t += 86_400_000) {
        if (offset(t) === offset(t + 86_400_000)) continue;
        let [a, b] = [t, t + 86_400_000];
        while (b - a > 1000) {
          const m = a + Math.floor((b - a) / 2000) * 1000;
          if (offset(m) === offset(a)) a = m;
          else b = m;
        }
        found.push(b);
      }
      return found;
    };
    const byZone = ZONES.map((zone) => {
      const offset = reference(zone);
      return { zone, offset, changes: changes(offset) };
    });
    // Stockholm's local mean time ended at an odd second: a change inside a minute.
    const stockholm = reference('Europe/Stockholm');
    const meanTimes = {
      zone: 'Europe/Stockholm',
      offset: stockholm,
      changes: changes(stockholm, '1870-01-01', '1910-01-01'),
    };

    it('finds the changes it is to be tested at', () => {
      expect(byZone.map((z) => [z.zone, z.changes.length])).toEqual(
        ZONES.map((zone) => [zone, ['Asia/Kolkata', 'America/Sao_Paulo'].includes(zone) ? 0 : 4]),
      );
      expect(meanTimes.changes.filter((t) => new Date(t).getUTCSeconds() !== 0)).not.toEqual([]);
    });

    it('within two hours of a change, to the second', () => {
      const near = fc.record({
        zone: fc.constantFrom(...byZone.filter((z) => z.changes.length > 0), meanTimes),
        which: fc.nat(),
        // Within a minute of the change as often as not: that is where a minute's cache could be wrong.
        seconds: fc.oneof(fc.integer({ min: -60, max: 60 }), fc.integer({ min: -7200, max: 7200 })),
      });
      fc.assert(
        fc.property(near, ({ zone, which, seconds }) => {
          const t = (zone.changes[which % zone.changes.length] as number) + seconds * 1000;
          // A fresh formatter for each case, and one that has already cached the neighbouring hours.
          const warm = zoneFormatter(zone.zone);
          for (let h = -3; h <= 3; h++) warm.offsetAt(t + h * 3_600_000);
          expect(zoneFormatter(zone.zone).offsetAt(t) + 0).toBe(zone.offset(t));
          expect(warm.offsetAt(t) + 0).toBe(zone.offset(t));
        }),
        { numRuns: 500 },
      );
    });

    it('anywhere from 1850 to 2100, old local mean times included', () => {
      const any = fc.record({
        zone: fc.constantFrom(...byZone),
        t: fc.integer({ min: ms('1850-01-01T00:00:00Z'), max: ms('2100-01-01T00:00:00Z') }),
      });
      fc.assert(
        fc.property(any, ({ zone, t }) => {
          const { format, offsetAt } = zoneFormatter(zone.zone);
          const second = Math.round(t / 1000) * 1000;
          expect(offsetAt(t) + 0).toBe(zone.offset(t));
          const off = zone.offset(second);
          expect(format(t)).toBe(
            `${new Date(second + off * 60_000).toISOString().slice(0, 19)}${off < 0 ? '-' : '+'}${String(
              Math.floor(Math.abs(off) / 60),
            ).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`,
          );
        }),
        { numRuns: 500 },
      );
    });
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
