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

// Merged list: the file's records first, in file order, so that an issue's path (`systems[3] (ad)`)
// is the file's own; then the stored records the file does not mention. (Where a merge stores new
// records is the store's business: after the existing ones.) `from[i]` is the file index of record i.
function mergeList(stored: Rec[], incoming: unknown[]): { list: unknown[]; from: (number | undefined)[] } {
  const mentioned = new Set(incoming.map(idOf).filter((id) => id !== undefined));
  const rest = stored.filter((r) => !mentioned.has(r.id as string));
  return { list: [...incoming, ...rest], from: [...incoming.map((_, i) => i), ...rest.map(() => undefined)] };
}

/**
 * Builds what an import would make of `base` from a file's raw content (see the module comment).
 * `held`: the system fields the file can hold (a CSV's columns); in a merge, a stored system keeps
 * the fields the file has no column for. Undefined: every field (YAML and JSON records are whole).
 */
export function mergeForImport(base: Catalogue, file: unknown, mode: ImportMode, held?: string[]): MergedInput {
  if (!isRecord(file)) return { value: file, toFile: (p) => p };
  const plain = catalogueToPlain(base) as Rec;
  const value: Rec = { ...file };
  const from = new Map<ListName, (number | undefined)[]>();
  if (!mode.replace) {
    // `version` stays required: it is what makes a file a catalogue file (`{}` is refused, not a no-op).
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
  const keep = new Set<string>(mode.statuses ? [] : LIVE_FIELDS);
  if (!mode.replace && held) {
    // Status and remaining_hours go together: a file that sets one clears the other.
    if (held.includes('status') || held.includes('remaining_hours')) held = [...held, 'status', 'remaining_hours'];
    for (const s of plain.systems as Rec[]) for (const f of Object.keys(s)) if (!held.includes(f)) keep.add(f);
  }
  if (keep.size > 0 && Array.isArray(value.systems)) {
    const stored = new Map((plain.systems as Rec[]).map((s) => [s.id as string, s]));
    value.systems = value.systems.map((s) => {
      const id = idOf(s);
      const old = id === undefined ? undefined : stored.get(id);
      if (!old || old === s || !isRecord(s)) return s;
      const kept: Rec = { ...s };
      for (const f of keep) {
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
