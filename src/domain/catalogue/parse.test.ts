import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, formatIssue, formatOfFileName, type ParseResult, parseCatalogueText } from './parse.js';
import type { CatalogueIssue } from './types.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8');
const parseFixture = (name: string): ParseResult => parseCatalogueText(fixture(name), name);

function issuesOf(r: ParseResult): CatalogueIssue[] {
  if (r.ok) throw new Error('expected issues, got a valid catalogue');
  return r.issues;
}

function issueAt(r: ParseResult, field: string): CatalogueIssue {
  const found = issuesOf(r).find((i) => i.field === field);
  if (!found) throw new Error(`no issue at ${field}: ${JSON.stringify(issuesOf(r))}`);
  return found;
}

describe('parseCatalogueText: the reference catalogue', () => {
  it('parses exempelstad.yaml with no issues and no warnings', () => {
    const r = parseFixture('exempelstad.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.warnings).toEqual([]);
    expect(r.catalogue.organisation).toEqual({
      name: 'Exempelstad kommun',
      locale: 'sv',
      timezone: 'Europe/Stockholm',
    });
    expect(r.catalogue.systems.length).toBeGreaterThanOrEqual(55);
    expect(r.catalogue.teams.map((t) => t.id)).toEqual(['infra', 'platform', 'apps', 'vendor']);
    const ad = r.catalogue.systems.find((s) => s.id === 'ad');
    expect(ad).toEqual({
      id: 'ad',
      name: 'Active Directory (katalogtjänst)',
      kind: 'infrastructure',
      owner: 'it',
      team: 'infra',
      depends_on: ['dns-dhcp', 'virtualisation'],
      society: 4,
      organisation: 5,
      rto_hours: 24,
      estimate_hours: { low: 24, likely: 48, high: 120 },
    });
    // Defaults: no depends_on gives [], units without contacts get [].
    expect(r.catalogue.systems[0].depends_on).toEqual([]);
    expect(r.catalogue.units[0].contacts).toEqual([]);
  });
});

describe('parseCatalogueText: bad YAML catalogues name the field and the line', () => {
  it('a dependency cycle names every system on it, in order', () => {
    const r = parseFixture('bad/cycle.yaml');
    const issues = issuesOf(r);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      field: 'systems[1] (ad).depends_on[1]',
      line: 14,
      message: 'dependency cycle: ad -> dns -> storage -> ad',
      systems: ['ad', 'dns', 'storage'],
    });
  });

  it('an unknown dependency', () => {
    const i = issueAt(parseFixture('bad/unknown-dependency.yaml'), 'systems[1] (email).depends_on[1]');
    expect(i.line).toBe(9);
    expect(i.message).toBe('unknown system "exchange"');
    expect(i.systems).toEqual(['email', 'exchange']);
  });

  it('a duplicate id points at the second one and names the first', () => {
    const r = parseFixture('bad/duplicate-id.yaml');
    expect(issuesOf(r)).toHaveLength(1);
    const i = issueAt(r, 'systems[2] (base).id');
    expect(i.line).toBe(10);
    expect(i.message).toContain('systems[0]');
  });

  it('an id outside the pattern', () => {
    const i = issueAt(parseFixture('bad/bad-id.yaml'), 'systems[1] (Active_Directory).id');
    expect(i.line).toBe(9);
    expect(i.message).toMatch(/not a valid id/);
  });

  it('a bare number as an id is refused: quote it', () => {
    const i = issueAt(parseFixture('bad/number-id.yaml'), 'systems[1].id');
    expect(i.line).toBe(9);
    expect(i.message).toMatch(/quote it/);
  });

  it('an unknown unit kind and an unknown system kind', () => {
    const r = parseFixture('bad/unknown-kind.yaml');
    expect(issuesOf(r)).toHaveLength(2);
    const unit = issueAt(r, 'units[1] (lst).kind');
    expect(unit.line).toBe(6);
    expect(unit.message).toBe('must be one of office, company, partner; got "agency"');
    const system = issueAt(r, 'systems[1] (web).kind');
    expect(system.line).toBe(9);
    expect(system.message).toMatch(/infrastructure, platform, application; got "service"/);
  });

  it('an unknown team', () => {
    const r = parseFixture('bad/unknown-team.yaml');
    expect(issuesOf(r)).toMatchObject([
      { field: 'systems[1] (web).team', line: 9, message: 'unknown team "webbteamet"' },
    ]);
  });

  it('society: 9', () => {
    const r = parseFixture('bad/society-9.yaml');
    expect(issuesOf(r)).toMatchObject([
      { field: 'systems[0] (base).society', line: 11, message: 'must be <= 5, got 9' },
    ]);
  });

  it('an estimate with low > likely', () => {
    const i = issueAt(parseFixture('bad/estimate-order.yaml'), 'systems[0] (base).estimate_hours.low');
    expect(i.line).toBe(12);
    expect(i.message).toBe('low (12) must not exceed likely (8)');
  });

  it('broken YAML reports its line', () => {
    const issues = issuesOf(parseFixture('bad/broken.yaml'));
    expect(issues[0].field).toBe('');
    // The yaml parser places the error where the bad mapping starts, one line above the bad indent.
    expect(issues[0].line).toBe(5);
    expect(issues[0].message).toMatch(/^YAML: Nested mappings/);
  });

  it('duplicate keys in YAML are an issue', () => {
    const text = 'version: 1\nversion: 1\norganisation: { name: A, locale: sv, timezone: UTC }\nsystems: []\n';
    const issues = issuesOf(parseCatalogueText(text, 'x.yml'));
    expect(issues[0].line).toBe(2);
    expect(issues[0].message).toMatch(/unique/i);
  });

  it('reports every issue, not just the first', () => {
    const text = [
      'version: 1',
      'organisation: { name: A, locale: sv, timezone: Europe/Stockholm }',
      'systems:',
      '  - { id: a, name: A, kind: platform, society: 0 }',
      '  - { id: b, name: "", kind: platform, rto_hours: 0 }',
      '  - { id: c, kind: platform, estimate_hours: -1, colour: red }',
    ].join('\n');
    const issues = issuesOf(parseCatalogueText(text, 'x.yaml'));
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [4, 'systems[0] (a).society'],
      [5, 'systems[1] (b).name'],
      [5, 'systems[1] (b).rto_hours'],
      [6, 'systems[2] (c).name'],
      [6, 'systems[2] (c).colour'],
      [6, 'systems[2] (c).estimate_hours'],
    ]);
    expect(issues.find((i) => i.field === 'systems[2] (c).name')?.message).toBe('is required');
    expect(issues.find((i) => i.field === 'systems[1] (b).rto_hours')?.message).toBe('must be > 0, got 0');
  });

  it('caps the number of issues', () => {
    const rows = Array.from({ length: 80 }, (_, i) => `  - { id: s${i}, name: S, kind: platform, society: 9 }`);
    const text = ['version: 1', 'organisation: { name: A, locale: sv, timezone: UTC }', 'systems:', ...rows].join('\n');
    const issues = issuesOf(parseCatalogueText(text, 'x.yaml'));
    expect(issues).toHaveLength(51);
    expect(issues[50].message).toMatch(/too many issues/);
  });

  it('more than one document, and odd tags, are issues', () => {
    const two = issuesOf(parseCatalogueText('---\nversion: 1\n---\nversion: 2\n', 'x.yaml'));
    expect(two[0]).toMatchObject({ line: 3, message: 'YAML: the file holds more than one document (---)' });
    const head = 'version: 1\norganisation: { name: A, locale: sv, timezone: UTC }\nsystems:\n';
    const binary = issuesOf(
      parseCatalogueText(`${head}  - { id: a, name: A, kind: platform, estimate_hours: !!binary aGk= }\n`, 'x.yaml'),
    );
    expect(binary).toMatchObject([
      {
        field: 'systems[0] (a).estimate_hours',
        line: 4,
        message: 'expected {low, likely, high} or one number of hours, got a map',
      },
    ]);
  });

  it('an empty YAML file is an issue, not a crash', () => {
    expect(issuesOf(parseCatalogueText('', 'x.yaml'))[0].message).toMatch(/expected a catalogue/);
  });
});

