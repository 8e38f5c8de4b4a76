import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../errors.js';
import { checkContent, emptyContent, isLate, lateness, type ReportContent } from './report.js';

const known = { systemExists: (id: string) => ['net', 'pay'].includes(id) };
const full = (extra: Partial<ReportContent> = {}): ReportContent => ({
  ...emptyContent(),
  overall: 'affected',
  situation: '  Inga datorer  ',
  missing_systems: [{ system_id: 'pay', need_by: '2026-12-02T12:00:00+01:00' }],
  workarounds: [{ description: 'Papper', lasts_until: null }],
  needs: [{ title: 'Skrivare', detail: '', category: 'equipment', urgency: 'high', system_ids: ['net'] }],
  ...extra,
});
const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (error) {
    if (error instanceof LifeboatError) return error.field;
    throw error;
  }
  return undefined;
};

describe('checkContent', () => {
  it('normalises times to ISO instants and trims texts', () => {
    const c = checkContent(full(), known, true);
    expect(c.situation).toBe('Inga datorer');
    expect(c.missing_systems[0]?.need_by).toBe('2026-12-02T11:00:00.000Z');
    expect(c.needs[0]?.need_id).toBeNull();
  });

  it('lets a draft be empty, but not a submission', () => {
    expect(checkContent(emptyContent(), known, false)).toEqual(emptyContent());
    expect(fieldOf(() => checkContent(emptyContent(), known, true))).toBe('content.overall');
    expect(fieldOf(() => checkContent(full({ situation: ' ' }), known, true))).toBe('content.situation');
  });

  it('names the field of an unknown or repeated system, a bad time and a missing need-by', () => {
    const cases: [Partial<ReportContent>, boolean, string][] = [
      [{ missing_systems: [{ system_id: 'ghost', need_by: null }] }, false, 'content.missing_systems.0.system_id'],
      [
        {
          missing_systems: [
            { system_id: 'pay', need_by: null },
            { system_id: 'pay', need_by: null },
          ],
        },
        false,
        'content.missing_systems.1.system_id',
      ],
      [{ missing_systems: [{ system_id: 'pay', need_by: null }] }, true, 'content.missing_systems.0.need_by'],
      [{ missing_systems: [{ system_id: 'pay', need_by: 'soon' }] }, false, 'content.missing_systems.0.need_by'],
      [
        { workarounds: [{ description: 'x', lasts_until: '2026-13-45T00:00Z' }] },
        false,
        'content.workarounds.0.lasts_until',
      ],
      [{ workarounds: [{ description: '', lasts_until: null }] }, true, 'content.workarounds.0.description'],
      [
        { needs: [{ title: 'x', detail: '', category: 'it', urgency: 'low', system_ids: ['net', 'ghost'] }] },
        false,
        'content.needs.0.system_ids.1',
      ],
      [
        { needs: [{ title: '', detail: '', category: 'it', urgency: 'low', system_ids: [] }] },
        true,
        'content.needs.0.title',
      ],
    ];
    for (const [extra, submit, field] of cases)
      expect(fieldOf(() => checkContent(full(extra), known, submit))).toBe(field);
  });

  it('refuses a time without its zone or on a day that does not exist, naming the field', () => {
    for (const lasts_until of ['2026-12-02T12:00', '2026-11-31T12:00:00Z']) {
      const extra = { workarounds: [{ description: 'Papper', lasts_until }] };
      expect(fieldOf(() => checkContent(full(extra), known, false))).toBe('content.workarounds.0.lasts_until');
    }
  });
});

describe('lateness', () => {
  const cycle = '2026-12-02T13:00:00.000Z';
  it('is late only strictly after the deadline', () => {
    expect(isLate(cycle, cycle)).toBe(false);
    expect(isLate('2026-12-02T13:00:00.001Z', cycle)).toBe(true);
  });

  it('marks a late amendment late, while the report keeps its first submission’s lateness', () => {
    const onTime = { cycle_at: cycle, first_submitted_at: '2026-12-02T12:30:00.000Z' };
    expect(lateness(onTime, '2026-12-02T12:45:00.000Z')).toEqual({ version_late: false, report_late: false });
    expect(lateness(onTime, '2026-12-02T15:00:00.000Z')).toEqual({ version_late: true, report_late: false });
    const first = { cycle_at: cycle, first_submitted_at: null };
    expect(lateness(first, '2026-12-02T13:05:00.000Z')).toEqual({ version_late: true, report_late: true });
  });
});
