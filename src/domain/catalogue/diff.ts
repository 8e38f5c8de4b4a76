/** What an import would change: the records added, changed and removed, by id. */
import { catalogueToPlain } from './serialise.js';
import type { Catalogue } from './types.js';

type Kinds<T> = { teams: T; units: T; systems: T };

/** One field's value before and after (undefined: absent, so the default). */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** A record that exists before and after, and the fields whose values differ. */
export interface ChangedRecord {
  id: string;
  fields: string[];
  /** The same fields with their old and new values, in file form. */
  changes: FieldChange[];
}

/** The difference between two catalogues (before an import, after it). */
export interface CatalogueDiff {
  organisation_changed: boolean;
  added: Kinds<string[]>;
  changed: Kinds<ChangedRecord[]>;
  removed: Kinds<string[]>;
  /** The name of every record the diff mentions, by id: people read names, not ids. */
  names: Kinds<Record<string, string>>;
}

type Rec = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffList(
  before: Rec[],
  after: Rec[],
): { added: string[]; changed: ChangedRecord[]; removed: string[]; names: Record<string, string> } {
  const names: Record<string, string> = {};
  const old = new Map<string, Rec>();
  for (const r of before) old.set(r.id as string, r);
  const now = new Set<string>();
  const added: string[] = [];
  const changed: ChangedRecord[] = [];
  for (const r of after) {
    const id = r.id as string;
    now.add(id);
    const prev = old.get(id);
    if (!prev) {
      added.push(id);
      names[id] = String(r.name ?? id);
      continue;
    }
    // Field order: the record's own, then any field only the old record had.
    const keys = [...new Set([...Object.keys(r), ...Object.keys(prev)])];
    const fields = keys.filter((k) => !same(prev[k], r[k]));
    if (fields.length > 0) {
      changed.push({ id, fields, changes: fields.map((field) => ({ field, before: prev[field], after: r[field] })) });
      names[id] = String(r.name ?? id);
    }
  }
  const removed = before.filter((r) => !now.has(r.id as string)).map((r) => r.id as string);
  for (const r of before) if (!now.has(r.id as string)) names[r.id as string] = String(r.name ?? r.id);
  return { added, changed, removed, names };
}

/**
 * Compares two catalogues record by record. Defaults count as their values
 * (a missing status equals `down`, no depends_on equals []), as in the file.
 */
export function diffCatalogues(before: Catalogue, after: Catalogue): CatalogueDiff {
  // Compared in file form, so a default and its explicit value are the same.
  const b = catalogueToPlain(before);
  const a = catalogueToPlain(after);
  const teams = diffList(b.teams as Rec[], a.teams as Rec[]);
  const units = diffList(b.units as Rec[], a.units as Rec[]);
  const systems = diffList(b.systems as Rec[], a.systems as Rec[]);
  return {
    organisation_changed: !same(b.organisation, a.organisation),
    added: { teams: teams.added, units: units.added, systems: systems.added },
    changed: { teams: teams.changed, units: units.changed, systems: systems.changed },
    removed: { teams: teams.removed, units: units.removed, systems: systems.removed },
    names: { teams: teams.names, units: units.names, systems: systems.names },
  };
}