describe('parseCatalogueText: JSON', () => {
  it('broken JSON reports its line', () => {
    const issues = issuesOf(parseFixture('bad/broken.json'));
    expect(issues).toHaveLength(1);
    expect(issues[0].field).toBe('');
    expect(issues[0].line).toBe(6);
    expect(issues[0].message).toBe('JSON: unexpected "]", expected a value (a comma too many?)');
  });

  it('validation issues in JSON get their lines', () => {
    const r = parseFixture('bad/cycle.json');
    expect(issuesOf(r)).toMatchObject([
      {
        field: 'systems[0] (a).depends_on[0]',
        line: 7,
        message: 'dependency cycle: a -> b -> a',
        systems: ['a', 'b'],
      },
      { field: 'systems[1] (b).society', line: 9, message: 'must be <= 5, got 9' },
    ]);
  });

  it('a BOM before JSON is ignored', () => {
    const text = '\ufeff{"version":1,"organisation":{"name":"A","locale":"en","timezone":"UTC"},"systems":[]}';
    expect(parseCatalogueText(text, 'a.JSON').ok).toBe(true);
  });
});

describe('parseCatalogueText: format by extension', () => {
  it('knows .yaml, .yml, .json and .csv, and refuses anything else', () => {
    expect(formatOfFileName('a.yaml')).toBe('yaml');
    expect(formatOfFileName('dir.v2/a.YML')).toBe('yaml');
    expect(formatOfFileName('a.json')).toBe('json');
    expect(formatOfFileName('a.csv')).toBe('csv');
    expect(formatOfFileName('a.txt')).toBeUndefined();
    expect(formatOfFileName('yaml')).toBeUndefined();
    const issues = issuesOf(parseCatalogueText('version: 1', 'catalogue.txt'));
    expect(issues[0].message).toMatch(/\.yaml, \.yml, \.json or \.csv/);
  });
});

