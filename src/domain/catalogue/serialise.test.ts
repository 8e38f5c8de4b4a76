import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYamlLibrary } from 'yaml';
import { parseCatalogueText } from './parse.js';
import { MAX_HOURS } from './schema.js';
import { catalogueToJson, catalogueToYaml } from './serialise.js';
import {
  type Catalogue,
  type Contact,
  DEFAULT_GATES,
  type Estimate,
  SYSTEM_KINDS,
  SYSTEM_STATUSES,
  type System,
  type Team,
  UNIT_KINDS,
  type Unit,
} from './types.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8');

function parseOk(text: string, fileName: string): Catalogue {
  const r = parseCatalogueText(text, fileName);
  if (!r.ok) throw new Error(`${fileName}: ${JSON.stringify(r.issues)}\n${text}`);
  return r.catalogue;
}

describe('serialise: the reference catalogue', () => {
  const reference = parseOk(fixture('exempelstad.yaml'), 'exempelstad.yaml');

  it('YAML: parse -> toYaml -> parse -> toYaml is byte-identical, and parse(toYaml(c)) equals c', () => {
    const first = catalogueToYaml(reference);
    const again = parseOk(first, 'export.yaml');
    expect(again).toStrictEqual(reference);
    expect(catalogueToYaml(again)).toBe(first);
  });

  it('JSON: parse -> toJson -> parse -> toJson is byte-identical, and parse(toJson(c)) equals c', () => {
    const first = catalogueToJson(reference);
    const again = parseOk(first, 'export.json');
    expect(again).toStrictEqual(reference);
    expect(catalogueToJson(again)).toBe(first);
  });

  it("writes readable YAML in DESIGN.md's key order", () => {
    const yaml = catalogueToYaml(reference);
    expect(yaml.startsWith('version: 1\norganisation:\n  name: Exempelstad kommun\n  locale: sv\n')).toBe(true);
    expect(yaml).toContain('\nteams:\n  - { id: infra, name: Infrastrukturteamet, capacity: 2 }\n');
    expect(yaml).toContain('\nunits:\n  - { id: ksk, name: Kommunstyrelsens kontor, kind: office }\n');
    expect(yaml).toContain(
      [
        '  - id: ad',
        '    name: Active Directory (katalogtjänst)',
        '    kind: infrastructure',
        '    owner: it',
        '    team: infra',
        '    depends_on: [dns-dhcp, virtualisation]',
        '    society: 4',
        '    organisation: 5',
        '    rto_hours: 24',
        '    estimate_hours: { low: 24, likely: 48, high: 120 }',
        '',
      ].join('\n'),
    );
    // No depends_on line for a system without dependencies.
    expect(yaml).toContain(
      '  - id: core-network\n    name: Kärnnät och brandväggar\n    kind: infrastructure\n    owner: it\n',
    );
  });
});

describe('serialise: details', () => {
  const base: Catalogue = {
    version: 1,
    organisation: { name: 'Stad: "norr"', locale: 'en', timezone: 'UTC' },
    teams: [],
    units: [
      {
        id: '007',
        name: 'yes',
        kind: 'partner',
        contacts: [{ name: 'Anna Berg', phone: '+46 11 15 00 00', email: 'anna@example.se' }],
      },
    ],
    systems: [
      { id: '12', name: 'a: b # c', kind: 'platform', depends_on: [], status: 'operational', gates: [] },
      {
        id: 'true',
        name: 'x',
        kind: 'application',
        depends_on: ['12'],
        estimate_hours: { low: 0.5, likely: 1, high: 99_999.5 },
      },
    ],
  };

  it('quotes strings that would read as something else, and lists contacts in a block', () => {
    const yaml = catalogueToYaml(base);
    expect(yaml).toContain('name: "Stad: \\"norr\\""');
    expect(yaml).toContain('teams: []');
    expect(yaml).toContain(
      '  - id: "007"\n    name: "yes"\n    kind: partner\n    contacts:\n      - { name: Anna Berg',
    );
    expect(yaml).toContain('phone: "+46 11 15 00 00", email: anna@example.se }');
    expect(yaml).toContain('  - id: "12"\n    name: "a: b # c"');
    expect(yaml).toContain('    depends_on: ["12"]');
    expect(yaml).toContain('    gates: []');
    expect(parseOk(yaml, 'x.yaml')).toStrictEqual(base);
    expect(parseOk(catalogueToJson(base), 'x.json')).toStrictEqual(base);
  });

  it("leaves out defaults: empty depends_on, status 'down', no contacts", () => {
    const c: Catalogue = {
      ...base,
      units: [{ id: 'u', name: 'U', kind: 'office', contacts: [] }],
      systems: [{ id: 'a', name: 'A', kind: 'platform', depends_on: [], status: 'down' }],
    };
    const json = JSON.parse(catalogueToJson(c));
    expect(json.units).toEqual([{ id: 'u', name: 'U', kind: 'office' }]);
    expect(json.systems).toEqual([{ id: 'a', name: 'A', kind: 'platform' }]);
    expect(catalogueToYaml(c)).toContain('systems:\n  - id: a\n    name: A\n    kind: platform\n');
    expect(Object.keys(json)).toEqual(['version', 'organisation', 'teams', 'units', 'systems']);
  });
});

