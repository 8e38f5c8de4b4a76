import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CsvContext, detectDelimiter, parseCatalogueCsv, parseCsvNumber, splitCsv } from './csv.js';
import { parseCatalogueText } from './parse.js';
import type { CatalogueIssue } from './types.js';
import type { ValidationResult } from './validate.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8');

function issuesOf(r: ValidationResult): CatalogueIssue[] {
  if (r.ok) throw new Error('expected issues, got a valid catalogue');
  return r.issues;
}

const context: CsvContext = {
  organisation: { name: 'Exempelstad kommun', locale: 'sv', timezone: 'Europe/Stockholm' },
  teams: [
    { id: 'infra', name: 'Infrastrukturteamet', capacity: 2 },
    { id: 'vendor', name: 'Leverantörsstöd', capacity: 4 },
  ],
  units: [
    { id: 'it', name: 'IT-avdelningen', kind: 'office', contacts: [] },
    { id: 'ksk', name: 'Kommunstyrelsens kontor', kind: 'office', contacts: [] },
  ],
};

describe('CSV: a Swedish spreadsheet', () => {
  it('imports with ";", a BOM, CRLF, quoted names with ";" and "", "|" lists and a decimal comma', () => {
    const text = fixture('sv-spreadsheet.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const r = parseCatalogueText(text, 'sv-spreadsheet.csv', context);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.organisation).toEqual(context.organisation);
    expect(r.catalogue.teams).toEqual(context.teams);
    expect(r.catalogue.units).toEqual(context.units);
    expect(r.catalogue.systems).toEqual([
      {
        id: 'core-network',
        name: 'Kärnnät och brandväggar',
        kind: 'infrastructure',
        owner: 'it',
        team: 'infra',
        depends_on: [],
        society: 5,
        organisation: 5,
        rto_hours: 8,
        estimate_hours: { low: 6, likely: 12, high: 36 },
      },
      {
        id: 'ad',
        name: 'Active Directory; katalogtjänst',
        kind: 'infrastructure',
        owner: 'it',
        team: 'infra',
        depends_on: ['core-network'],
        society: 4,
        organisation: 5,
        rto_hours: 24,
        estimate_hours: { low: 24, likely: 48, high: 120 },
        gates: ['clean-rebuild', 'credentials-rotated'],
        status: 'restoring',
      },
      {
        id: 'webb',
        name: 'Extern webbplats "kommun.se"',
        kind: 'application',
        public_name: 'Kommunens webbplats',
        owner: 'ksk',
        team: 'vendor',
        depends_on: ['core-network', 'ad'],
        society: 4,
        organisation: 4,
        rto_hours: 1.5,
        estimate_hours: { low: 2, likely: 4, high: 12 },
      },
    ]);
  });

  it('without a context (lifeboat plan x.csv) each team named gets capacity 1 and owners are not checked', () => {
    const r = parseCatalogueText(fixture('sv-spreadsheet.csv'), 'sv-spreadsheet.csv');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.teams).toEqual([
      { id: 'infra', name: 'infra', capacity: 1 },
      { id: 'vendor', name: 'vendor', capacity: 1 },
    ]);
    expect(r.catalogue.units).toEqual([]);
    expect(r.catalogue.organisation).toEqual({
      name: 'sv-spreadsheet.csv',
      locale: 'sv',
      timezone: 'Europe/Stockholm',
    });
  });

  it('with a context an unknown team and an unknown owner are issues on their row', () => {
    const small: CsvContext = { ...context, teams: [context.teams[0]], units: [context.units[0]] };
    const issues = issuesOf(parseCatalogueText(fixture('sv-spreadsheet.csv'), 'sv.csv', small));
    expect(issues).toMatchObject([
      { field: 'systems[2] (webb).owner', line: 4, message: 'unknown unit "ksk"' },
      { field: 'systems[2] (webb).team', line: 4, message: 'unknown team "vendor"' },
    ]);
  });
});

