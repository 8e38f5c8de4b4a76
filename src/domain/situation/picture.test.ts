import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildPicture,
  missingSystemsOf,
  type PictureInput,
  type PictureReportInput,
  stateOf,
  UNIT_STATES,
} from './picture.js';

const NOW = new Date('2026-12-02T10:00:00.000Z');
const HOUR = 3_600_000;
const hoursFromNow = (h: number) => new Date(NOW.getTime() + h * HOUR).toISOString();

const UNITS = [
  { id: 'skola', name: 'Skolförvaltningen' },
  { id: 'vof', name: 'Vård och omsorg' },
  { id: 'bygg', name: 'Samhällsbyggnad' },
  { id: 'hamn', name: 'Hamnbolaget' },
];

const SYSTEMS = [
  { id: 'journal', name: 'Omsorgsjournal', status: 'restoring', p50_h: 10, p90_h: 30 },
  { id: 'epost', name: 'E-post', status: 'down', p50_h: 5, p90_h: 8 },
  { id: 'ad', name: 'Katalogtjänst', status: 'operational', p50_h: 0, p90_h: 0 },
  { id: 'nat', name: 'Stadsnät', status: 'limited', p50_h: 0, p90_h: 0 },
];

function report(unit_id: string, overall: string | null, content: unknown, extra: Partial<PictureReportInput> = {}) {
  return {
    unit_id,
    cycle_at: '2026-12-02T07:00:00.000Z',
    submitted_at: '2026-12-02T06:45:00.000Z',
    overall,
    life_health_risk: false,
    late: false,
    content,
    ...extra,
  };
}

function input(extra: Partial<PictureInput> = {}): PictureInput {
  return {
    now: NOW,
    units: UNITS,
    reports: [
      report(
        'vof',
        'severely_affected',
        {
          situation: 'Hemtjänsten arbetar på papper.',
          consequences: 'Läkemedelslistor saknas.',
          missing_systems: [
            { system_id: 'journal', need_by: hoursFromNow(12) },
            { system_id: 'epost', need_by: hoursFromNow(48) },
          ],
        },
        { life_health_risk: true },
      ),
      report('skola', 'normal', {
        missing_systems: [
          { system_id: 'journal', need_by: hoursFromNow(72) },
          { system_id: 'ad', need_by: hoursFromNow(1) },
        ],
      }),
      report('bygg', 'affected', { missing_systems: [{ system_id: 'epost', need_by: 'next week' }] }, { late: true }),
    ],
    needs: [
      need('n1', 'vof', 'low', 'new'),
      need('n2', 'skola', 'critical', 'accepted'),
      need('n3', 'bygg', 'high', 'fulfilled'),
      need('n4', 'bygg', 'medium', 'in_progress'),
    ],
    systems: SYSTEMS,
    decisions: [
      {
        id: 'd1',
        seq: 1,
        decided_at: '2026-12-01T08:00:00.000Z',
        recorded_at: '2026-12-01T08:10:00.000Z',
        decision: 'Stäng förbindelserna',
        decided_by: 'Eva',
      },
      {
        id: 'd2',
        seq: 2,
        decided_at: '2026-12-02T08:00:00.000Z',
        recorded_at: '2026-12-02T08:10:00.000Z',
        decision: 'Journalen först',
        decided_by: 'Stina',
      },
    ],
    previous: null,
    ...extra,
  };
}

function need(id: string, unit_id: string, urgency: string, status: string) {
  return {
    id,
    unit_id,
    title: `Behov ${id}`,
    category: 'it',
    urgency,
    status,
    system_ids: [],
    created_at: '2026-12-02T06:00:00.000Z',
  };
}

