import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INSTANT_PATTERN_SOURCE, MAX_HOURS } from './schema.js';
import { type CatalogueIssue, SYSTEM_KINDS, SYSTEM_STATUSES } from './types.js';
import {
  formatPath,
  IdIndex,
  MAX_ISSUES,
  type ValidationResult,
  validateCatalogue,
  validateCatalogueWith,
} from './validate.js';

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

/** The one issue of a catalogue: field, English text, key and parameters, nothing else. */
function onlyIssue(r: ValidationResult): CatalogueIssue {
  const issues = issuesOf(r);
  expect(issues).toHaveLength(1);
  return issues[0];
}

describe('validateCatalogue: shape messages, in full', () => {
  const statuses = SYSTEM_STATUSES.join(', ');
  const badIdText =
    'is not a valid id: use 1 to 64 lower-case letters, digits and "-", starting with a letter or digit';
  const helpText = 'expected a text, or a map of ISO 639-1 language (sv, en…) to text, got';
  const estimateText = 'expected {low, likely, high} or one number of hours, got';

  // [what, catalogue, the issue it gets]: the field, the key, the parameters and the English text.
  it.each<[string, Rec, CatalogueIssue]>([
    [
      'a missing field',
      file([{ id: 'a', kind: 'platform' }]),
      { field: 'systems[0] (a).name', message: 'is required', key: 'err.issue.required' },
    ],
    [
      'an unknown field',
      file([sys('a', { colour: 'red' })]),
      { field: 'systems[0] (a).colour', message: 'unknown field', key: 'err.issue.unknownField' },
    ],
    [
      'a number for a text',
      file([sys('a', { name: 5 })]),
      {
        field: 'systems[0] (a).name',
        message: 'expected text, got 5',
        key: 'err.issue.expectedText',
        params: { value: '5' },
      },
    ],
    [
      'null for a text',
      file([sys('a', { name: null })]),
      {
        field: 'systems[0] (a).name',
        message: 'expected text, got null',
        key: 'err.issue.expectedText',
        params: { value: 'null' },
      },
    ],
    [
      'a boolean for an id: text expected, it is no bare number',
      file([sys('a', { team: true })]),
      {
        field: 'systems[0] (a).team',
        message: 'expected text, got true',
        key: 'err.issue.expectedText',
        params: { value: 'true' },
      },
    ],
    ...(['owner', 'team'] as const).map((key): [string, Rec, CatalogueIssue] => [
      `a bare number as ${key}`,
      file([sys('a', { [key]: 5 })]),
      {
        field: `systems[0] (a).${key}`,
        message: 'a bare number (5) is not an id: quote it',
        key: 'err.issue.bareNumberId',
        params: { value: 5 },
      },
    ]),
    [
      'a bare number as a gate',
      file([sys('a', { gates: ['patched', 7] })]),
      {
        field: 'systems[0] (a).gates[1]',
        message: 'a bare number (7) is not an id: quote it',
        key: 'err.issue.bareNumberId',
        params: { value: 7 },
      },
    ],
    [
      'an empty text',
      file([sys('a', { name: '' })]),
      { field: 'systems[0] (a).name', message: 'must not be empty', key: 'err.issue.empty' },
    ],
    [
      'a bad id',
      file([], { teams: [{ id: 'Infra', name: 'I', capacity: 1 }] }),
      {
        field: 'teams[0] (Infra).id',
        message: `"Infra" ${badIdText}`,
        key: 'err.issue.badId',
        params: { value: '"Infra"' },
      },
    ],
    [
      'a text that does not match another pattern',
      file([sys('a', { status_history: [{ status: 'down', at: 'soon' }] })]),
      {
        field: 'systems[0] (a).status_history[0].at',
        message: `"soon" must match ${INSTANT_PATTERN_SOURCE}`,
        key: 'err.issue.pattern',
        params: { value: '"soon"', pattern: INSTANT_PATTERN_SOURCE },
      },
    ],
    [
      'a text for a number',
      file([sys('a', { remaining_hours: 'x' })]),
      {
        field: 'systems[0] (a).remaining_hours',
        message: 'expected a number, got "x"',
        key: 'err.issue.expectedNumber',
        params: { value: '"x"' },
      },
    ],
    [
      'NaN for a number',
      file([sys('a', { rto_hours: Number.NaN })]),
      {
        field: 'systems[0] (a).rto_hours',
        message: 'expected a number, got NaN',
        key: 'err.issue.expectedNumber',
        params: { value: 'NaN' },
      },
    ],
    [
      'a fraction for a whole number',
      file([sys('a', { society: 2.5 })]),
      {
        field: 'systems[0] (a).society',
        message: 'expected a whole number, got 2.5',
        key: 'err.issue.expectedInteger',
        params: { value: '2.5' },
      },
    ],
    [
      'Infinity for a whole number (written as a number, not as JSON would)',
      file([sys('a', { society: Number.POSITIVE_INFINITY })]),
      {
        field: 'systems[0] (a).society',
        message: 'expected a whole number, got Infinity',
        key: 'err.issue.expectedInteger',
        params: { value: 'Infinity' },
      },
    ],
    [
      'a number below its minimum',
      file([sys('a', { society: 0 })]),
      {
        field: 'systems[0] (a).society',
        message: 'must be >= 1, got 0',
        key: 'err.issue.minimum',
        params: { limit: '1', value: '0' },
      },
    ],
    [
      'a number above its maximum',
      file([sys('a', { society: 6 })]),
      {
        field: 'systems[0] (a).society',
        message: 'must be <= 5, got 6',
        key: 'err.issue.maximum',
        params: { limit: '5', value: '6' },
      },
    ],
    [
      'a number at its exclusive minimum',
      file([sys('a', { rto_hours: 0 })]),
      {
        field: 'systems[0] (a).rto_hours',
        message: 'must be > 0, got 0',
        key: 'err.issue.exclusiveMinimum',
        params: { limit: '0', value: '0' },
      },
    ],
    [
      'a text for a list',
      file([sys('a', { depends_on: 'b' })]),
      {
        field: 'systems[0] (a).depends_on',
        message: 'expected a list, got "b"',
        key: 'err.issue.expectedList',
        params: { value: '"b"' },
      },
    ],
    [
      'a map for a list',
      file([sys('a')], { units: {} }),
      {
        field: 'units',
        message: 'expected a list, got a map',
        key: 'err.issue.expectedList',
        params: { value: 'a map' },
      },
    ],
    [
      'a list for a map',
      file([sys('a')], { organisation: [] }),
      {
        field: 'organisation',
        message: 'expected a map, got a list',
        key: 'err.issue.expectedMap',
        params: { value: 'a list' },
      },
    ],
    [
      'a number for a map',
      file([sys('a', { status_history: [5] })]),
      {
        field: 'systems[0] (a).status_history[0]',
        message: 'expected a map, got 5',
        key: 'err.issue.expectedMap',
        params: { value: '5' },
      },
    ],
    [
      'another version',
      file([sys('a')], { version: 2 }),
      {
        field: 'version',
        message: 'must be 1, got 2',
        key: 'err.issue.literal',
        params: { expected: '1', value: '2' },
      },
    ],
    [
      'a word that is not on the list',
      file([sys('a')], { organisation: { name: 'A', locale: 'de', timezone: 'UTC' } }),
      {
        field: 'organisation.locale',
        message: 'must be one of sv, en; got "de"',
        key: 'err.issue.oneOf',
        params: { choices: 'sv, en', value: '"de"' },
      },
    ],
    [
      'a map for a word from a list: the choices, not the first choice',
      file([sys('a', { status: {} })]),
      {
        field: 'systems[0] (a).status',
        message: `must be one of ${statuses}; got a map`,
        key: 'err.issue.oneOf',
        params: { choices: statuses, value: 'a map' },
      },
    ],
    [
      'an empty public_help',
      file([sys('a', { public_name: 'A', public_help: '' })]),
      {
        field: 'systems[0] (a).public_help',
        message: `${helpText} ""`,
        key: 'err.issue.publicHelp',
        params: { value: '""' },
      },
    ],
    [
      'a list for public_help',
      file([sys('a', { public_name: 'A', public_help: ['x'] })]),
      {
        field: 'systems[0] (a).public_help',
        message: `${helpText} a list`,
        key: 'err.issue.publicHelp',
        params: { value: 'a list' },
      },
    ],
    [
      'a text for an estimate',
      file([sys('a', { estimate_hours: 'soon' })]),
      {
        field: 'systems[0] (a).estimate_hours',
        message: `${estimateText} "soon"`,
        key: 'err.issue.estimate',
        params: { value: '"soon"' },
      },
    ],
    [
      'null for an estimate',
      file([sys('a', { estimate_hours: null })]),
      {
        field: 'systems[0] (a).estimate_hours',
        message: `${estimateText} null`,
        key: 'err.issue.estimate',
        params: { value: 'null' },
      },
    ],
    [
      'a negative one-number estimate',
      file([sys('a', { estimate_hours: -2 })]),
      {
        field: 'systems[0] (a).estimate_hours',
        message: 'must be >= 0, got -2',
        key: 'err.issue.minimum',
        params: { limit: 0, value: -2 },
      },
    ],
    [
      'a one-number estimate just past MAX_HOURS',
      file([sys('a', { estimate_hours: MAX_HOURS + 1 })]),
      {
        field: 'systems[0] (a).estimate_hours',
        message: `must be <= ${MAX_HOURS}, got ${MAX_HOURS + 1}`,
        key: 'err.issue.maximum',
        params: { limit: MAX_HOURS, value: MAX_HOURS + 1 },
      },
    ],
  ])('%s', (_, input, expected) => {
    expect(onlyIssue(validateCatalogue(input))).toStrictEqual(expected);
  });

  it('quotes a text of up to 40 characters whole and cuts a longer one at 40 with "…"', () => {
    const choices = SYSTEM_KINDS.join(', ');
    const kindIssue = (kind: string) => onlyIssue(validateCatalogue(file([sys('a', { kind })])));
    expect(kindIssue('k'.repeat(40))).toStrictEqual({
      field: 'systems[0] (a).kind',
      message: `must be one of ${choices}; got "${'k'.repeat(40)}"`,
      key: 'err.issue.oneOf',
      params: { choices, value: `"${'k'.repeat(40)}"` },
    });
    expect(kindIssue(`${'k'.repeat(40)}z`).params).toStrictEqual({ choices, value: `"${'k'.repeat(40)}…"` });
  });

  it.each<[unknown, string]>([
    [undefined, 'nothing'],
    [null, 'null'],
    [[], 'a list'],
    ['x', '"x"'],
    [3, '3'],
  ])('refuses %j as a whole file, naming what it got', (input, value) => {
    expect(onlyIssue(validateCatalogue(input))).toStrictEqual({
      field: '',
      message: `expected a catalogue (a map with version, organisation, teams, units and systems), got ${value}`,
      key: 'err.issue.notCatalogue',
      params: { value },
    });
  });

  it('reports an entry that is null rather than failing on it', () => {
    const r = validateCatalogue(file([], { teams: [null], systems: [null, sys('a', { status_history: [null] })] }));
    const expectedMap = {
      message: 'expected a map, got null',
      key: 'err.issue.expectedMap',
      params: { value: 'null' },
    };
    expect(issuesOf(r)).toStrictEqual([
      { field: 'teams[0]', ...expectedMap },
      { field: 'systems[0]', ...expectedMap },
      { field: 'systems[1] (a).status_history[0]', ...expectedMap },
    ]);
  });
});