describe('formatIssue', () => {
  it("gives DESIGN.md's FILE:LINE: FIELD: message", () => {
    expect(formatIssue('x.yaml', { field: 'systems[3] (ad).estimate_hours.low', line: 12, message: 'm' })).toBe(
      'x.yaml:12: systems[3] (ad).estimate_hours.low: m',
    );
  });
  it('omits LINE: when unknown and FIELD: when empty', () => {
    expect(formatIssue('x.json', { field: 'teams[0] (infra).capacity', message: 'm' })).toBe(
      'x.json: teams[0] (infra).capacity: m',
    );
    expect(formatIssue('x.json', { field: '', line: 3, message: 'm' })).toBe('x.json:3: m');
    expect(formatIssue('x.json', { field: '', message: 'm' })).toBe('x.json: m');
  });
});

describe('findJsonSyntaxError', () => {
  it('finds nothing in valid JSON', () => {
    fc.assert(
      fc.property(fc.json(), fc.constantFrom(0, 2), (json, indent) => {
        expect(findJsonSyntaxError(JSON.stringify(JSON.parse(json), null, indent))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('finds what JSON.parse refuses, with its line', () => {
    const cases: [string, number, RegExp][] = [
      ['{\n"a": 1,\n}', 3, /expected a "quoted" key \(a comma too many\?\)/],
      ['[1,\n2\n3]', 3, /expected "," or "\]"/],
      ['{"a" 1}', 1, /expected ":"/],
      ['{"a": "x\ny"}', 1, /control character/],
      ['{"a": tru}', 1, /expected a value/],
      ['{"a": [1, 2}', 1, /expected "," or "\]"/],
      ['{"a": 1}\n\nx', 3, /after the end/],
      ['{"a": "\\q"}', 1, /bad escape/],
      ['{\n"a": "open', 2, /not closed/],
      ['{"a": 01}', 1, /expected "," or "\}"/],
      ['', 1, /end of file/],
    ];
    for (const [text, line, message] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      const found = findJsonSyntaxError(text);
      expect(found?.line, text).toBe(line);
      expect(found?.message, text).toMatch(message);
    }
  });

  it('survives deep nesting', () => {
    expect(findJsonSyntaxError('['.repeat(100_000))?.message).toMatch(/end of file/);
  });
});
