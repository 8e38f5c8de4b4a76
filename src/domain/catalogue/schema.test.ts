import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import {
  CatalogueFileSchema,
  ContactSchema,
  EstimateSchema,
  OrganisationSchema,
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
});
