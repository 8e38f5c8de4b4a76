/**
 * Validates a catalogue: its shape (schema.ts) and the rules across fields
 * (unique ids, references, cycles, estimate order), then normalises it.
 */

import type { TSchema } from '@sinclair/typebox';
import type { ValueError } from '@sinclair/typebox/compiler';
import { TypeCompiler, ValueErrorType } from '@sinclair/typebox/compiler';
import { type Message, msg } from '../messages.js';
import { parseInstant } from '../time.js';
import { CatalogueFileSchema, ID_PATTERN_SOURCE, MAX_HOURS } from './schema.js';
import type {
  Catalogue,
  CatalogueIssue,
  Contact,
  Estimate,
  Organisation,
  System,
  Team,
  Unit,
  UnitKind,
} from './types.js';

/** A path into the input, e.g. `['systems', 3, 'estimate_hours', 'low']`. */
export type IssuePath = (string | number)[];

/** Gives the 1-based source line of the value at a path, when known. */
export type Locate = (path: IssuePath) => number | undefined;

/** The result of validating or parsing a catalogue. */
export type ValidationResult =
  | { ok: true; catalogue: Catalogue; warnings: CatalogueIssue[] }
  | { ok: false; issues: CatalogueIssue[] };

/** At most this many issues are listed; one more line says that there were more. */
export const MAX_ISSUES = 50;

/** Options of validateCatalogueWith. */
export interface ValidateOptions {
  /** false: do not check that owners name existing units (planning from a CSV alone). */
  checkOwners?: boolean;
  /** Issues found before validation (e.g. CSV cells), reported together with these. */
  prior?: CatalogueIssue[];
}

const TOP_LISTS = new Set(['teams', 'units', 'systems']);
const ID_LIKE_KEYS = new Set(['id', 'owner', 'team', 'depends_on', 'gates']);

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

let compiled: ReturnType<typeof TypeCompiler.Compile<typeof CatalogueFileSchema>> | undefined;
function checker() {
  // Compiled lazily so that importing this module (e.g. for `lifeboat --help`) costs nothing.
  compiled ??= TypeCompiler.Compile(CatalogueFileSchema);
  return compiled;
}

/** Formats a path as DESIGN.md does: `systems[3] (ad).estimate_hours.low`. */
export function formatPath(root: unknown, path: IssuePath): string {
  let out = '';
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      const item = Array.isArray(node) ? node[seg] : undefined;
      if (i === 1 && TOP_LISTS.has(String(path[0])) && isRecord(item) && typeof item.id === 'string' && item.id) {
        out += ` (${item.id})`;
      }
      node = item;
    } else {
      out += out ? `.${seg}` : seg;
      node = isRecord(node) ? node[seg] : undefined;
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

/** Collects issues with their field path and line, capped at MAX_ISSUES. */
class IssueList {
  readonly list: CatalogueIssue[] = [];
  private readonly seen = new Set<string>();
  private more = false;

  constructor(
    private readonly root: unknown,
    private readonly locate: Locate | undefined,
  ) {}

  add(path: IssuePath, message: Message, systems?: string[]): void {
    // Checked first so that 100,000 bad records cost no formatting beyond the cap.
    if (this.list.length >= MAX_ISSUES) {
      this.more = true;
      return;
    }
    const field = formatPath(this.root, path);
    if (this.seen.has(field)) return;
    this.seen.add(field);
    const issue: CatalogueIssue = { field, message: message.text, key: message.key };
    if (message.params) issue.params = message.params;
    const line = this.lineOf(path);
    if (line !== undefined) issue.line = line;
    if (systems) issue.systems = systems;
    this.list.push(issue);
  }

  addRaw(issue: CatalogueIssue): void {
    if (this.list.length >= MAX_ISSUES) {
      this.more = true;
      return;
    }
    this.seen.add(issue.field);
    this.list.push(issue);
  }

  private lineOf(path: IssuePath): number | undefined {
    if (!this.locate) return undefined;
    // A missing field has no node of its own: fall back to the record that lacks it.
    for (let n = path.length; n >= 0; n--) {
      const line = this.locate(path.slice(0, n));
      if (line !== undefined) return line;
    }
    return undefined;
  }

  done(): CatalogueIssue[] {
    // In file order for people; issues of the whole file (no line) first. The sort is stable.
    this.list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (this.more) {
      const m = msg('err.issue.tooMany', `too many issues: only the first ${MAX_ISSUES} are listed`, {
        max: MAX_ISSUES,
      });
      this.list.push({ field: '', message: m.text, key: m.key, params: m.params });
    }
    return this.list;
  }
}

function pointerToPath(root: unknown, pointer: string): IssuePath {
  const out: IssuePath = [];
  let node: unknown = root;
  if (pointer === '') return out;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(seg)) {
      const idx = Number(seg);
      out.push(idx);
      node = node[idx];
    } else {
      out.push(seg);
      node = isRecord(node) ? node[seg] : undefined;
    }
  }
  return out;
}

