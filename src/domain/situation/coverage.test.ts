import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zoneFormatter } from '../time.js';
import { COVERAGE_STATES, type CoverageReport, type CoverageState, cellState, coverage } from './coverage.js';
import { type Deadline, deadlinesBetween, mustReport, type RhythmRule } from './rhythm.js';

const zone = zoneFormatter('Europe/Stockholm');
const HOUR = 3_600_000;
const UNITS = ['it', 'school', 'water', 'care', 'energy'];

const wall = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** The local date and wall time of an instant in Stockholm: ['2026-10-25', '02:30']. */
function local(ms: number): [string, string] {
  const p = Object.fromEntries(wall.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return [`${p.year}-${p.month}-${p.day}`, `${p.hour}:${p.minute}`];
}

function daily(id: string, time: string, unit_ids: string[] = []): RhythmRule {
  return {
    id,
    kind: 'daily',
    time_of_day: time,
    at: null,
    unit_ids,
    remind_minutes: 30,
    starts_at: '2026-01-01T00:00:00.000Z',
    ends_at: null,
  };
}

const report = (unit_id: string, cycle_at: string, first: string | null, extra: Partial<CoverageReport> = {}) => ({
  id: `${unit_id}@${cycle_at}`,
  unit_id,
  cycle_at,
  submitted_at: first,
  first_submitted_at: first,
  state: first ? 'submitted' : 'draft',
  late: false,
  ...extra,
});

describe('cellState and coverage', () => {
  const deadline = { at: '2026-12-02T07:00:00.000Z', unit_ids: ['it', 'school'] };
  const now = Date.parse('2026-12-02T09:00:00Z');

  it('names each state: reported, late, missing, pending, not asked', () => {
    expect(cellState(deadline, 'it', { first_submitted_at: '2026-12-02T07:00:00.000Z' }, now)).toBe('reported');
    expect(cellState(deadline, 'it', { first_submitted_at: '2026-12-02T07:00:01.000Z' }, now)).toBe('late');
    expect(cellState(deadline, 'it', { first_submitted_at: null }, now)).toBe('missing');
    expect(cellState(deadline, 'it', undefined, now)).toBe('missing');
    expect(cellState(deadline, 'it', undefined, Date.parse(deadline.at))).toBe('pending');
    expect(cellState(deadline, 'water', undefined, now)).toBe('not_asked');
  });

  it('keeps the first submission for lateness, and the latest submission as the last report with its age', () => {
    const amended = report('it', deadline.at, '2026-12-02T06:50:00.000Z', { submitted_at: '2026-12-02T08:30:00.000Z' });
    const older = report('school', '2026-12-01T13:00:00.000Z', '2026-12-01T12:00:00.000Z');
    const draft = report('school', deadline.at, null);
    const grid = coverage({
      deadlines: [deadline, { at: '2026-12-02T13:00:00.000Z', unit_ids: [] }],
      unit_ids: ['it', 'school', 'water'],
      reports: [amended, older, draft],
      now,
    });
    expect(grid.rows.map((r) => r.cells.map((c) => c.state))).toEqual([
      ['reported', 'pending'],
      ['missing', 'pending'],
      ['not_asked', 'pending'],
    ]);
    expect(grid.rows[0].cells[0]).toMatchObject({ report_id: amended.id, submitted_at: '2026-12-02T06:50:00.000Z' });
    expect(grid.rows[0].last_report).toEqual({
      id: amended.id,
      cycle_at: deadline.at,
      submitted_at: '2026-12-02T08:30:00.000Z',
      age_minutes: 30,
    });
    // A missing unit's last word stays in sight, with its age (21 hours).
    expect(grid.rows[1].last_report).toMatchObject({ id: older.id, age_minutes: 21 * 60 });
    expect(grid.rows[2].last_report).toBeNull();
    expect(grid.counts[0]).toEqual({ reported: 1, late: 0, missing: 1, pending: 0, not_asked: 1 });
    expect(grid.counts[1]).toEqual({ reported: 0, late: 0, missing: 0, pending: 3, not_asked: 0 });
  });

  it('judges a deadline in the repeated hour of the autumn change by the instant, not the wall clock', () => {
    // 02:30 on 25 October 2026 happens twice in Stockholm; the rule's deadline is one instant.
    const [d] = deadlinesBetween(
      [daily('night', '02:30')],
      Date.parse('2026-10-24T22:00:00Z'),
      Date.parse('2026-10-25T22:00:00Z'),
      zone,
    );
    expect(local(Date.parse(d.at))).toEqual(['2026-10-25', '02:30']);
    const at = Date.parse(d.at);
    // A report written at a wall time of 02:45 in the first 02:xx hour is one written before the deadline
    // (if the deadline is the second 02:30) or after it (if the first): the instant decides, nothing else.
    for (const offset of [-HOUR, -1, 0, 1, HOUR]) {
      const first = new Date(at + offset).toISOString();
      expect(cellState(d, 'it', { first_submitted_at: first }, at + 2 * HOUR)).toBe(offset <= 0 ? 'reported' : 'late');
    }
  });
});

// Generated rhythms in Stockholm around both changes of daylight saving time of 2026 (and an ordinary week).
const ANCHORS = ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2026-12-02T00:00:00Z'].map(Date.parse);
// Wall times, the night of a change included (02:00–02:59 does not exist in spring, and happens twice in
// autumn); 03:xx is left out, so that no two rules can land on one instant when spring moves 02:30 to 03:30.
const timeOfDay = fc
  .tuple(
    fc.integer({ min: 0, max: 23 }).filter((h) => h !== 3),
    fc.constantFrom(0, 15, 30, 45),
  )
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const rulesArb = fc
  .tuple(
    fc.uniqueArray(fc.oneof(fc.constantFrom('08:00', '14:00', '02:30'), timeOfDay), { minLength: 1, maxLength: 4 }),
    fc.array(fc.subarray(UNITS), { minLength: 4, maxLength: 4 }),
  )
  .map(([times, units]) => times.map((time, i) => daily(`r${i}`, time, units[i])));
const windowArb = fc
  .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -48, max: 24 }), fc.integer({ min: 1, max: 96 }))
  .map(([anchor, startH, lengthH]) => ({ from: anchor + startH * HOUR, to: anchor + (startH + lengthH) * HOUR }));