// --- Property: parse(serialise(c)) equals c for generated valid catalogues ---

const tricky = fc.constantFrom(
  'yes',
  'No',
  'on',
  'null',
  '~',
  'true',
  '12',
  '1e3',
  '0x1F',
  '.inf',
  '1:20',
  '2024-01-01',
  'a: b',
  'a #b',
  '#x',
  '- x',
  '? x',
  '"q"',
  "'s'",
  '[x]',
  '{x}',
  'a, b',
  '@x',
  '!tag',
  '&a',
  '*a',
  '|',
  '>',
  '%',
  '`',
  ' lead',
  'trail ',
  'Kärnnät (SAN)',
  'tab\there',
  'line\nbreak',
  '\u2028',
  '\u0085',
  '\ufeffbom',
  '\u007f',
  'é\u0301',
  '😀',
);
const text = fc.oneof(fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }), fc.string({ minLength: 1 }), tricky);
const id = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/),
  fc.constantFrom('yes', 'no', 'null', 'true', '1e3', '012', '0x1', 'on'),
);
const hours = fc.double({ min: 0, max: MAX_HOURS, noNaN: true, noDefaultInfinity: true });
const estimate: fc.Arbitrary<Estimate> = fc
  .tuple(hours, hours, hours)
  .map((t) => t.sort((a, b) => a - b))
  .map(([low, likely, high]) => ({ low, likely, high }));

function opt<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

const contact: fc.Arbitrary<Contact> = fc.record({ name: text, phone: opt(text), email: opt(text) }).map((c) => {
  const out: Contact = { name: c.name };
  if (c.phone !== undefined) out.phone = c.phone;
  if (c.email !== undefined) out.email = c.email;
  return out;
});

const catalogue: fc.Arbitrary<Catalogue> = fc
  .record({
    organisation: fc.record({
      name: text,
      locale: fc.constantFrom('sv' as const, 'en' as const),
      timezone: fc.constantFrom('Europe/Stockholm', 'UTC', 'America/New_York'),
    }),
    teamIds: fc.uniqueArray(id, { maxLength: 4 }),
    unitIds: fc.uniqueArray(id, { maxLength: 4 }),
    systemIds: fc.uniqueArray(id, { minLength: 0, maxLength: 8 }),
    teamData: fc.array(fc.record({ name: text, capacity: fc.integer({ min: 1, max: 50 }) }), {
      minLength: 4,
      maxLength: 4,
    }),
    unitData: fc.array(
      fc.record({ name: text, kind: fc.constantFrom(...UNIT_KINDS), contacts: fc.array(contact, { maxLength: 2 }) }),
      { minLength: 4, maxLength: 4 },
    ),
    systemData: fc.array(
      fc.record({
        name: text,
        kind: fc.constantFrom(...SYSTEM_KINDS),
        public_name: opt(text),
        public_help: opt(
          fc.oneof(
            text,
            fc.dictionary(fc.stringMatching(/^[a-z]{2}$/), text, { minKeys: 1, maxKeys: 3, noNullPrototype: true }),
          ),
        ),
        owner: opt(fc.nat()),
        team: opt(fc.nat()),
        deps: fc.array(fc.nat(), { maxLength: 4 }),
        society: opt(fc.integer({ min: 1, max: 5 })),
        organisation: opt(fc.integer({ min: 1, max: 5 })),
        rto_hours: opt(fc.double({ min: Number.MIN_VALUE, max: MAX_HOURS, noNaN: true, noDefaultInfinity: true })),
        estimate_hours: opt(estimate),
        gates: opt(fc.subarray([...DEFAULT_GATES])),
        status: opt(fc.constantFrom(...SYSTEM_STATUSES.filter((s) => s !== 'down'))),
        remaining_hours: opt(hours),
      }),
      { minLength: 8, maxLength: 8 },
    ),
  })
  .map((g): Catalogue => {
    const teams: Team[] = g.teamIds.map((tid, i) => ({ id: tid, ...g.teamData[i] }));
    const units: Unit[] = g.unitIds.map((uid, i) => ({ id: uid, ...g.unitData[i] }));
    const systems: System[] = g.systemIds.map((sid, i) => {
      const d = g.systemData[i];
      const s: System = { id: sid, name: d.name, kind: d.kind, depends_on: [] };
      if (d.public_name !== undefined) s.public_name = d.public_name;
      if (d.public_name !== undefined && d.public_help !== undefined) s.public_help = d.public_help;
      if (d.owner !== undefined && units.length > 0) s.owner = units[d.owner % units.length].id;
      if (d.team !== undefined && teams.length > 0) s.team = teams[d.team % teams.length].id;
      // Only earlier systems, so there is never a cycle.
      if (i > 0) s.depends_on = [...new Set(d.deps.map((k) => g.systemIds[k % i]))];
      if (d.society !== undefined) s.society = d.society;
      if (d.organisation !== undefined) s.organisation = d.organisation;
      if (d.rto_hours !== undefined) s.rto_hours = d.rto_hours;
      if (d.estimate_hours !== undefined) s.estimate_hours = d.estimate_hours;
      if (d.gates !== undefined) s.gates = d.gates;
      if (d.status !== undefined) s.status = d.status;
      if (d.remaining_hours !== undefined) s.remaining_hours = d.remaining_hours;
      return s;
    });
    return { version: 1, organisation: { ...g.organisation }, teams, units, systems };
  });