function literalChoices(schema: unknown): string[] | undefined {
  if (!isRecord(schema) || !Array.isArray(schema.anyOf)) return undefined;
  const out: string[] = [];
  for (const s of schema.anyOf) {
    if (!isRecord(s) || s.const === undefined) return undefined;
    out.push(String(s.const));
  }
  return out;
}

function isIdPath(path: IssuePath): boolean {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'string') return ID_LIKE_KEYS.has(seg);
  }
  return false;
}

function publicHelpMessage(value: unknown): Message {
  return msg(
    'err.issue.publicHelp',
    `expected a text, or a map of ISO 639-1 language (sv, en…) to text, got ${describe(value)}`,
    { value: describe(value) },
  );
}

function shapeMessage(e: ValueError, path: IssuePath): Message {
  const s = e.schema as Rec;
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return msg('err.issue.required', 'is required');
    case ValueErrorType.ObjectAdditionalProperties:
      return msg('err.issue.unknownField', 'unknown field');
    case ValueErrorType.ObjectMinProperties:
      // The one map that must not be empty: public_help.
      return publicHelpMessage(e.value);
    case ValueErrorType.String:
      if (typeof e.value === 'number' && isIdPath(path)) {
        return msg('err.issue.bareNumberId', `a bare number (${e.value}) is not an id: quote it`, { value: e.value });
      }
      return msg('err.issue.expectedText', `expected text, got ${describe(e.value)}`, { value: describe(e.value) });
    case ValueErrorType.StringMinLength:
      return msg('err.issue.empty', 'must not be empty');
    case ValueErrorType.StringPattern:
      if (s.pattern === ID_PATTERN_SOURCE) {
        return msg(
          'err.issue.badId',
          `${describe(e.value)} is not a valid id: use 1 to 64 lower-case letters, digits and "-", starting with a letter or digit`,
          { value: describe(e.value) },
        );
      }
      return msg('err.issue.pattern', `${describe(e.value)} must match ${String(s.pattern)}`, {
        value: describe(e.value),
        pattern: String(s.pattern),
      });
    case ValueErrorType.Number:
      return msg('err.issue.expectedNumber', `expected a number, got ${describe(e.value)}`, {
        value: describe(e.value),
      });
    case ValueErrorType.Integer:
      return msg('err.issue.expectedInteger', `expected a whole number, got ${describe(e.value)}`, {
        value: describe(e.value),
      });
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return msg('err.issue.minimum', `must be >= ${String(s.minimum)}, got ${describe(e.value)}`, {
        limit: String(s.minimum),
        value: describe(e.value),
      });
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return msg('err.issue.maximum', `must be <= ${String(s.maximum)}, got ${describe(e.value)}`, {
        limit: String(s.maximum),
        value: describe(e.value),
      });
    case ValueErrorType.NumberExclusiveMinimum:
    case ValueErrorType.IntegerExclusiveMinimum:
      return msg('err.issue.exclusiveMinimum', `must be > ${String(s.exclusiveMinimum)}, got ${describe(e.value)}`, {
        limit: String(s.exclusiveMinimum),
        value: describe(e.value),
      });
    case ValueErrorType.Array:
      return msg('err.issue.expectedList', `expected a list, got ${describe(e.value)}`, { value: describe(e.value) });
    case ValueErrorType.Object:
      return msg('err.issue.expectedMap', `expected a map, got ${describe(e.value)}`, { value: describe(e.value) });
    case ValueErrorType.Literal:
      return msg('err.issue.literal', `must be ${JSON.stringify(s.const)}, got ${describe(e.value)}`, {
        expected: JSON.stringify(s.const),
        value: describe(e.value),
      });
    case ValueErrorType.Union: {
      const choices = literalChoices(s);
      if (choices) {
        return msg('err.issue.oneOf', `must be one of ${choices.join(', ')}; got ${describe(e.value)}`, {
          choices: choices.join(', '),
          value: describe(e.value),
        });
      }
      if (e.path.endsWith('/public_help')) return publicHelpMessage(e.value);
      return msg(
        'err.issue.estimate',
        `expected {low, likely, high} or one number of hours, got ${describe(e.value)}`,
        {
          value: describe(e.value),
        },
      );
    }
    default:
      return msg('err.issue.shape', e.message, { detail: e.message });
  }
}