describe('validateCatalogue: field paths from the schema', () => {
  it('unescapes "/" and "~" in a field name and keeps a field named by digits a name', () => {
    const r = validateCatalogue(file([sys('a')], { 'a/b': 1, 'c~d': 2, '5': 3 }));
    const unknown = { message: 'unknown field', key: 'err.issue.unknownField' };
    expect(issuesOf(r)).toStrictEqual([
      { field: '5', ...unknown },
      { field: 'a/b', ...unknown },
      { field: 'c~d', ...unknown },
    ]);
  });

  it('names list entries past the ninth by their index', () => {
    const systems = Array.from({ length: 11 }, (_, i) => sys(`s${i}`, i === 10 ? { name: '' } : {}));
    expect(onlyIssue(validateCatalogue(file(systems))).field).toBe('systems[10] (s10).name');
  });

  it.each<[string, Rec, (string | number)[], string]>([
    [
      'a nested list entry',
      { systems: [{ id: 'a', status_history: [{ id: 'x' }] }] },
      ['systems', 0, 'status_history', 0, 'at'],
      'systems[0] (a).status_history[0].at',
    ],
    ['a list that is not teams, units or systems', { other: [{ id: 'x' }] }, ['other', 0, 'y'], 'other[0].y'],
    ['an entry that is null', { systems: [null] }, ['systems', 0, 'id'], 'systems[0].id'],
    ['an id that is no text', { systems: [{ id: 5 }] }, ['systems', 0, 'id'], 'systems[0].id'],
    ['an empty id', { units: [{ id: '' }] }, ['units', 0, 'id'], 'units[0].id'],
  ])('names a record by its id only at the top: %s', (_, root, path, field) => {
    expect(formatPath(root, path)).toBe(field);
  });
});