describe('buildPicture', () => {
  it('lists units worst state first, with the unit that never reported last and each report its age', () => {
    const p = buildPicture(input());
    expect(p.units.map((u) => [u.unit_id, u.state])).toEqual([
      ['vof', 'severely_affected'],
      ['bygg', 'affected'],
      ['skola', 'normal'],
      ['hamn', 'no_report'],
    ]);
    expect(p.units[0]?.age_minutes).toBe(3 * 60 + 15);
    expect(p.units[1]?.late).toBe(true);
    expect(p.units[3]?.age_minutes).toBeNull();
    expect(p.counts).toEqual({ severely_affected: 1, affected: 1, normal: 1, no_report: 1 });
    expect(p.as_of).toBe(NOW.toISOString());
  });

  it('raises every life-and-health flag with what the unit wrote', () => {
    const p = buildPicture(input());
    expect(p.life_health).toEqual([
      {
        unit_id: 'vof',
        name: 'Vård och omsorg',
        consequences: 'Läkemedelslistor saknas.',
        submitted_at: '2026-12-02T06:45:00.000Z',
      },
    ]);
  });

  it('shows open needs only, most urgent first', () => {
    const p = buildPicture(input());
    expect(p.needs.map((n) => [n.id, n.urgency, n.unit_name])).toEqual([
      ['n2', 'critical', 'Skolförvaltningen'],
      ['n4', 'medium', 'Samhällsbyggnad'],
      ['n1', 'low', 'Vård och omsorg'],
    ]);
  });

  it('counts the units missing each system, the earliest need-by, and warns where the P90 is later, naming the unit', () => {
    const p = buildPicture(input());
    const journal = p.demand.find((d) => d.system_id === 'journal');
    expect(journal).toMatchObject({
      unit_count: 2,
      earliest_need_by: hoursFromNow(12),
      p50_at: hoursFromNow(10),
      p90_at: hoursFromNow(30),
    });
    // Vård och omsorg needs it in 12 h; the P90 is 30 h: a warning. The school (72 h) is safe.
    expect(journal?.late_units.map((u) => u.name)).toEqual(['Vård och omsorg']);
    const epost = p.demand.find((d) => d.system_id === 'epost');
    // The P90 (8 h) is before Vård och omsorg's need-by (48 h); Samhällsbyggnad gave no usable time.
    expect(epost).toMatchObject({ unit_count: 2, earliest_need_by: hoursFromNow(48), late_units: [] });
    expect(epost?.units.map((u) => [u.unit_id, u.need_by])).toEqual([
      ['vof', hoursFromNow(48)],
      ['bygg', null],
    ]);
    // A system already back is not in demand.
    expect(p.demand.some((d) => d.system_id === 'ad')).toBe(false);
    // The one with a warning comes first.
    expect(p.demand[0]?.system_id).toBe('journal');
  });

  it('gives recovery progress and the decisions since the last approved picture', () => {
    const p = buildPicture(input());
    expect(p.recovery).toEqual({ back: 2, total: 4, back_ids: ['ad', 'nat'] });
    expect(p.decisions.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(p.changes).toBeNull();
    const previous = { content: p, approved_at: '2026-12-02T00:00:00.000Z', version: 3 };
    expect(buildPicture(input({ previous })).decisions.map((d) => d.id)).toEqual(['d2']);
  });

  it('says what changed since the last approved one: states, new flags, new and closed needs, systems back', () => {
    const first = buildPicture(input());
    const later = input({
      now: new Date(NOW.getTime() + 6 * HOUR),
      reports: [
        report('vof', 'affected', { consequences: 'Listor på papper.' }, { life_health_risk: true }),
        report('hamn', 'severely_affected', { consequences: 'Färjan står.' }, { life_health_risk: true }),
        report('skola', 'normal', {}),
        report('bygg', 'affected', {}),
      ],
      needs: [
        need('n1', 'vof', 'low', 'fulfilled'),
        need('n2', 'skola', 'critical', 'accepted'),
        need('n5', 'hamn', 'high', 'new'),
      ],
      systems: SYSTEMS.map((s) => (s.id === 'epost' ? { ...s, status: 'operational' } : s)),
      previous: { content: first, approved_at: hoursFromNow(1), version: 1 },
    });
    const changes = buildPicture(later).changes;
    expect(changes).toEqual({
      since_version: 1,
      since_at: hoursFromNow(1),
      units: [
        { unit_id: 'hamn', name: 'Hamnbolaget', from: 'no_report', to: 'severely_affected' },
        { unit_id: 'vof', name: 'Vård och omsorg', from: 'severely_affected', to: 'affected' },
      ],
      new_flags: [{ unit_id: 'hamn', name: 'Hamnbolaget' }],
      new_needs: [{ id: 'n5', title: 'Behov n5', unit_name: 'Hamnbolaget' }],
      closed_needs: [
        { id: 'n4', title: 'Behov n4', unit_name: 'Samhällsbyggnad' },
        { id: 'n1', title: 'Behov n1', unit_name: 'Vård och omsorg' },
      ],
      systems_back: [{ id: 'epost', name: 'E-post' }],
    });
  });

  it('reads a report leniently: missing fields are empty, an unknown state is never taken for normal', () => {
    expect(stateOf(null)).toBe('affected');
    expect(stateOf('weird')).toBe('affected');
    expect(missingSystemsOf('not json')).toEqual([]);
    expect(missingSystemsOf({ missing_systems: [null, 3, { system_id: 'x' }, { system_id: '' }] })).toEqual([
      { system_id: 'x', need_by: null },
    ]);
    const p = buildPicture(input({ reports: [report('vof', null, null)] }));
    expect(p.units[0]).toMatchObject({ unit_id: 'vof', state: 'affected', situation: '', consequences: '' });
    // An old picture without parts still gives changes, not an error.
    const changes = buildPicture(
      input({ previous: { content: {} as never, approved_at: NOW.toISOString(), version: 1 } }),
    ).changes;
    expect(changes?.systems_back).toEqual([]);
    expect(changes?.units.length).toBe(3);
  });

  it('holds for any reports: units sorted worst first, counts add up, warnings exactly where the P90 is later', () => {
    const overall = fc.constantFrom('normal', 'affected', 'severely_affected', null);
    const needBy = fc.option(fc.integer({ min: -48, max: 96 }), { nil: null });
    const arbReport = fc.record({
      overall,
      missing: fc.array(fc.record({ system: fc.constantFrom('journal', 'epost', 'ad', 'nat'), h: needBy }), {
        maxLength: 4,
      }),
    });
    fc.assert(
      fc.property(fc.array(fc.option(arbReport, { nil: null }), { minLength: 4, maxLength: 4 }), (picked) => {
        const reports = picked.flatMap((r, i) =>
          r === null
            ? []
            : [
                report(UNITS[i]?.id ?? '', r.overall, {
                  missing_systems: r.missing.map((m) => ({
                    system_id: m.system,
                    need_by: m.h === null ? null : hoursFromNow(m.h),
                  })),
                }),
              ],
        );
        const p = buildPicture(input({ reports }));
        const ranks = p.units.map((u) => UNIT_STATES.indexOf(u.state));
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(Object.values(p.counts).reduce((a, b) => a + b, 0)).toBe(UNITS.length);
        expect(p.counts.no_report).toBe(picked.filter((r) => r === null).length);
        for (const d of p.demand) {
          const system = SYSTEMS.find((s) => s.id === d.system_id);
          expect(system && ['limited', 'operational'].includes(system.status)).toBe(false);
          const p90 = hoursFromNow(system?.p90_h ?? 0);
          expect(d.late_units).toEqual(d.units.filter((u) => u.need_by !== null && u.need_by < p90));
          expect(d.unit_count).toBe(new Set(d.units.map((u) => u.unit_id)).size);
          const times = d.units.flatMap((u) => (u.need_by ? [u.need_by] : [])).sort();
          expect(d.earliest_need_by).toBe(times[0] ?? null);
        }
      }),
    );
  });
});