function addShapeErrors(errors: Iterable<ValueError>, root: unknown, issues: IssueList, budget: { n: number }): void {
  for (const e of errors) {
    if (budget.n-- <= 0) return;
    const path = pointerToPath(root, e.path);
    // A union of a value and a map (an estimate, public_help): a map gets the errors of the map
    // variant, which name the field and what is wrong inside it.
    const plain = isRecord(e.value) && Object.getPrototypeOf(e.value) === Object.prototype;
    const variants: TSchema[] = e.type === ValueErrorType.Union ? (e.schema.anyOf ?? []) : [];
    const mapVariant = variants.findIndex((v) => v.type === 'object');
    if (plain && mapVariant >= 0 && e.errors.length > mapVariant) {
      addShapeErrors(e.errors[mapVariant], root, issues, budget);
      continue;
    }
    if (typeof e.value === 'number' && variants.some((v) => v.type === 'number')) {
      // A bare number is the one-number estimate: its only bounds are those of Hours.
      issues.add(
        path,
        e.value > MAX_HOURS
          ? msg('err.issue.maximum', `must be <= ${MAX_HOURS}, got ${e.value}`, { limit: MAX_HOURS, value: e.value })
          : msg('err.issue.minimum', `must be >= 0, got ${e.value}`, { limit: 0, value: e.value }),
      );
      continue;
    }
    issues.add(path, shapeMessage(e, path));
  }
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const MAX_PROBES = 32;

/**
 * Id -> index of the first record with it. A plain Map costs a runtime call to hash
 * each fresh string from the parser; this open-addressing table hashes in JS and
 * is about twice as fast over 300,000 references. Ids crafted to collide cannot
 * make it quadratic: past MAX_PROBES it falls back to a Map.
 */
export class IdIndex {
  private readonly mask: number;
  private readonly slots: Int32Array;
  private readonly keys: string[] = [];
  private readonly values: number[] = [];
  private fallback: Map<string, number> | undefined;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
  }

  private static hash(s: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h;
  }

  private map(): Map<string, number> {
    if (!this.fallback) {
      this.fallback = new Map();
      for (let i = 0; i < this.keys.length; i++) this.fallback.set(this.keys[i], this.values[i]);
    }
    return this.fallback;
  }

  /** The value for `key`, or undefined. */
  get(key: string): number | undefined {
    if (this.fallback) return this.fallback.get(key);
    let h = IdIndex.hash(key) & this.mask;
    for (let probes = 0; probes < MAX_PROBES; probes++) {
      const slot = this.slots[h];
      if (slot < 0) return undefined;
      if (this.keys[slot] === key) return this.values[slot];
      h = (h + 1) & this.mask;
    }
    return this.map().get(key);
  }

  /** Sets `key` to `value` unless it is already there; returns the value it has afterwards. */
  addIfAbsent(key: string, value: number): number {
    if (this.fallback) {
      const old = this.fallback.get(key);
      if (old !== undefined) return old;
      this.fallback.set(key, value);
      return value;
    }
    let h = IdIndex.hash(key) & this.mask;
    for (let probes = 0; probes < MAX_PROBES; probes++) {
      const slot = this.slots[h];
      if (slot < 0) {
        this.slots[h] = this.keys.length;
        this.keys.push(key);
        this.values.push(value);
        return value;
      }
      if (this.keys[slot] === key) return this.values[slot];
      h = (h + 1) & this.mask;
    }
    this.map();
    return this.addIfAbsent(key, value);
  }

  /** Whether `key` is there. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

/** The index of each id's first record; `duplicates` gets the index of every later one. */
function idsOf(kind: string, items: unknown[], issues: IssueList, duplicates?: Set<number>): IdIndex {
  const ids = new IdIndex(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isRecord(item) || typeof item.id !== 'string') continue;
    const first = ids.addIfAbsent(item.id, i);
    if (first !== i) {
      duplicates?.add(i);
      issues.add(
        [kind, i, 'id'],
        msg('err.issue.duplicateId', `duplicate id "${item.id}": also ${kind}[${first}]`, {
          id: item.id,
          other: `${kind}[${first}]`,
        }),
      );
    }
  }
  return ids;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The dependency graph in compressed rows: system i's dependencies are edgeTo[start[i] .. start[i + 1]). */
interface Graph {
  n: number;
  start: Int32Array;
  edgeTo: Int32Array;
  /** For each edge, its index in the system's depends_on list (for the field path). */
  edgeK: Int32Array;
}

/**
 * Finds dependency cycles without recursion, one per knot (strongly connected set).
 * Kahn's algorithm first removes every system that is on no cycle and behind none,
 * so a valid catalogue costs O(V + E) and nothing more. An iterative Tarjan then
 * splits what remains into knots; inside a knot every system has a dependency in
 * the same knot, so a walk along them must close a cycle. Each cycle comes back
 * as edge indices, starting at the system that comes first in the file.
 */
function findCycles(g: Graph): number[][] {
  const { n, start, edgeTo } = g;
  const pending = new Int32Array(n);
  const revStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    pending[i] = start[i + 1] - start[i];
    for (let e = start[i]; e < start[i + 1]; e++) revStart[edgeTo[e] + 1]++;
  }
  for (let i = 0; i < n; i++) revStart[i + 1] += revStart[i];
  const fill = revStart.slice(0, n);
  const rev = new Int32Array(start[n]);
  for (let i = 0; i < n; i++) for (let e = start[i]; e < start[i + 1]; e++) rev[fill[edgeTo[e]]++] = i;
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (pending[i] === 0) queue[tail++] = i;
  while (head < tail) {
    const v = queue[head++];
    for (let r = revStart[v]; r < revStart[v + 1]; r++) if (--pending[rev[r]] === 0) queue[tail++] = rev[r];
  }
  if (tail === n) return [];

  // Iterative Tarjan over the remaining systems: comp[i] is i's knot, -1 if removed.
  const comp = new Int32Array(n).fill(-1);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let sp = 0;
  let csp = 0;
  let next = 0;
  let comps = 0;
  const knotStart: number[] = [];
  const push = (v: number): void => {
    index[v] = next;
    low[v] = next++;
    stack[sp++] = v;
    onStack[v] = 1;
    callNode[csp] = v;
    callEdge[csp++] = start[v];
  };
  for (let root = 0; root < n; root++) {
    if (pending[root] === 0 || index[root] !== -1) continue;
    push(root);
    while (csp > 0) {
      const v = callNode[csp - 1];
      const e = callEdge[csp - 1];
      if (e < start[v + 1]) {
        callEdge[csp - 1]++;
        const w = edgeTo[e];
        if (pending[w] === 0) continue;
        if (index[w] === -1) push(w);
        else if (onStack[w] && index[w] < low[v]) low[v] = index[w];
        continue;
      }
      csp--;
      if (csp > 0) {
        const u = callNode[csp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
      if (low[v] === index[v]) {
        let size = 0;
        let first = n;
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = comps;
          size++;
          if (w < first) first = w;
        } while (w !== v);
        // A knot of one is a system behind a cycle, not on one (self-dependencies are not edges).
        if (size > 1) knotStart.push(first);
        comps++;
      }
    }
  }

  const cycles: number[][] = [];
  const walk = new Int32Array(n);
  const pos = new Int32Array(n);
  knotStart.sort((a, b) => a - b);
  for (let k = 0; k < knotStart.length; k++) {
    const c = comp[knotStart[k]];
    const nodes: number[] = [];
    const edges: number[] = [];
    let cur = knotStart[k];
    for (;;) {
      walk[cur] = k + 1;
      pos[cur] = nodes.length;
      nodes.push(cur);
      let edge = start[cur];
      while (comp[edgeTo[edge]] !== c) edge++;
      edges.push(edge);
      const to = edgeTo[edge];
      if (walk[to] === k + 1) {
        const cycleNodes = nodes.slice(pos[to]);
        const cycleEdges = edges.slice(pos[to]);
        let min = 0;
        for (let m = 1; m < cycleNodes.length; m++) if (cycleNodes[m] < cycleNodes[min]) min = m;
        cycles.push([...cycleEdges.slice(min), ...cycleEdges.slice(0, min)]);
        break;
      }
      cur = to;
    }
  }
  return cycles;
}

/** Whether list[k] already appeared before k; a Set only for long lists, where it pays. */
function listedBefore(list: unknown[], k: number, seen: Set<unknown> | undefined): boolean {
  if (seen) return seen.has(list[k]);
  for (let m = 0; m < k; m++) if (list[m] === list[k]) return true;
  return false;
}

function checkRules(root: Rec, issues: IssueList, warnings: IssueList, options: ValidateOptions): void {
  const org = root.organisation;
  if (isRecord(org) && typeof org.timezone === 'string' && org.timezone && !validTimeZone(org.timezone)) {
    issues.add(
      ['organisation', 'timezone'],
      msg('err.issue.timezone', `unknown time zone "${org.timezone}" (e.g. Europe/Stockholm)`, {
        value: org.timezone,
      }),
    );
  }
  const teamIds = idsOf('teams', list(root.teams), issues);
  const unitIds = idsOf('units', list(root.units), issues);
  const systems = list(root.systems);
  const duplicates = new Set<number>();
  const systemIds = idsOf('systems', systems, issues, duplicates);
  const checkOwners = options.checkOwners !== false;

  const n = systems.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = systems[i];
    if (isRecord(s) && Array.isArray(s.depends_on)) total += s.depends_on.length;
  }
  const g: Graph = { n, start: new Int32Array(n + 1), edgeTo: new Int32Array(total), edgeK: new Int32Array(total) };
  let edges = 0;
  for (let i = 0; i < n; i++) {
    g.start[i] = edges;
    const s = systems[i];
    if (!isRecord(s)) continue;
    const id = typeof s.id === 'string' ? s.id : undefined;
    if (checkOwners && typeof s.owner === 'string' && !unitIds.has(s.owner)) {
      issues.add(['systems', i, 'owner'], msg('err.issue.unknownUnit', `unknown unit "${s.owner}"`, { id: s.owner }));
    }
    // DESIGN.md: the help is "for a system with a public_name"; without one no resident would see it.
    if (s.public_help !== undefined && s.public_name === undefined) {
      issues.add(
        ['systems', i, 'public_help'],
        msg('err.issue.helpWithoutPublicName', 'only for a system with a public_name'),
      );
    }
    if (typeof s.team === 'string' && !teamIds.has(s.team)) {
      issues.add(['systems', i, 'team'], msg('err.issue.unknownTeam', `unknown team "${s.team}"`, { id: s.team }));
    }
    // Only the first system with an id is a node of the graph; duplicates are already issues.
    const node = id !== undefined && !duplicates.has(i);
    const dl = s.depends_on;
    if (Array.isArray(dl)) {
      const seen = dl.length > 16 ? new Set<unknown>() : undefined;
      for (let k = 0; k < dl.length; k++) {
        const d = dl[k];
        if (typeof d !== 'string') continue;
        if (d === id) {
          issues.add(
            ['systems', i, 'depends_on', k],
            msg('err.issue.selfDependency', `"${d}" depends on itself`, { id: d }),
            [d],
          );
        } else if (listedBefore(dl, k, seen)) {
          issues.add(
            ['systems', i, 'depends_on', k],
            msg('err.issue.listedTwice', `"${d}" is listed twice`, { id: d }),
            id ? [id, d] : [d],
          );
        } else {
          seen?.add(d);
          const j = systemIds.get(d);
          if (j === undefined) {
            issues.add(
              ['systems', i, 'depends_on', k],
              msg('err.issue.unknownSystem', `unknown system "${d}"`, { id: d }),
              id ? [id, d] : [d],
            );
          } else if (node) {
            g.edgeTo[edges] = j;
            g.edgeK[edges] = k;
            edges++;
          }
        }
      }
    }
    const e = s.estimate_hours;
    if (isRecord(e) && typeof e.low === 'number' && typeof e.likely === 'number' && typeof e.high === 'number') {
      if (e.low > e.likely) {
        issues.add(
          ['systems', i, 'estimate_hours', 'low'],
          msg('err.issue.lowAboveLikely', `low (${e.low}) must not exceed likely (${e.likely})`, {
            low: e.low,
            likely: e.likely,
          }),
        );
      }
      if (e.likely > e.high) {
        issues.add(
          ['systems', i, 'estimate_hours', 'high'],
          msg('err.issue.highBelowLikely', `high (${e.high}) must not be below likely (${e.likely})`, {
            high: e.high,
            likely: e.likely,
          }),
        );
      } else if (e.low > e.high) {
        issues.add(
          ['systems', i, 'estimate_hours', 'high'],
          msg('err.issue.highBelowLow', `high (${e.high}) must not be below low (${e.low})`, {
            high: e.high,
            low: e.low,
          }),
        );
      }
    }
    checkHistory(s.status_history, i, issues);
    const current = currentStatus(s);
    if (s.remaining_hours !== undefined && current !== 'restoring' && current !== 'verifying') {
      warnings.add(
        ['systems', i, 'remaining_hours'],
        msg('err.issue.remainingIgnored', 'only used for a system that is restoring or verifying; ignored'),
        id ? [id] : undefined,
      );
    }
  }
  g.start[n] = edges;

  for (const cycle of findCycles(g)) {
    // The source of each edge: the system whose row holds it.
    const from = (e: number): number => {
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (g.start[mid] <= e) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const nodes = cycle.map(from);
    const names = nodes.map((i) => (systems[i] as Rec).id as string);
    issues.add(
      ['systems', nodes[0], 'depends_on', g.edgeK[cycle[0]]],
      msg('err.issue.cycle', `dependency cycle: ${[...names, names[0]].join(' -> ')}`, {
        cycle: [...names, names[0]].join(' -> '),
      }),
      names,
    );
  }
}

/**
 * A status history's instants must exist (no 30 February) and come in time order, as DESIGN.md
 * says; the schema has already checked each entry's shape.
 */
function checkHistory(history: unknown, i: number, issues: IssueList): void {
  if (!Array.isArray(history)) return;
  let previous = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < history.length; k++) {
    const entry = history[k];
    if (!isRecord(entry) || typeof entry.at !== 'string') continue;
    const at = parseInstant(entry.at);
    if (at === null) {
      issues.add(
        ['systems', i, 'status_history', k, 'at'],
        msg('err.issue.badInstant', `not an instant: "${entry.at}"`, { value: entry.at }),
      );
      continue;
    }
    if (at < previous) {
      issues.add(
        ['systems', i, 'status_history', k, 'at'],
        msg('err.issue.historyOrder', 'earlier than the entry before it: the history must be in time order'),
      );
    }
    previous = at;
  }
}

