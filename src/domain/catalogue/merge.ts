/**
 * What an import makes of the stored catalogue (DESIGN.md, "Catalogue file"): merging adds and
 * updates what the file holds and removes nothing; replacing takes the file's lists whole. Either
 * way the live statuses (`status`, `remaining_hours`) of the stored systems are kept unless the
 * import takes them from the file. Works on the file's raw shape, before validation, so that the
 * merged whole is validated once (references to stored systems resolve) and issues still point
 * into the file.
 */
import { catalogueToPlain } from './serialise.js';
import type { Catalogue } from './types.js';
import type { IssuePath } from './validate.js';

/** How an import treats the stored catalogue. */
export interface ImportMode {
  /** true: the file's teams, units and systems replace the stored ones; false (the default): merge. */
  replace: boolean;
  /** true: take `status` and `remaining_hours` from the file; false: keep the stored ones. */
  statuses: boolean;
}

/** The default import: merge, keep the live statuses. */
export const MERGE: ImportMode = { replace: false, statuses: false };

/** The input to validate, and where each of its paths came from in the file (undefined: from the store). */
export interface MergedInput {
  value: unknown;
  toFile: (path: IssuePath) => IssuePath | undefined;
}

type Rec = Record<string, unknown>;
const LISTS = ['teams', 'units', 'systems'] as const;
type ListName = (typeof LISTS)[number];
const LIVE_FIELDS = ['status', 'remaining_hours'] as const;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function idOf(v: unknown): string | undefined {
  return isRecord(v) && typeof v.id === 'string' ? v.id : undefined;
}

// Merged list: the stored order with the file's records in place of stored ones of the same id, then
// the file's new records in file order. A second record with one id is kept too, so validation sees
// the duplicate. `from[i]` is the file index of merged record i.
function mergeList(stored: Rec[], incoming: unknown[]): { list: unknown[]; from: (number | undefined)[] } {
  const byId = new Map<string, number>();
  incoming.forEach((r, i) => {
    const id = idOf(r);
    if (id !== undefined && !byId.has(id)) byId.set(id, i);
  });
  const used = new Set<number>();
  const list: unknown[] = [];
  const from: (number | undefined)[] = [];
  for (const r of stored) {
    const i = byId.get(r.id as string);
    if (i === undefined) {
      list.push(r);
      from.push(undefined);
    } else {
      list.push(incoming[i]);
      from.push(i);
      used.add(i);
    }
  }
  incoming.forEach((r, i) => {
    if (used.has(i)) return;
    list.push(r);
    from.push(i);
  });
  return { list, from };
}

/** Builds what an import would make of `base` from a file's raw content (see the module comment). */
export function mergeForImport(base: Catalogue, file: unknown, mode: ImportMode): MergedInput {
  if (!isRecord(file)) return { value: file, toFile: (p) => p };
  const plain = catalogueToPlain(base) as Rec;
  const value: Rec = { ...file };
  const from = new Map<ListName, (number | undefined)[]>();
  if (!mode.replace) {
    if (value.version === undefined) value.version = plain.version;
    if (value.organisation === undefined) value.organisation = plain.organisation;
    for (const name of LISTS) {
      const incoming = value[name] === undefined ? [] : value[name];
      // Not a list: left as it is for validation to name.
      if (!Array.isArray(incoming)) continue;
      const merged = mergeList(plain[name] as Rec[], incoming);
      value[name] = merged.list;
      from.set(name, merged.from);
    }
  }
  if (!mode.statuses && Array.isArray(value.systems)) {
    const stored = new Map((plain.systems as Rec[]).map((s) => [s.id as string, s]));
    value.systems = value.systems.map((s) => {
      const id = idOf(s);
      const old = id === undefined ? undefined : stored.get(id);
      if (!old || old === s || !isRecord(s)) return s;
      const kept: Rec = { ...s };
      for (const f of LIVE_FIELDS) {
        if (old[f] === undefined) delete kept[f];
        else kept[f] = old[f];
      }
      return kept;
    });
  }
  const toFile = (path: IssuePath): IssuePath | undefined => {
    const [head, index, ...rest] = path;
    const map = from.get(head as ListName);
    if (!map || typeof index !== 'number') {
      if (mode.replace || path.length === 0) return path;
      return file[head as string] === undefined ? undefined : path;
    }
    const i = map[index];
    return i === undefined ? undefined : [head, i, ...rest];
  };
  return { value, toFile };
}
