import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalogueCsv } from '../domain/catalogue/csv.js';
import {
  decodeCatalogueBytes,
  replacementCharIssue,
  WINDOWS_1252_WARNING,
  WINDOWS_1252_WARNING_KEY,
} from '../domain/catalogue/decode.js';
import { parseCatalogueText } from '../domain/catalogue/parse.js';
import type { CatalogueIssue } from '../domain/catalogue/types.js';
import { validateCatalogue } from '../domain/catalogue/validate.js';
import { errorsEn } from './errors.en.js';
import { errorsSv } from './errors.sv.js';
import { MESSAGES, type MessageKey, translate } from './index.js';
import { localIssue } from './render.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/bad');
const SRC = path.resolve(import.meta.dirname, '..');

const ORG = 'organisation: { name: P, locale: sv, timezone: Europe/Stockholm }';
// Bad catalogues that between them raise every kind of issue the domain names by key.
const BAD_YAML = [
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: a, name: '', kind: application, extra: 1 }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: 7, name: A, kind: app }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: Bad Id, name: 3, kind: application, rto_hours: x }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: a, name: A, kind: application, society: 9, organisation: -1 }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: a, name: A, kind: application, depends_on: x, estimate_hours: [] }`,
  `version: 2\norganisation: { name: P, locale: sv, timezone: Mars/Olympus }\nteams: 3\nunits: []\nsystems: []`,
  `version: 1\n${ORG}\nteams: [{ id: t, name: T, capacity: 0.5 }]\nunits: []\nsystems:\n  - { id: a, name: A, kind: application, team: x, owner: y, depends_on: [a, b, b] }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: a, name: A, kind: application, estimate_hours: { low: 5, likely: 3, high: 2 } }\n  - { id: a, name: B, kind: application, estimate_hours: 99999 }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: a, name: A, kind: application, depends_on: [b] }\n  - { id: b, name: B, kind: application, depends_on: [a], remaining_hours: 2 }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: a, kind: application, rto_hours: 0, estimate_hours: { low: 5, likely: 1, high: 3 } }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: a, name: A, kind: application, public_help: Ring }\n  - { id: b, name: B, kind: application, public_name: B, public_help: [x] }\n  - { id: c, name: C, kind: application, public_name: C, public_help: { svenska: x } }`,
  `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n  - { id: a, name: A, kind: application, status_history: [{ status: restoring, at: '2026-02-30T08:00:00Z' }, { status: limited, at: '2026-11-30T08:00:00Z' }, { status: limited, at: '2026-11-30T07:00:00Z' }] }`,
  'version: 1\norganisation: 3\nteams: []\nunits: []\nsystems: []',
  '- just a list',
  'a: [',
  '{ "a": ',
];
const BAD_CSV = [
  'id,name,kind,bogus,id\n',
  'name,kind\n',
  '',
  'id,name,kind\n"a,b,c\n',
  'id,name,kind,estimate_low,rto_hours\na,A,application,x,y,z\nb,B,application,1,2\n',
];
const many = `version: 1\n${ORG}\nteams: []\nunits: []\nsystems:\n${Array.from({ length: 60 }, (_, i) => `  - { id: s${i}, name: S, kind: nope }`).join('\n')}`;

function issuesAndWarnings(): CatalogueIssue[] {
  const out: CatalogueIssue[] = [];
  const take = (r: { ok: boolean; issues?: CatalogueIssue[]; warnings?: CatalogueIssue[] }) =>
    out.push(...(r.issues ?? []), ...(r.warnings ?? []));
  for (const text of [...BAD_YAML, many]) take(parseCatalogueText(text, 'x.yaml'));
  take(parseCatalogueText('{ "version": ', 'x.json'));
  take(parseCatalogueText('x', 'x.txt'));
  for (const text of BAD_CSV) take(parseCatalogueCsv(text, 'x.csv'));
  take(validateCatalogue(42));
  take(
    validateCatalogue({
      version: 1,
      organisation: { name: 'P', locale: 'sv', timezone: 'Europe/Stockholm' },
      teams: [],
      units: [],
      systems: [{ id: 'a', name: 'A', kind: 'application', status: 'operational', remaining_hours: 1 }],
    }),
  );
  for (const file of fs.readdirSync(FIXTURES)) {
    take(parseCatalogueText(fs.readFileSync(path.join(FIXTURES, file), 'utf8'), file));
  }
  return out;
}

describe('error messages named by key', () => {
  const issues = issuesAndWarnings();

  it('has every error key in both languages, with the same placeholders', () => {
    expect(Object.keys(errorsEn).sort()).toEqual(Object.keys(errorsSv).sort());
  });

  it('gives every domain issue a key whose English text is exactly the domain English', () => {
    expect(issues.length).toBeGreaterThan(40);
    for (const issue of issues) {
      expect(issue.key, issue.message).toBeDefined();
      const key = issue.key as MessageKey;
      expect(Object.hasOwn(MESSAGES.en, key), key).toBe(true);
      expect(translate('en', key, issue.params), key).toBe(issue.message);
    }
  });

  it('renders every domain issue in Swedish with all its parameters filled', () => {
    for (const issue of issues) {
      const sv = translate('sv', issue.key as MessageKey, issue.params);
      // The estimate's own braces ({low, likely, high}) are text, not a placeholder.
      expect(sv.replace('{low, likely, high}', ''), issue.key).not.toMatch(/\{\w+\}/);
      for (const value of Object.values(issue.params ?? {})) expect(sv, issue.key).toContain(String(value));
    }
  });

  it('names a value that is not text in Swedish too (a list, a map, nothing), never in English', () => {
    const found = validateCatalogue({ version: 1, organisation: { name: [1] }, units: {}, teams: [], systems: [] });
    const all = found.ok ? [] : found.issues;
    const listed = all.find((i) => i.params?.value === 'a list' || i.params?.value === 'a map');
    expect(listed, JSON.stringify(all)).toBeDefined();
    if (!listed) return;
    const sv = localIssue('sv', listed).message;
    expect(sv).toMatch(/en lista|en tabell/);
    expect(sv).not.toMatch(/a list|a map/);
    expect(localIssue('en', listed).message).toBe(listed.message);
  });

  it('covers most of the domain keys with the bad catalogues above', () => {
    const used = new Set(issues.map((i) => i.key));
    const domainKeys = Object.keys(errorsEn).filter((k) => /^err\.(issue|csv|file)\./.test(k));
    const missed = domainKeys.filter((k) => !used.has(k));
    // Not reachable from a file: a failed shape without an issue, an unknown TypeBox error, and a
    // pattern other than the id's (the schema has no other).
    expect(missed.sort()).toEqual(['err.issue.badShape', 'err.issue.pattern', 'err.issue.shape']);
  });

  it('names only keys the catalogues have, everywhere in the code', () => {
    const missing: string[] = [];
    let named = 0;
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (
          /\.tsx?$/.test(entry.name) &&
          !/\.test\.tsx?$/.test(entry.name) &&
          !full.includes(`${path.sep}i18n${path.sep}`)
        ) {
          for (const m of fs.readFileSync(full, 'utf8').matchAll(/'(err\.[a-zA-Z]+\.[a-zA-Z]+)'/g)) {
            named++;
            if (!Object.hasOwn(MESSAGES.sv, m[1] as string)) missing.push(`${path.relative(SRC, full)}: ${m[1]}`);
          }
        }
      }
    };
    walk(SRC);
    // A walk that found nothing (a moved folder, a pattern that no longer matches) would pass vacuously.
    expect(named).toBeGreaterThan(200);
    expect(missing).toEqual([]);
  });

  it('renders every refusal of the decoder and its warning from the catalogue in both languages', () => {
    const files = [
      [0xff, 0xfe, 0, 0, 0x41, 0, 0, 0],
      [0, 0, 0xfe, 0xff, 0, 0, 0, 0x41],
      [0xff, 0xfe, 0x41, 0],
      [0xfe, 0xff, 0, 0x41],
      [0x41, 0, 0x42, 0xe5],
      [0xc3, 0xa5, 0x41, 0xe5],
      [0x41, 0x81, 0xe5],
    ];
    const keys = new Set<string>();
    for (const bytes of files) {
      const r = decodeCatalogueBytes(Uint8Array.from(bytes));
      if (r.ok) throw new Error(`expected a refusal of ${bytes}`);
      keys.add(r.key);
      expect(translate('en', r.key as MessageKey, r.params)).toBe(r.message);
      expect(translate('sv', r.key as MessageKey, r.params)).toMatch(/spara den som UTF-8$/);
    }
    const lost = replacementCharIssue('a\n\uFFFD');
    expect(lost && translate('en', lost.key as MessageKey, lost.params)).toBe(lost?.text);
    expect(keys.size).toBe(files.length);
    expect(translate('en', WINDOWS_1252_WARNING_KEY as MessageKey)).toBe(WINDOWS_1252_WARNING);
  });

  it("keeps each keyed LifeboatError's English text equal to the English catalogue (values aside)", () => {
    const mismatched: string[] = [];
    let checked = 0;
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          const text = fs.readFileSync(full, 'utf8');
          const calls =
            /new LifeboatError\(\s*'[a-z_]+',\s*(['`])((?:\\.|(?!\1)[^\\])*)\1,\s*\{((?:(?!new LifeboatError)[\s\S]){0,300}?)key: '([^']+)'/g;
          for (const m of text.matchAll(calls)) {
            const [, , message = '', , key = ''] = m;
            const ours = message.replace(/\$\{[^}]*\}/g, '*').replace(/\\'/g, "'");
            const theirs = (MESSAGES.en[key as MessageKey] ?? '').replace(/\{\w+\}/g, '*');
            checked++;
            // A message about one field starts with the field's name, which the catalogue leaves out.
            if (ours !== theirs && ours.replace(/^[\w*]+: /, '') !== theirs)
              mismatched.push(`${entry.name}: ${key}: ${ours} ≠ ${theirs}`);
          }
        }
      }
    };
    walk(path.join(SRC, 'server'));
    walk(path.join(SRC, 'domain'));
    expect(checked).toBeGreaterThan(40);
    expect(mismatched).toEqual([]);
  });

  it('renders the server errors with their parameters in both languages', () => {
    expect(translate('sv', 'err.catalogue.noSystem', { id: 'ad' })).toBe('Det finns inget system "ad".');
    expect(translate('en', 'err.catalogue.noSystem', { id: 'ad' })).toBe('There is no system "ad".');
    expect(translate('sv', 'err.password.short', { min: 12 })).toBe('måste vara minst 12 tecken långt');
    expect(translate('en', 'err.http.tooManyRequests', { seconds: 3 })).toBe(
      'Too many requests; try again in 3 seconds.',
    );
  });
});