/** DESIGN.md: a system's `status`, else its history's last entry's, else none (down). */
function currentStatus(s: Rec): unknown {
  if (s.status !== undefined) return s.status;
  const history = s.status_history;
  if (!Array.isArray(history) || history.length === 0) return undefined;
  const last = history[history.length - 1];
  return isRecord(last) ? last.status : undefined;
}

function normaliseEstimate(e: unknown): Estimate | undefined {
  if (typeof e === 'number') return { low: e, likely: e, high: e };
  // The schema allows exactly these three keys, so the map itself is the estimate.
  if (isRecord(e)) return e as unknown as Estimate;
  return undefined;
}

function normaliseSystem(s: Rec): System {
  // Keys in DESIGN.md's order; absent optional fields stay absent so that export round-trips.
  const out: Rec = { id: s.id, name: s.name, kind: s.kind };
  if (s.public_name !== undefined) out.public_name = s.public_name;
  if (s.public_help !== undefined) out.public_help = s.public_help;
  if (s.owner !== undefined) out.owner = s.owner;
  if (s.team !== undefined) out.team = s.team;
  out.depends_on = Array.isArray(s.depends_on) ? s.depends_on : [];
  if (s.society !== undefined) out.society = s.society;
  if (s.organisation !== undefined) out.organisation = s.organisation;
  if (s.rto_hours !== undefined) out.rto_hours = s.rto_hours;
  const e = normaliseEstimate(s.estimate_hours);
  if (e) out.estimate_hours = e;
  if (Array.isArray(s.gates)) out.gates = s.gates;
  const history = Array.isArray(s.status_history) ? s.status_history : undefined;
  const status = currentStatus(s);
  // `down` is the default, so it is dropped like any default: the file and the export agree.
  if (status !== undefined && status !== 'down') out.status = status;
  if (s.remaining_hours !== undefined) out.remaining_hours = s.remaining_hours;
  if (history) out.status_history = history;
  return out as unknown as System;
}

