import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import {
  CatalogueFileSchema,
  ContactSchema,
  EstimateObjectSchema,
  EstimateSchema,
  OrganisationSchema,
  StatusEntrySchema,
  SystemFileSchema,
  SystemSchema,
  TeamSchema,
  UnitSchema,
} from './schema.js';
import { ID_PATTERN, SYSTEM_FIELDS } from './types.js';

/** A schema as its own string keys see it: plain objects are copied, anything else (a RegExp, a function) is kept as is. */
function stringKeyed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stringKeyed);
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringKeyed(x)]));
}

describe('catalogue schemas', () => {
  it('are plain JSON Schema the server can reuse', () => {
    for (const s of [
      CatalogueFileSchema,
      ContactSchema,
      EstimateSchema,
      OrganisationSchema,
      SystemSchema,
      TeamSchema,
      UnitSchema,
    ]) {
      // JSON keeps every string-keyed part: no RegExp, function or undefined that a copy would lose.
      expect(JSON.parse(JSON.stringify(s))).toStrictEqual(stringKeyed(s));
      expect(() => TypeCompiler.Compile(s)).not.toThrow();
    }
    expect(SystemSchema.properties.id.pattern).toBe(ID_PATTERN.source);
  });

  it('EstimateSchema takes a map or one number', () => {
    const c = TypeCompiler.Compile(EstimateSchema);
    expect(c.Check({ low: 1, likely: 2, high: 3 })).toBe(true);
    expect(c.Check(4)).toBe(true);
    expect(c.Check(-1)).toBe(false);
    expect(c.Check({ low: 1, likely: 2 })).toBe(false);
    expect(c.Check('4')).toBe(false);
  });

  it('SystemSchema holds the table of DESIGN.md', () => {
    const c = TypeCompiler.Compile(SystemSchema);
    const ok = { id: 'ad', name: 'AD', kind: 'infrastructure' };
    expect(c.Check(ok)).toBe(true);
    expect(Object.keys(SystemSchema.properties)).toEqual([...SYSTEM_FIELDS]);
    expect(SystemSchema.required).toEqual(['id', 'name', 'kind']);
    for (const bad of [
      { id: 'AD' },
      { id: 'a'.repeat(65) },
      { id: '-a' },
      { kind: 'service' },
      { society: 0 },
      { society: 6 },
      { organisation: 2.5 },
      { rto_hours: 0 },
      { status: 'gone' },
      { remaining_hours: -1 },
      { name: '' },
      { colour: 'red' },
    ]) {
      expect(c.Check({ ...ok, ...bad }), JSON.stringify(bad)).toBe(false);
    }
    expect(c.Check({ ...ok, id: `a${'-'.repeat(63)}`, rto_hours: 0.5, society: 5, remaining_hours: 0 })).toBe(true);
  });

  it('TeamSchema wants an integer capacity of at least 1; UnitSchema a known kind', () => {
    const t = TypeCompiler.Compile(TeamSchema);
    expect(t.Check({ id: 'infra', name: 'I', capacity: 1 })).toBe(true);
    expect(t.Check({ id: 'infra', name: 'I', capacity: 0 })).toBe(false);
    expect(t.Check({ id: 'infra', name: 'I', capacity: 1.5 })).toBe(false);
    const u = TypeCompiler.Compile(UnitSchema);
    expect(u.Check({ id: 'soc', name: 'S', kind: 'company', contacts: [{ name: 'A', phone: '1' }] })).toBe(true);
    expect(u.Check({ id: 'soc', name: 'S', kind: 'agency' })).toBe(false);
  });

  it('refuse a field they do not know, at every level, so a misspelt field is never ignored', () => {
    const organisation = { name: 'K', locale: 'sv', timezone: 'Europe/Stockholm' };
    const system = { id: 'mail', name: 'E-post', kind: 'application' };
    const cases: [string, TSchema, Record<string, unknown>][] = [
      ['estimate', EstimateObjectSchema, { low: 1, likely: 2, high: 3 }],
      ['contact', ContactSchema, { name: 'A' }],
      ['team', TeamSchema, { id: 'it', name: 'IT', capacity: 2 }],
      ['unit', UnitSchema, { id: 'soc', name: 'S', kind: 'office' }],
      ['system', SystemSchema, system],
      ['status entry', StatusEntrySchema, { status: 'down', at: '2026-11-30T08:00:00+01:00' }],
      ['system in a file', SystemFileSchema, system],
      ['organisation', OrganisationSchema, organisation],
      ['file', CatalogueFileSchema, { version: 1, organisation, systems: [] }],
    ];
    for (const [name, schema, valid] of cases) {
      const c = TypeCompiler.Compile(schema);
      expect(c.Check(valid), name).toBe(true);
      expect(c.Check({ ...valid, nmae: 'x' }), name).toBe(false);
    }
  });

  it('StatusEntrySchema wants an instant with its offset', () => {
    const c = TypeCompiler.Compile(StatusEntrySchema);
    for (const at of ['2026-11-30T08:00Z', '2026-11-30T08:00:00.5+01:00', '2026-11-30T08:00:00.123-05:00']) {
      expect(c.Check({ status: 'down', at }), at).toBe(true);
    }
    for (const at of ['2026-11-30T08:00:00', '2026-11-30 08:00Z', '2026-11-30T08:00:00.1234Z', 'x2026-11-30T08:00Z']) {
      expect(c.Check({ status: 'down', at }), at).toBe(false);
    }
  });
});
