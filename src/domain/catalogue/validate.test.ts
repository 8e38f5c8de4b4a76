import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogueIssue } from './types.js';
import { formatPath, IdIndex, MAX_ISSUES, type ValidationResult, validateCatalogue } from './validate.js';

type Rec = Record<string, unknown>;

function file(systems: Rec[], extra: Rec = {}): Rec {
  return {
    version: 1,
    organisation: { name: 'Testkommun', locale: 'sv', timezone: 'Europe/Stockholm' },
    teams: [{ id: 'infra', name: 'Infra', capacity: 2 }],
    units: [{ id: 'it', name: 'IT', kind: 'office' }],
    systems,
    ...extra,
  };
}

const sys = (id: string, more: Rec = {}): Rec => ({ id, name: id.toUpperCase(), kind: 'platform', ...more });

function issuesOf(r: ValidationResult): CatalogueIssue[] {
  if (r.ok) throw new Error('expected issues, got a valid catalogue');
  return r.issues;
}

describe('validateCatalogue: normalisation', () => {
  it('turns a bare estimate N into {N, N, N}, defaults depends_on and contacts, keeps absent fields absent', () => {
    const r = validateCatalogue(
      file([sys('a', { estimate_hours: 6 }), sys('b', { depends_on: ['a'], status: 'down' })]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.systems[0]).toStrictEqual({
      id: 'a',
      name: 'A',
      kind: 'platform',
      depends_on: [],
      estimate_hours: { low: 6, likely: 6, high: 6 },
    });
    // `down` is the default and is dropped, like the serialiser does.
    expect(r.catalogue.systems[1]).toStrictEqual({ id: 'b', name: 'B', kind: 'platform', depends_on: ['a'] });
    expect(r.catalogue.units).toStrictEqual([{ id: 'it', name: 'IT', kind: 'office', contacts: [] }]);
    expect(r.warnings).toEqual([]);
  });

  it('does not change its input', () => {
    const input = file([
      sys('a', { estimate_hours: 3 }),
      sys('b', { depends_on: ['a'], gates: ['patched'], status: 'down' }),
    ]);
    const copy = structuredClone(input);
    expect(validateCatalogue(input).ok).toBe(true);
    expect(input).toStrictEqual(copy);
  });

  it('teams and units may be left out', () => {
    const r = validateCatalogue({
      version: 1,
      organisation: { name: 'A', locale: 'en', timezone: 'UTC' },
      systems: [],
    });
    expect(r.ok && r.catalogue).toEqual({
      version: 1,
      organisation: { name: 'A', locale: 'en', timezone: 'UTC' },
      teams: [],
      units: [],
      systems: [],
    });
  });

  it('warns about remaining_hours on a system that is not being restored', () => {
    const r = validateCatalogue(
      file([sys('a', { remaining_hours: 3 }), sys('b', { status: 'restoring', remaining_hours: 0 })]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.warnings).toMatchObject([
      {
        field: 'systems[0] (a).remaining_hours',
        message: 'only used for a system that is restoring or verifying; ignored',
        systems: ['a'],
      },
    ]);
  });
});

describe('validateCatalogue: field paths', () => {
  it("uses DESIGN.md's form for teams, units, systems and nested fields", () => {
    const r = validateCatalogue(
      file(
        [
          sys('a'),
          sys('b'),
          sys('c'),
          sys('ad', { estimate_hours: { low: 'x', likely: 1, high: 2 }, rto_hours: 0, remaining_hours: -1 }),
        ],
        {
          teams: [{ id: 'infra', name: 'Infra', capacity: 0 }],
          units: [
            { id: 'it', name: 'IT', kind: 'office' },
            { id: 'ksk', name: 'KSK', kind: 'office', contacts: [{ phone: '1' }] },
            { id: 'soc', name: 'Soc', kind: 'agency' },
          ],
        },
      ),
    );
    expect(issuesOf(r).map((i) => i.field)).toEqual([
      'teams[0] (infra).capacity',
      'units[1] (ksk).contacts[0].name',
      'units[2] (soc).kind',
      'systems[3] (ad).rto_hours',
      'systems[3] (ad).estimate_hours.low',
      'systems[3] (ad).remaining_hours',
    ]);
    expect(issuesOf(r)[0].message).toBe('must be >= 1, got 0');
  });

  it('formats paths without an id when the record has none', () => {
    const root = { systems: [{ name: 'x' }], organisation: {} };
    expect(formatPath(root, ['systems', 0, 'id'])).toBe('systems[0].id');
    expect(formatPath(root, ['organisation', 'timezone'])).toBe('organisation.timezone');
    expect(formatPath(root, [])).toBe('');
  });

  it('checks capacity is an integer, society an integer 1–5, status and locale from their lists', () => {
    const r = validateCatalogue(
      file([sys('a', { society: 2.5, organisation: 0, status: 'broken' })], {
        organisation: { name: 'A', locale: 'de', timezone: 'Mars/Olympus' },
        teams: [{ id: 'infra', name: 'Infra', capacity: 1.5 }],
      }),
    );
    expect(issuesOf(r).map((i) => [i.field, i.message])).toEqual([
      ['organisation.locale', 'must be one of sv, en; got "de"'],
      ['teams[0] (infra).capacity', 'expected a whole number, got 1.5'],
      ['systems[0] (a).society', 'expected a whole number, got 2.5'],
      ['systems[0] (a).organisation', 'must be >= 1, got 0'],
      ['systems[0] (a).status', expect.stringMatching(/^must be one of unknown, down, restoring/)],
      ['organisation.timezone', 'unknown time zone "Mars/Olympus" (e.g. Europe/Stockholm)'],
    ]);
  });

  it('refuses a bare number as an id or a reference: quote it', () => {
    const r = validateCatalogue(
      file([sys('1'), { ...sys('b'), id: 2, depends_on: [1] }], { teams: [{ id: 7, name: 'T', capacity: 1 }] }),
    );
    const issues = issuesOf(r);
    for (const field of ['teams[0].id', 'systems[1].id', 'systems[1].depends_on[0]']) {
      expect(issues.find((i) => i.field === field)?.message).toMatch(/quote it/);
    }
  });

  it('is not fooled by input that is not a catalogue', () => {
    for (const bad of [null, 3, 'x', [], undefined]) {
      expect(issuesOf(validateCatalogue(bad))[0].message).toMatch(/expected a catalogue/);
    }
    const issues = issuesOf(validateCatalogue({ version: 2, organisation: 'x', systems: {} }));
    expect(issues.map((i) => i.field)).toEqual(['version', 'organisation', 'systems']);
  });
});

describe('validateCatalogue: rules across fields', () => {
  it('duplicate ids within each kind', () => {
    const r = validateCatalogue(
      file([sys('a'), sys('a')], {
        teams: [
          { id: 'infra', name: 'I', capacity: 1 },
          { id: 'infra', name: 'I2', capacity: 1 },
        ],
        units: [
          { id: 'it', name: 'IT', kind: 'office' },
          { id: 'it', name: 'IT', kind: 'office' },
        ],
      }),
    );
    expect(issuesOf(r).map((i) => [i.field, i.message])).toEqual([
      ['teams[1] (infra).id', 'duplicate id "infra": also teams[0]'],
      ['units[1] (it).id', 'duplicate id "it": also units[0]'],
      ['systems[1] (a).id', 'duplicate id "a": also systems[0]'],
    ]);
  });

  it('the same id in different kinds is fine', () => {
    expect(validateCatalogue(file([sys('infra', { owner: 'it', team: 'infra' }), sys('it')])).ok).toBe(true);
  });

  it('unknown owner, team and dependency', () => {
    const r = validateCatalogue(file([sys('a', { owner: 'nope', team: 'ghost', depends_on: ['zz'] })]));
    expect(issuesOf(r)).toMatchObject([
      { field: 'systems[0] (a).owner', message: 'unknown unit "nope"' },
      { field: 'systems[0] (a).team', message: 'unknown team "ghost"' },
      { field: 'systems[0] (a).depends_on[0]', message: 'unknown system "zz"', systems: ['a', 'zz'] },
    ]);
  });

  it('a dependency on itself or listed twice', () => {
    const r = validateCatalogue(file([sys('a'), sys('b', { depends_on: ['a', 'b', 'a'] })]));
    expect(issuesOf(r)).toMatchObject([
      { field: 'systems[1] (b).depends_on[1]', message: '"b" depends on itself', systems: ['b'] },
      { field: 'systems[1] (b).depends_on[2]', message: '"a" is listed twice', systems: ['b', 'a'] },
    ]);
  });

  it('a long list with a duplicate far apart is caught too', () => {
    const many = Array.from({ length: 40 }, (_, i) => sys(`s${i}`));
    const deps = [...many.map((s) => s.id as string), 's3'];
    const issues = issuesOf(validateCatalogue(file([...many, sys('top', { depends_on: deps })])));
    expect(issues).toMatchObject([
      { field: 'systems[40] (top).depends_on[40]', message: '"s3" is listed twice', systems: ['top', 's3'] },
    ]);
  });

  it('names every system on a cycle, in order, starting with the first in the file', () => {
    const r = validateCatalogue(
      file([
        sys('x'),
        sys('c', { depends_on: ['x', 'a'] }),
        sys('a', { depends_on: ['b'] }),
        sys('b', { depends_on: ['x', 'c'] }),
        sys('y', { depends_on: ['c'] }),
      ]),
    );
    expect(issuesOf(r)).toMatchObject([
      {
        field: 'systems[1] (c).depends_on[1]',
        message: 'dependency cycle: c -> a -> b -> c',
        systems: ['c', 'a', 'b'],
      },
    ]);
  });

  it('reports separate cycles separately', () => {
    const r = validateCatalogue(
      file([
        sys('a', { depends_on: ['b'] }),
        sys('b', { depends_on: ['a'] }),
        sys('p', { depends_on: ['a', 'q'] }),
        sys('q', { depends_on: ['p'] }),
      ]),
    );
    expect(issuesOf(r).map((i) => i.systems)).toEqual([
      ['a', 'b'],
      ['p', 'q'],
    ]);
  });

  it('finds a cycle through 200,000 systems without overflowing the stack', () => {
    const n = 200_000;
    const systems = Array.from({ length: n }, (_, i) => sys(`s${i}`, { depends_on: [`s${(i + 1) % n}`] }));
    const issues = issuesOf(validateCatalogue(file(systems)));
    expect(issues).toHaveLength(1);
    expect(issues[0].systems).toHaveLength(n);
    expect(issues[0].systems?.slice(0, 3)).toEqual(['s0', 's1', 's2']);
    expect(issues[0].field).toBe('systems[0] (s0).depends_on[0]');
  });

  it('a long chain without a cycle is valid', () => {
    const n = 100_000;
    const systems = Array.from({ length: n }, (_, i) => sys(`s${i}`, i > 0 ? { depends_on: [`s${i - 1}`] } : {}));
    expect(validateCatalogue(file(systems)).ok).toBe(true);
  });

  it('estimates must be ordered low <= likely <= high and not negative', () => {
    const r = validateCatalogue(
      file([
        sys('a', { estimate_hours: { low: 5, likely: 3, high: 9 } }),
        sys('b', { estimate_hours: { low: 1, likely: 3, high: 2 } }),
        sys('c', { estimate_hours: { low: -1, likely: 3, high: 4 } }),
        sys('d', { estimate_hours: -2 }),
        sys('e', { estimate_hours: { low: 1, likely: 2 } }),
        sys('f', { estimate_hours: 'soon' }),
        sys('g', { estimate_hours: { low: 0, likely: 0, high: 0 } }),
      ]),
    );
    expect(issuesOf(r).map((i) => [i.field, i.message])).toEqual([
      ['systems[2] (c).estimate_hours.low', 'must be >= 0, got -1'],
      ['systems[3] (d).estimate_hours', 'must be >= 0, got -2'],
      ['systems[4] (e).estimate_hours.high', 'is required'],
      ['systems[5] (f).estimate_hours', 'expected {low, likely, high} or one number of hours, got "soon"'],
      ['systems[0] (a).estimate_hours.low', 'low (5) must not exceed likely (3)'],
      ['systems[1] (b).estimate_hours.high', 'high (2) must not be below likely (3)'],
    ]);
  });

  it('bounds hours and capacity so that plans stay within what a date can hold', () => {
    const r = validateCatalogue({
      ...file([
        sys('a', { estimate_hours: 1e9 }),
        sys('b', { estimate_hours: { low: 1, likely: 2, high: 200_000 } }),
        sys('c', { rto_hours: 1e6 }),
        sys('d', { estimate_hours: 100_000, rto_hours: 100_000 }),
      ]),
      teams: [{ id: 't', name: 'T', capacity: 5000 }],
    });
    expect(issuesOf(r).map((i) => [i.field, i.message])).toEqual([
      ['teams[0] (t).capacity', 'must be <= 1000, got 5000'],
      ['systems[0] (a).estimate_hours', 'must be <= 100000, got 1000000000'],
      ['systems[1] (b).estimate_hours.high', 'must be <= 100000, got 200000'],
      ['systems[2] (c).rto_hours', 'must be <= 100000, got 1000000'],
    ]);
  });

  it(`lists at most ${MAX_ISSUES} issues and says there were more`, () => {
    const systems = Array.from({ length: 100 }, (_, i) => sys(`s${i}`, { team: 'nope' }));
    const issues = issuesOf(validateCatalogue(file(systems)));
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues[MAX_ISSUES]).toMatchObject({
      field: '',
      message: `too many issues: only the first ${MAX_ISSUES} are listed`,
    });
  });
});

describe('validateCatalogue: cycles, property', () => {
  const graph = fc
    .integer({ min: 1, max: 12 })
    .chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
      ),
    );

  /** Whether the graph has a cycle, by repeatedly removing systems with no remaining dependency. */
  function hasCycle(deps: number[][]): boolean {
    const left = new Set(deps.keys());
    for (let changed = true; changed; ) {
      changed = false;
      for (const i of left) {
        if (deps[i].every((d) => !left.has(d))) {
          left.delete(i);
          changed = true;
        }
      }
    }
    return left.size > 0;
  }

  it('reports a cycle exactly when there is one, and every reported cycle is real', () => {
    fc.assert(
      fc.property(graph, ([n, raw]) => {
        const deps = raw.map((list, i) => list.filter((d) => d !== i));
        const systems = deps.map((list, i) => sys(`s${i}`, { depends_on: list.map((d) => `s${d}`) }));
        const r = validateCatalogue(file(systems));
        expect(r.ok).toBe(!hasCycle(deps));
        if (r.ok) return;
        for (const issue of r.issues) {
          const ids = (issue.systems ?? []).map((x) => Number(x.slice(1)));
          expect(issue.message).toBe(`dependency cycle: ${[...ids, ids[0]].map((i) => `s${i}`).join(' -> ')}`);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids[0]).toBe(Math.min(...ids));
          ids.forEach((from, k) => {
            expect(deps[from]).toContain(ids[(k + 1) % ids.length]);
          });
          expect(ids.length).toBeLessThanOrEqual(n);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('IdIndex', () => {
  it('behaves like a Map that keeps the first value, also when the table overflows into its fallback', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 300 }),
        (keys, capacity) => {
          const index = new IdIndex(capacity);
          const map = new Map<string, number>();
          keys.forEach((k, i) => {
            if (!map.has(k)) map.set(k, i);
            expect(index.addIfAbsent(k, i)).toBe(map.get(k));
          });
          for (const k of [...keys, 'absent-key', '']) {
            expect(index.get(k)).toBe(map.get(k));
            expect(index.has(k)).toBe(map.has(k));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('validateCatalogue: public_help', () => {
  it('takes a text, or ISO 639-1 language → text, for a system with a public_name', () => {
    const help = { sv: 'Ring 0123-45 67 89', en: 'Call 0123-45 67 89' };
    const r = validateCatalogue(
      file([
        sys('a', { public_name: 'E-tjänster', public_help: help }),
        sys('b', { public_name: 'B', public_help: 'x' }),
      ]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.systems[0].public_help).toStrictEqual(help);
    expect(r.catalogue.systems[1].public_help).toBe('x');
  });

  it('refuses it without a public_name, naming systems[i].public_help', () => {
    const issues = issuesOf(validateCatalogue(file([sys('a'), sys('b', { public_help: 'Ring oss' })])));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'systems[1] (b).public_help', key: 'err.issue.helpWithoutPublicName' });
  });

  it('refuses a key that is no ISO 639-1 code, an empty text and an empty map', () => {
    for (const public_help of [{ svenska: 'x' }, { sv: '' }, {}, '', { sv: 3 }]) {
      const issues = issuesOf(validateCatalogue(file([sys('a', { public_name: 'A', public_help })])));
      expect(issues[0].field, JSON.stringify(public_help)).toMatch(/^systems\[0\] \(a\)\.public_help/);
    }
  });
});