describe('validateCatalogue: rule messages, in full', () => {
  it.each<[string, Rec, CatalogueIssue[]]>([
    [
      'an unknown time zone',
      file([sys('a')], { organisation: { name: 'A', locale: 'sv', timezone: 'Mars/Olympus' } }),
      [
        {
          field: 'organisation.timezone',
          message: 'unknown time zone "Mars/Olympus" (e.g. Europe/Stockholm)',
          key: 'err.issue.timezone',
          params: { value: 'Mars/Olympus' },
        },
      ],
    ],
    [
      'a duplicate id',
      file([sys('a'), sys('a')]),
      [
        {
          field: 'systems[1] (a).id',
          message: 'duplicate id "a": also systems[0]',
          key: 'err.issue.duplicateId',
          params: { id: 'a', other: 'systems[0]' },
        },
      ],
    ],
    [
      'an unknown owner and team',
      file([sys('a', { owner: 'nope', team: 'ghost' })]),
      [
        {
          field: 'systems[0] (a).owner',
          message: 'unknown unit "nope"',
          key: 'err.issue.unknownUnit',
          params: { id: 'nope' },
        },
        {
          field: 'systems[0] (a).team',
          message: 'unknown team "ghost"',
          key: 'err.issue.unknownTeam',
          params: { id: 'ghost' },
        },
      ],
    ],
    [
      'public_help without a public_name',
      file([sys('a', { public_help: 'Ring oss' })]),
      [
        {
          field: 'systems[0] (a).public_help',
          message: 'only for a system with a public_name',
          key: 'err.issue.helpWithoutPublicName',
        },
      ],
    ],
    [
      'a dependency on itself, listed twice, unknown',
      file([sys('a'), sys('b', { depends_on: ['a', 'b', 'a', 'zz'] })]),
      [
        {
          field: 'systems[1] (b).depends_on[1]',
          message: '"b" depends on itself',
          key: 'err.issue.selfDependency',
          params: { id: 'b' },
          systems: ['b'],
        },
        {
          field: 'systems[1] (b).depends_on[2]',
          message: '"a" is listed twice',
          key: 'err.issue.listedTwice',
          params: { id: 'a' },
          systems: ['b', 'a'],
        },
        {
          field: 'systems[1] (b).depends_on[3]',
          message: 'unknown system "zz"',
          key: 'err.issue.unknownSystem',
          params: { id: 'zz' },
          systems: ['b', 'zz'],
        },
      ],
    ],
    [
      'dependencies of a system whose id is no text name only the dependency',
      file([{ ...sys('a'), id: 5, depends_on: ['zz', 'zz'] }]),
      [
        {
          field: 'systems[0].id',
          message: 'a bare number (5) is not an id: quote it',
          key: 'err.issue.bareNumberId',
          params: { value: 5 },
        },
        {
          field: 'systems[0].depends_on[0]',
          message: 'unknown system "zz"',
          key: 'err.issue.unknownSystem',
          params: { id: 'zz' },
          systems: ['zz'],
        },
        {
          field: 'systems[0].depends_on[1]',
          message: '"zz" is listed twice',
          key: 'err.issue.listedTwice',
          params: { id: 'zz' },
          systems: ['zz'],
        },
      ],
    ],
    [
      'low above likely',
      file([sys('a', { estimate_hours: { low: 5, likely: 3, high: 9 } })]),
      [
        {
          field: 'systems[0] (a).estimate_hours.low',
          message: 'low (5) must not exceed likely (3)',
          key: 'err.issue.lowAboveLikely',
          params: { low: 5, likely: 3 },
        },
      ],
    ],
    [
      'high below likely',
      file([sys('a', { estimate_hours: { low: 1, likely: 3, high: 2 } })]),
      [
        {
          field: 'systems[0] (a).estimate_hours.high',
          message: 'high (2) must not be below likely (3)',
          key: 'err.issue.highBelowLikely',
          params: { high: 2, likely: 3 },
        },
      ],
    ],
    [
      'high below low, with likely below both',
      file([sys('a', { estimate_hours: { low: 3, likely: 1, high: 2 } })]),
      [
        {
          field: 'systems[0] (a).estimate_hours.low',
          message: 'low (3) must not exceed likely (1)',
          key: 'err.issue.lowAboveLikely',
          params: { low: 3, likely: 1 },
        },
        {
          field: 'systems[0] (a).estimate_hours.high',
          message: 'high (2) must not be below low (3)',
          key: 'err.issue.highBelowLow',
          params: { high: 2, low: 3 },
        },
      ],
    ],
    [
      'a date that does not exist in a status history',
      file([sys('a', { status_history: [{ status: 'down', at: '2026-02-30T08:00:00Z' }] })]),
      [
        {
          field: 'systems[0] (a).status_history[0].at',
          message: 'not an instant: "2026-02-30T08:00:00Z"',
          key: 'err.issue.badInstant',
          params: { value: '2026-02-30T08:00:00Z' },
        },
      ],
    ],
    [
      'a status history out of time order',
      file([
        sys('a', {
          status_history: [
            { status: 'down', at: '2026-11-30T09:00:00+01:00' },
            { status: 'restoring', at: '2026-11-30T07:59:00Z' },
          ],
        }),
      ]),
      [
        {
          field: 'systems[0] (a).status_history[1].at',
          message: 'earlier than the entry before it: the history must be in time order',
          key: 'err.issue.historyOrder',
        },
      ],
    ],
    [
      'a dependency cycle',
      file([sys('a', { depends_on: ['b'] }), sys('b', { depends_on: ['a'] })]),
      [
        {
          field: 'systems[0] (a).depends_on[0]',
          message: 'dependency cycle: a -> b -> a',
          key: 'err.issue.cycle',
          params: { cycle: 'a -> b -> a' },
          systems: ['a', 'b'],
        },
      ],
    ],
  ])('%s', (_, input, expected) => {
    expect(issuesOf(validateCatalogue(input))).toStrictEqual(expected);
  });

  it.each<[string, Rec]>([
    ['low', { low: 'x', likely: 5, high: 2 }],
    ['likely', { low: 5, likely: 'x', high: 2 }],
    ['high', { low: 5, likely: 2, high: 'x' }],
  ])('compares no estimate whose %s is not a number', (part, estimate_hours) => {
    expect(onlyIssue(validateCatalogue(file([sys('a', { estimate_hours })])))).toStrictEqual({
      field: `systems[0] (a).estimate_hours.${part}`,
      message: 'expected a number, got "x"',
      key: 'err.issue.expectedNumber',
      params: { value: '"x"' },
    });
  });

  it('takes equal estimate points and equal history instants as in order', () => {
    const r = validateCatalogue(
      file([
        sys('a', {
          estimate_hours: { low: 3, likely: 3, high: 3 },
          status_history: [
            { status: 'down', at: '2026-11-30T08:00:00Z' },
            { status: 'restoring', at: '2026-11-30T09:00:00+01:00' },
          ],
        }),
      ]),
    );
    expect(r.ok).toBe(true);
  });

  it('warns about remaining_hours unless the system is restoring or verifying', () => {
    const r = validateCatalogue(
      file([
        sys('a', { status: 'verifying', remaining_hours: 2 }),
        sys('b', { status: 'restoring', remaining_hours: 2 }),
        sys('c', { status: 'limited', remaining_hours: 2 }),
      ]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.warnings).toStrictEqual([
      {
        field: 'systems[2] (c).remaining_hours',
        message: 'only used for a system that is restoring or verifying; ignored',
        key: 'err.issue.remainingIgnored',
        systems: ['c'],
      },
    ]);
  });
});

describe('validateCatalogue: cycles in a knot', () => {
  it('walks a knot from its first system in the file, not from where the search entered it', () => {
    // One knot of two loops, k1 <-> k2 and k3 <-> k4, entered at k3: the loop through k1 is named.
    const r = validateCatalogue(
      file([
        sys('top', { depends_on: ['k3'] }),
        sys('k1', { depends_on: ['k2'] }),
        sys('k2', { depends_on: ['k1', 'k3'] }),
        sys('k3', { depends_on: ['k4'] }),
        sys('k4', { depends_on: ['k3', 'k1'] }),
      ]),
    );
    expect(issuesOf(r).map((i) => [i.field, i.message])).toEqual([
      ['systems[1] (k1).depends_on[0]', 'dependency cycle: k1 -> k2 -> k1'],
    ]);
  });

  it('reports knots in file order, also when the first depends on a later one', () => {
    const r = validateCatalogue(
      file([
        sys('a', { depends_on: ['b', 'p'] }),
        sys('b', { depends_on: ['a'] }),
        sys('p', { depends_on: ['q'] }),
        sys('q', { depends_on: ['p'] }),
      ]),
    );
    expect(issuesOf(r).map((i) => i.message)).toEqual([
      'dependency cycle: a -> b -> a',
      'dependency cycle: p -> q -> p',
    ]);
  });
});

describe('validateCatalogue: the issue list', () => {
  it(`keeps ${MAX_ISSUES} issues found before validation and says there were more`, () => {
    const prior = Array.from({ length: MAX_ISSUES + 1 }, (_, i) => ({
      field: `systems[${i}].name`,
      message: 'bad cell',
      key: 'err.csv.cell',
    }));
    const issues = issuesOf(validateCatalogueWith(file([sys('a')]), undefined, { prior }));
    expect(issues).toStrictEqual([
      ...prior.slice(0, MAX_ISSUES),
      {
        field: '',
        message: `too many issues: only the first ${MAX_ISSUES} are listed`,
        key: 'err.issue.tooMany',
        params: { max: MAX_ISSUES },
      },
    ]);
  });

  // A rule must not report again a field the schema has reported: at exactly MAX_ISSUES issues
  // such a second report, though dropped, would add a false "too many issues" line.
  it.each<[string, Rec, Rec[], number]>([
    [
      'teams without ids',
      {
        teams: [
          { name: 'A', capacity: 1 },
          { name: 'B', capacity: 1 },
        ],
      },
      [],
      2,
    ],
    ['a time zone that is no text', { organisation: { name: 'A', locale: 'sv', timezone: 5 } }, [], 1],
    ['a dependency that is no text', {}, [sys('x', { depends_on: [5] })], 1],
    ['an instant that is no text', {}, [sys('x', { status_history: [{ status: 'down', at: 5 }] })], 1],
  ])(`lists exactly ${MAX_ISSUES} issues with no "too many" line: %s`, (_, extra, systems, own) => {
    const fill = Array.from({ length: MAX_ISSUES - own }, (_, i) => sys(`s${i}`, { name: '' }));
    const issues = issuesOf(validateCatalogue(file([...systems, ...fill], extra)));
    expect(issues).toHaveLength(MAX_ISSUES);
    expect(issues.filter((i) => i.key === 'err.issue.tooMany')).toEqual([]);
  });

  it('gives the line of the value, else of the nearest record above it, else of the file', () => {
    const lines = new Map([
      ['', 1],
      ['systems/0', 10],
      ['systems/0/team', 12],
    ]);
    const locate = (path: (string | number)[]) => lines.get(path.join('/'));
    const r = validateCatalogue(file([sys('a', { team: 'nope' }), sys('b', { name: '' })], { colour: 'red' }), locate);
    expect(issuesOf(r).map((i) => [i.field, i.line])).toEqual([
      ['colour', 1],
      ['systems[1] (b).name', 1],
      ['systems[0] (a).team', 12],
    ]);
    expect(onlyIssue(validateCatalogue('x', locate)).line).toBe(1);
  });
});

/** The slot IdIndex's FNV-1a hash gives a key in a table of `size` slots. */
function slotOf(key: string, size: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & (size - 1);
}

describe('IdIndex: keys crafted to collide', () => {
  it('keeps every key and its first value when a full table of 16 falls back to a Map', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    // Looked up in a full table, a key that is not there probes every slot and must still end.
    const looked = new IdIndex(1);
    keys.slice(0, 16).forEach((k, i) => {
      expect(looked.addIfAbsent(k, i)).toBe(i);
    });
    expect(looked.get('absent')).toBeUndefined();
    // Added to a full table, the 17th key probes every slot and must still be added.
    const index = new IdIndex(1);
    keys.forEach((k, i) => {
      expect(index.addIfAbsent(k, i)).toBe(i);
    });
    keys.forEach((k, i) => {
      expect(index.addIfAbsent(k, 99)).toBe(i);
      expect(index.get(k)).toBe(i);
    });
    expect(index.has('absent')).toBe(false);
  });

  it('keeps using the Map after more than 32 probes, though the table still has room', () => {
    const size = 64; // new IdIndex(20): the first power of two from 16 up to at least 40
    const colliding: string[] = [];
    let elsewhere = '';
    for (let i = 0; colliding.length < 33 || !elsewhere; i++) {
      const key = `c${i}`;
      const slot = slotOf(key, size);
      if (slot === 0 && colliding.length < 33) colliding.push(key);
      else if (slot === 40 && !elsewhere) elsewhere = key;
    }
    const index = new IdIndex(20);
    colliding.forEach((k, i) => {
      expect(index.addIfAbsent(k, i)).toBe(i);
    });
    // Slot 40 is free, but the key must go where get looks for it now: into the Map.
    expect(index.addIfAbsent(elsewhere, 100)).toBe(100);
    expect(index.addIfAbsent(elsewhere, 101)).toBe(100);
    expect(index.get(elsewhere)).toBe(100);
    colliding.forEach((k, i) => {
      expect(index.get(k)).toBe(i);
      expect(index.addIfAbsent(k, 999)).toBe(i);
    });
    expect(index.get('absent')).toBeUndefined();
  });
});