describe('CSV: bad cells', () => {
  it('a cell of the wrong type is an issue on its line naming the column', () => {
    const issues = issuesOf(parseCatalogueText(fixture('bad/wrong-type.csv'), 'wrong-type.csv'));
    expect(issues).toMatchObject([
      { field: 'systems[1] (web).society', line: 3, message: 'column "society": expected a number, got "hög"' },
      {
        field: 'systems[1] (web).estimate_hours.high',
        line: 3,
        message: 'column "estimate_high": expected a number, got "x"',
      },
    ]);
  });

  it('shape and rule issues get the line of their row, also after a quoted line break', () => {
    const text = 'id,name,kind,depends_on,society\na,"two\nlines",platform,,6\nb,B,platform,a|zz,\n';
    const issues = issuesOf(parseCatalogueCsv(text, 'x.csv'));
    expect(issues).toMatchObject([
      { field: 'systems[0] (a).society', line: 2, message: 'must be <= 5, got 6' },
      { field: 'systems[1] (b).depends_on[1]', line: 4, message: 'unknown system "zz"', systems: ['b', 'zz'] },
    ]);
  });

  it('a cycle in a CSV names every system', () => {
    const text = 'id,name,kind,depends_on\na,A,platform,c\nb,B,platform,a\nc,C,platform,b\n';
    const issues = issuesOf(parseCatalogueCsv(text, 'x.csv'));
    expect(issues).toMatchObject([
      {
        field: 'systems[0] (a).depends_on[0]',
        line: 2,
        message: 'dependency cycle: a -> c -> b -> a',
        systems: ['a', 'c', 'b'],
      },
    ]);
  });

  it('an unknown or missing column is an issue on the header', () => {
    const issues = issuesOf(parseCatalogueCsv('id;namn;kind\na;A;platform\n', 'x.csv'));
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [1, expect.stringMatching(/^unknown column "namn"/)],
      [1, 'missing column "name"'],
    ]);
  });

  it('more cells than columns hints at an unquoted delimiter', () => {
    const issues = issuesOf(parseCatalogueCsv('id;name;kind\na;A; B;platform\n', 'x.csv'));
    expect(issues[0]).toMatchObject({ field: 'systems[0] (a)', line: 2 });
    expect(issues[0].message).toMatch(/needs quotes/);
  });

  it('an estimate needs all three columns, or likely alone', () => {
    const head = 'id,name,kind,estimate_low,estimate_likely,estimate_high\n';
    const partial = issuesOf(parseCatalogueCsv(`${head}a,A,platform,1,,3\n`, 'x.csv'));
    expect(partial[0]).toMatchObject({ field: 'systems[0] (a).estimate_hours', line: 2 });
    const r = parseCatalogueCsv(`${head}a,A,platform,,5,\n`, 'x.csv');
    expect(r.ok && r.catalogue.systems[0].estimate_hours).toEqual({ low: 5, likely: 5, high: 5 });
  });

  it('an unclosed quote and an empty file are issues', () => {
    expect(issuesOf(parseCatalogueCsv('id,name,kind\na,"A,platform\n', 'x.csv'))[0]).toMatchObject({ line: 2 });
    expect(issuesOf(parseCatalogueCsv('\ufeff\n\n', 'x.csv'))[0].message).toMatch(/empty/);
  });

  it('empty cells are absent and blank rows are skipped', () => {
    const r = parseCatalogueCsv('id,name,kind,team,status\n\na,A,platform,,\n,,,,\n', 'x.csv');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.systems).toEqual([{ id: 'a', name: 'A', kind: 'platform', depends_on: [] }]);
    expect(r.catalogue.teams).toEqual([]);
  });
});

describe('CSV helpers', () => {
  it('detects the delimiter from the header row only', () => {
    expect(detectDelimiter('id;name;kind\na,b,c,d,e')).toBe(';');
    expect(detectDelimiter('id,name,kind\na;b;c;d')).toBe(',');
    expect(detectDelimiter('"a;b;c",name,kind')).toBe(',');
    expect(detectDelimiter('id')).toBe(',');
  });

  it('splits RFC 4180 records', () => {
    expect(splitCsv('a,"b,""c"""\r\n"x\ny",z', ',').records).toEqual([
      { line: 1, cells: ['a', 'b,"c"'] },
      { line: 2, cells: ['x\ny', 'z'] },
    ]);
    expect(splitCsv('a,"b', ',').error).toEqual({ line: 1 });
  });

  it('reads numbers as spreadsheets write them', () => {
    expect(parseCsvNumber('1,5')).toBe(1.5);
    expect(parseCsvNumber(' 12 ')).toBe(12);
    expect(parseCsvNumber('1 000')).toBe(1000);
    expect(parseCsvNumber('-2.25')).toBe(-2.25);
    expect(parseCsvNumber('1e3')).toBe(1000);
    for (const bad of ['', 'x', '1,2,3', '0x10', 'Infinity', 'NaN', '1.2.3'])
      expect(parseCsvNumber(bad)).toBeUndefined();
  });
});

describe('CSV: public_help', () => {
  it('is one text, for every language', () => {
    const r = parseCatalogueCsv(
      'id;name;kind;public_name;public_help\na;A;application;E-tjänster;"Ring 0123-45 67 89; vardagar"\n',
      'x.csv',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.catalogue.systems[0].public_help).toBe('Ring 0123-45 67 89; vardagar');
  });

  it('is refused on a row without a public_name', () => {
    const issues = issuesOf(parseCatalogueCsv('id;name;kind;public_help\na;A;application;Ring oss\n', 'x.csv'));
    expect(issues).toMatchObject([{ field: 'systems[0] (a).public_help', line: 2 }]);
  });
});