describe('coverage over generated rhythms (property)', () => {
  it('makes no deadline twice, in time order, and each daily rule once per local day at its wall time', () => {
    fc.assert(
      fc.property(rulesArb, windowArb, (rules, { from, to }) => {
        const deadlines = deadlinesBetween(rules, from, to, zone);
        const instants = deadlines.map((d) => Date.parse(d.at));
        for (let i = 1; i < instants.length; i++) expect(instants[i]).toBeGreaterThan(instants[i - 1]);
        for (const d of deadlines) {
          const ms = Date.parse(d.at);
          expect(ms).toBeGreaterThanOrEqual(from);
          expect(ms).toBeLessThanOrEqual(to);
          expect(d.at).toBe(new Date(ms).toISOString());
        }
        // 08:00 and 14:00 exist every day, both nights of a change included: always that wall time.
        for (const time of ['08:00', '14:00']) {
          const ids = rules.filter((r) => r.time_of_day === time).map((r) => r.id);
          for (const d of deadlines.filter((x) => x.rhythm_ids.some((id) => ids.includes(id)))) {
            expect(local(Date.parse(d.at))[1]).toBe(time);
          }
        }
        // Each local day that the window holds whole has exactly one deadline per rule.
        const perDay = new Map<string, number>();
        for (const d of deadlines) {
          const day = local(Date.parse(d.at))[0];
          perDay.set(day, (perDay.get(day) ?? 0) + d.rhythm_ids.length);
        }
        for (let day = Date.parse(`${local(from)[0]}T00:00:00Z`); day <= to; day += 24 * HOUR) {
          const start = zone.fromWallClock(day);
          const end = zone.fromWallClock(day + 24 * HOUR);
          if (start < from || end - 1 > to) continue;
          expect(perDay.get(new Date(day).toISOString().slice(0, 10)) ?? 0).toBe(rules.length);
        }
      }),
    );
  });

  it('puts every cell in exactly one state, counted once per deadline', () => {
    const submissions = fc.array(
      fc.record({
        unit: fc.constantFrom(...UNITS),
        pick: fc.nat(),
        offsetMin: fc.option(fc.integer({ min: -600, max: 600 }), { nil: null }),
      }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(rulesArb, windowArb, submissions, fc.integer({ min: -48, max: 120 }), (rules, w, subs, nowH) => {
        const deadlines = deadlinesBetween(rules, w.from, w.to, zone);
        fc.pre(deadlines.length > 0);
        const now = w.from + nowH * HOUR;
        const reports = new Map<string, CoverageReport>();
        for (const s of subs) {
          const d = deadlines[s.pick % deadlines.length];
          const first = s.offsetMin === null ? null : new Date(Date.parse(d.at) + s.offsetMin * 60_000).toISOString();
          reports.set(`${s.unit}@${d.at}`, report(s.unit, d.at, first));
        }
        const grid = coverage({ deadlines, unit_ids: UNITS, reports: [...reports.values()], now });
        grid.rows.forEach((row, u) => {
          expect(row.unit_id).toBe(UNITS[u]);
          row.cells.forEach((cell, i) => {
            const d = deadlines[i];
            const r = reports.get(`${row.unit_id}@${d.at}`);
            const asked = mustReport(d, row.unit_id);
            const first = r?.first_submitted_at ? Date.parse(r.first_submitted_at) : null;
            const at = Date.parse(d.at);
            const holds: Record<CoverageState, boolean> = {
              not_asked: !asked,
              reported: asked && first !== null && first <= at,
              late: asked && first !== null && first > at,
              missing: asked && first === null && now > at,
              pending: asked && first === null && now <= at,
            };
            expect(COVERAGE_STATES.filter((s) => holds[s])).toEqual([cell.state]);
          });
        });
        grid.counts.forEach((counts) => {
          expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(UNITS.length);
        });
      }),
    );
  });

  it('is monotone in submission time: submitted later is never more on time', () => {
    const rank: Record<CoverageState, number> = { reported: 0, late: 1, missing: 2, pending: 2, not_asked: 2 };
    fc.assert(
      fc.property(
        rulesArb,
        windowArb,
        fc.nat(),
        fc.integer({ min: -24 * 60, max: 24 * 60 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        (rules, w, pick, aMin, deltaMin) => {
          const deadlines: Deadline[] = deadlinesBetween(rules, w.from, w.to, zone);
          fc.pre(deadlines.length > 0);
          const d = { ...deadlines[pick % deadlines.length], unit_ids: [] };
          const at = Date.parse(d.at);
          const earlier = new Date(at + aMin * 60_000).toISOString();
          const later = new Date(at + (aMin + deltaMin) * 60_000).toISOString();
          const now = at + 48 * HOUR;
          const a = cellState(d, 'it', { first_submitted_at: earlier }, now);
          const b = cellState(d, 'it', { first_submitted_at: later }, now);
          expect(rank[a]).toBeLessThanOrEqual(rank[b]);
          expect(['reported', 'late']).toContain(a);
        },
      ),
    );
  });
});
