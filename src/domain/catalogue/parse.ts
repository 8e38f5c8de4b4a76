/**
 * Reads a catalogue file's text (YAML, JSON or CSV, chosen by the file's extension)
 * into a validated catalogue, with the source line of every issue.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';
import { type Message, msg } from '../messages.js';
import { type CsvContext, readCatalogueCsv } from './csv.js';
import { type ImportMode, mergeForImport } from './merge.js';
import type { Catalogue, CatalogueIssue } from './types.js';
import {
  type IssuePath,
  type Locate,
  type ValidateOptions,
  type ValidationResult,
  validateCatalogueWith,
} from './validate.js';

export type { CsvContext } from './csv.js';
export { formatIssue } from './format.js';

/** The result of parsing a catalogue file: the same shape as validateCatalogue's. */
export type ParseResult = ValidationResult;

/** The formats a catalogue file can have. */
export type CatalogueFormat = 'yaml' | 'json' | 'csv';

/** The format a file name's extension says, or undefined for any other extension. */
export function formatOfFileName(fileName: string): CatalogueFormat | undefined {
  const m = /\.([A-Za-z]+)$/.exec(fileName);
  const ext = m?.[1].toLowerCase();
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  return undefined;
}

function fail(message: Message, line?: number): { ok: false; issues: CatalogueIssue[] } {
  const issue: CatalogueIssue = { field: '', message: message.text, key: message.key };
  if (message.params) issue.params = message.params;
  if (line !== undefined) issue.line = line;
  return { ok: false, issues: [issue] };
}

type YamlDoc = ReturnType<typeof parseDocument>;

function locator(doc: YamlDoc, lineCounter: LineCounter): Locate {
  return (path: IssuePath) => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (!isNode(node) || !node.range) return undefined;
    return lineCounter.linePos(node.range[0]).line;
  };
}

/** The first line of a yaml error, without the position the issue carries anyway. */
function yamlMessage(message: string): string {
  if (message.startsWith('Source contains multiple documents')) return 'the file holds more than one document (---)';
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

// A file read into its raw value, not yet validated. `locate` is lazy: for JSON it costs a second parse.
type Read =
  | { ok: false; issues: CatalogueIssue[] }
  | { ok: true; value: unknown; locate: () => Locate | undefined; options: ValidateOptions; held?: string[] };

function readYaml(text: string): Read {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.slice(0, 50).map((e) => {
        const detail = yamlMessage(e.message);
        const issue: CatalogueIssue = {
          field: '',
          message: `YAML: ${detail}`,
          key: 'err.file.yaml',
          params: { detail },
        };
        const line = e.linePos?.[0].line;
        if (line !== undefined) issue.line = line;
        return issue;
      }),
    };
  }
  let value: unknown;
  try {
    // The alias cap keeps a "billion laughs" file from eating the memory.
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail(msg('err.file.yaml', `YAML: ${detail}`, { detail }));
  }
  const locate = locator(doc, lineCounter);
  return { ok: true, value, locate: () => locate, options: {} };
}

/** How many nodes YAML aliases may expand to in all: a catalogue uses a few, a "billion laughs" file millions. */
export const MAX_ALIAS_COUNT = 1000;

// Where JSON text breaks, for a message with a line: V8's own message carries
// no position on Node 20. Iterative, so deep nesting cannot overflow the stack.