describe('serialise: property', () => {
  it('parse(toYaml(c)) equals c, and toYaml is stable', () => {
    fc.assert(
      fc.property(catalogue, (c) => {
        const yaml = catalogueToYaml(c);
        const back = parseOk(yaml, 'p.yaml');
        expect(back).toStrictEqual(c);
        expect(catalogueToYaml(back)).toBe(yaml);
      }),
      { numRuns: 300 },
    );
  });

  it('parse(toJson(c)) equals c, and toJson is stable', () => {
    fc.assert(
      fc.property(catalogue, (c) => {
        const json = catalogueToJson(c);
        const back = parseOk(json, 'p.json');
        expect(back).toStrictEqual(c);
        expect(catalogueToJson(back)).toBe(json);
      }),
      { numRuns: 300 },
    );
  });

  it('every string, however odd, survives as a YAML value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), tricky), (s) => {
        const c: Catalogue = {
          version: 1,
          organisation: { name: 'x', locale: 'sv', timezone: 'UTC' },
          teams: [],
          units: [{ id: 'u', name: 'U', kind: 'office', contacts: [{ name: 'n', phone: s || 'x' }] }],
          systems: [],
        };
        const doc = parseYamlLibrary(catalogueToYaml(c));
        expect(doc.units[0].contacts[0].phone).toBe(s || 'x');
      }),
      { numRuns: 500 },
    );
  });
});

describe('serialise: public_help', () => {
  const c: Catalogue = {
    version: 1,
    organisation: { name: 'Sjövik', locale: 'sv', timezone: 'Europe/Stockholm' },
    teams: [],
    units: [],
    systems: [
      {
        id: 'web',
        name: 'Webb',
        kind: 'application',
        public_name: 'sjovik.se',
        public_help: { sv: 'Ring kontaktcenter 0123-45 67 89, vardagar 8–17', en: 'Call: 0123-45 67 89' },
        depends_on: [],
      },
      {
        id: 'lib',
        name: 'Bibliotek',
        kind: 'application',
        public_name: 'Bibliotek',
        public_help: 'Besök Storgatan 1',
        depends_on: [],
      },
    ],
  };

  it('round-trips a map and a text in YAML and JSON, byte-identical', () => {
    const yaml = catalogueToYaml(c);
    expect(yaml).toContain(
      '    public_help: { sv: "Ring kontaktcenter 0123-45 67 89, vardagar 8–17", en: "Call: 0123-45 67 89" }\n',
    );
    expect(yaml).toContain('    public_help: Besök Storgatan 1\n');
    expect(parseOk(yaml, 'x.yaml')).toStrictEqual(c);
    expect(catalogueToYaml(parseOk(yaml, 'x.yaml'))).toBe(yaml);
    const json = catalogueToJson(c);
    expect(parseOk(json, 'x.json')).toStrictEqual(c);
    expect(catalogueToJson(parseOk(json, 'x.json'))).toBe(json);
  });
});