function normaliseContact(c: Rec): Contact {
  const out: Contact = { name: c.name as string };
  if (c.phone !== undefined) out.phone = c.phone as string;
  if (c.email !== undefined) out.email = c.email as string;
  return out;
}

function normalise(root: Rec): Catalogue {
  const org = root.organisation as Rec;
  const organisation: Organisation = {
    name: org.name as string,
    locale: org.locale as Organisation['locale'],
    timezone: org.timezone as string,
  };
  const teams: Team[] = list(root.teams).map((t) => {
    const r = t as Rec;
    return { id: r.id as string, name: r.name as string, capacity: r.capacity as number };
  });
  const units: Unit[] = list(root.units).map((u) => {
    const r = u as Rec;
    return {
      id: r.id as string,
      name: r.name as string,
      kind: r.kind as UnitKind,
      contacts: list(r.contacts).map((c) => normaliseContact(c as Rec)),
    };
  });
  const systems = list(root.systems).map((s) => normaliseSystem(s as Rec));
  return { version: 1, organisation, teams, units, systems };
}

/** Validates and normalises a catalogue, with options for importers (see ValidateOptions). */
export function validateCatalogueWith(
  input: unknown,
  locate: Locate | undefined,
  options: ValidateOptions,
): ValidationResult {
  const issues = new IssueList(input, locate);
  for (const p of options.prior ?? []) issues.addRaw(p);
  const warnings = new IssueList(input, locate);
  if (!isRecord(input)) {
    issues.add(
      [],
      msg(
        'err.issue.notCatalogue',
        `expected a catalogue (a map with version, organisation, teams, units and systems), got ${describe(input)}`,
        { value: describe(input) },
      ),
    );
    return { ok: false, issues: issues.done() };
  }
  const check = checker();
  const shapeOk = check.Check(input);
  if (!shapeOk) addShapeErrors(check.Errors(input), input, issues, { n: MAX_ISSUES * 4 });
  checkRules(input, issues, warnings, options);
  const found = issues.done();
  if (found.length > 0 || !shapeOk) {
    // Cannot happen without an issue, but never report ok for a shape that failed.
    if (found.length === 0) {
      found.push({ field: '', message: 'the catalogue does not have the expected shape', key: 'err.issue.badShape' });
    }
    return { ok: false, issues: found };
  }
  return { ok: true, catalogue: normalise(input), warnings: warnings.done() };
}

/**
 * Validates a catalogue file's content (already parsed from YAML or JSON) and
 * normalises it; `locate` gives source lines for the issues. The input is not
 * changed, but the catalogue shares its lists and estimate maps (no copies of
 * 100,000 systems): treat the input as handed over.
 */
export function validateCatalogue(input: unknown, locate?: Locate): ValidationResult {
  return validateCatalogueWith(input, locate, {});
}