describe('validateCatalogue: public_help says what is wrong with it', () => {
  const help = (public_help: unknown) =>
    issuesOf(validateCatalogue(file([sys('a', { public_name: 'A', public_help })]))).map((i) => [
      i.field,
      i.key,
      i.message,
    ]);
  const expected = (got: string) => `expected a text, or a map of ISO 639-1 language (sv, en…) to text, got ${got}`;

  it.each<[string, unknown, string[][]]>([
    ['a number', 5, [['systems[0] (a).public_help', 'err.issue.publicHelp', expected('5')]]],
    ['a list', ['x'], [['systems[0] (a).public_help', 'err.issue.publicHelp', expected('a list')]]],
    ['an empty map', {}, [['systems[0] (a).public_help', 'err.issue.publicHelp', expected('a map')]]],
    [
      'a language that is no ISO 639-1 code',
      { svenska: 'x' },
      [['systems[0] (a).public_help.svenska', 'err.issue.unknownField', 'unknown field']],
    ],
    [
      'a language whose text is a number',
      { sv: 5 },
      [['systems[0] (a).public_help.sv', 'err.issue.expectedText', 'expected text, got 5']],
    ],
  ])('%s', (_, value, issues) => {
    expect(help(value)).toStrictEqual(issues);
  });
});