/** Where and why JSON text is invalid; undefined if it is valid. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function what(text: string, i: number): string {
  return i >= text.length ? 'end of file' : JSON.stringify(text[i]);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The first syntax error in `text` as JSON, with its 1-based line. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'colon' | 'after' = 'value';
  let first = false;
  const fail = (offset: number, message: string): JsonSyntaxError => {
    let prev = offset - 1;
    while (prev >= 0 && /\s/.test(text[prev])) prev--;
    const hint = text[prev] === ',' && (text[offset] === '}' || text[offset] === ']') ? ' (a comma too many?)' : '';
    return { offset, line: lineAt(text, offset), message: `${message}${hint}` };
  };
  // Returns the offset after the string, or a syntax error.
  const string = (start: number): number | JsonSyntaxError => {
    let j = start + 1;
    for (;;) {
      if (j >= n) return fail(start, 'a string is not closed');
      const c = text.charCodeAt(j);
      if (c === 34) return j + 1;
      if (c < 0x20) return fail(j, 'a control character (e.g. a line break) inside a string');
      if (c === 92) {
        const e = text[j + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return fail(j, 'a bad \\u escape');
          j += 6;
        } else if (e !== undefined && ESCAPES.has(e)) j += 2;
        else return fail(j, 'a bad escape in a string');
      } else j++;
    }
  };
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= n) return state === 'after' && stack.length === 0 ? undefined : fail(n, 'unexpected end of file');
    const c = text[i];
    const top = stack[stack.length - 1];
    if (state === 'value') {
      if (first && c === ']' && top === '[') {
        stack.pop();
        i++;
        state = 'after';
      } else if (c === '{') {
        stack.push('{');
        i++;
        state = 'key';
        first = true;
        continue;
      } else if (c === '[') {
        stack.push('[');
        i++;
        first = true;
        continue;
      } else if (c === '"') {
        const end = string(i);
        if (typeof end !== 'number') return end;
        i = end;
        state = 'after';
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
        i += 4;
        state = 'after';
      } else if (text.startsWith('false', i)) {
        i += 5;
        state = 'after';
      } else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail(i, `unexpected ${what(text, i)}, expected a value`);
        i = NUMBER.lastIndex;
        state = 'after';
      }
    } else if (state === 'key') {
      if (first && c === '}') {
        stack.pop();
        i++;
        state = 'after';
      } else if (c === '"') {
        const end = string(i);
        if (typeof end !== 'number') return end;
        i = end;
        state = 'colon';
      } else return fail(i, `unexpected ${what(text, i)}, expected a "quoted" key`);
    } else if (state === 'colon') {
      if (c !== ':') return fail(i, `unexpected ${what(text, i)}, expected ":"`);
      i++;
      state = 'value';
    } else {
      if (top === undefined) return fail(i, `unexpected ${what(text, i)} after the end`);
      if (c === ',') {
        i++;
        state = top === '{' ? 'key' : 'value';
      } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        stack.pop();
        i++;
      } else return fail(i, `unexpected ${what(text, i)}, expected "," or "${top === '{' ? '}' : ']'}"`);
    }
    first = false;
  }
}

function readJson(text: string): Read {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // Never re-parsed as YAML: the scanner is linear and iterative, so a deep file costs nothing more.
    const found = findJsonSyntaxError(text);
    if (found) return fail(msg('err.file.json', `JSON: ${found.message}`, { detail: found.message }), found.line);
    const detail = e instanceof Error ? e.message : String(e);
    return fail(msg('err.file.json', `JSON: ${detail}`, { detail }));
  }
  // Only a file with issues pays for positions: the yaml parser reads (valid) JSON and keeps node ranges.
  const locate = () => {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
    return doc.errors.length > 0 ? undefined : locator(doc, lineCounter);
  };
  return { ok: true, value, locate, options: {} };
}

function read(text: string, fileName: string, context?: CsvContext): Read {
  const format = formatOfFileName(fileName);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  switch (format) {
    case 'yaml':
      return readYaml(body);
    case 'json':
      return readJson(body);
    case 'csv': {
      const csv = readCatalogueCsv(body, fileName, context);
      if (!csv.ok) return csv;
      return {
        ok: true,
        value: csv.file,
        locate: () => csv.locate,
        options: { checkOwners: csv.checkOwners, prior: csv.prior },
        held: csv.held,
      };
    }
    default:
      return fail(msg('err.file.unknownType', 'unknown file type: use .yaml, .yml, .json or .csv'));
  }
}

// Validates without positions first; only a file with issues pays for finding their lines.
function validateRead(value: unknown, locate: () => Locate | undefined, options: ValidateOptions): ValidationResult {
  const first = validateCatalogueWith(value, undefined, options);
  if (first.ok) return first;
  const found = locate();
  return found ? validateCatalogueWith(value, found, options) : first;
}

/**
 * Parses and validates a catalogue file's text; the format comes from `fileName`'s
 * extension (.yaml/.yml, .json, .csv). `context` is the catalogue a CSV goes into.
 */
export function parseCatalogueText(text: string, fileName: string, context?: CsvContext): ParseResult {
  const r = read(text, fileName, context);
  if (!r.ok) return r;
  return validateRead(r.value, r.locate, r.options);
}

/**
 * Parses a file imported into `base` and validates what the catalogue would be after the import
 * (merge or replace, live statuses kept or taken: see merge.ts). Issues point into the file; a
 * CSV's systems go into the stored organisation, teams and units.
 */
export function parseImportText(text: string, fileName: string, base: Catalogue, mode: ImportMode): ParseResult {
  const r = read(text, fileName, { organisation: base.organisation, teams: base.teams, units: base.units });
  if (!r.ok) return r;
  const merged = mergeForImport(base, r.value, mode, r.held);
  const locate = () => {
    const inFile = r.locate();
    if (!inFile) return undefined;
    return (path: IssuePath) => {
      const p = merged.toFile(path);
      return p ? inFile(p) : undefined;
    };
  };
  return validateRead(merged.value, locate, r.options);
}
