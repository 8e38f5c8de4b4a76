/**
 * The systems of a catalogue as CSV (DESIGN.md, "Catalogue file"): one header row,
 * `,` or `;` as delimiter, RFC 4180 quoting, an empty cell means absent.
 */

import { type Message, msg } from '../messages.js';
import {
  type CatalogueIssue,
  type Organisation,
  SYSTEM_STATUSES,
  type SystemStatus,
  type Team,
  type Unit,
} from './types.js';
import { formatPath, type IssuePath, type Locate, type ValidationResult, validateCatalogueWith } from './validate.js';

/** What a CSV import adds to the systems: the catalogue it goes into. */
export interface CsvContext {
  organisation: Organisation;
  teams: Team[];
  units: Unit[];
}

/** The columns a CSV may have, in DESIGN.md's order. */
export const CSV_COLUMNS = [
  'id',
  'name',
  'kind',
  'public_name',
  'public_help',
  'owner',
  'team',
  'depends_on',
  'society',
  'organisation',
  'rto_hours',
  'estimate_low',
  'estimate_likely',
  'estimate_high',
  'gates',
  'status',
  'remaining_hours',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

// `public_help` is one text in a CSV: a cell cannot hold a text per language.
const TEXT_COLUMNS = new Set<Column>(['id', 'name', 'kind', 'public_name', 'public_help', 'owner', 'team', 'status']);
const LIST_COLUMNS = new Set<Column>(['depends_on', 'gates']);
const NUMBER_COLUMNS = new Set<Column>(['society', 'organisation', 'rto_hours', 'remaining_hours']);
const ESTIMATE_COLUMNS: Record<string, 'low' | 'likely' | 'high'> = {
  estimate_low: 'low',
  estimate_likely: 'likely',
  estimate_high: 'high',
};
const REQUIRED: Column[] = ['id', 'name', 'kind'];

/**
 * The status names the staff UI shows (src/i18n, `status.*`, both languages), read as the ids beside
 * the ids themselves: a spreadsheet filled in from the screen says "Återställs", not "restoring".
 * csv.test.ts checks these against the catalogues.
 */
export const CSV_STATUS_NAMES: Record<string, SystemStatus> = {
  okänd: 'unknown',
  'ej tillgängligt': 'down',
  återställs: 'restoring',
  verifieras: 'verifying',
  begränsat: 'limited',
  'i drift': 'operational',
  'not available': 'down',
  'being restored': 'restoring',
  'being verified': 'verifying',
  working: 'operational',
};

/** The status id a CSV cell names (an id or a UI name, any case), or the cell itself when it names none. */
export function csvStatus(cell: string): string {
  const key = cell.trim().replace(/\s+/g, ' ').toLowerCase();
  if ((SYSTEM_STATUSES as readonly string[]).includes(key)) return key;
  return CSV_STATUS_NAMES[key] ?? cell;
}

interface CsvRecord {
  line: number;
  cells: string[];
}

/** Picks `;` or `,`, whichever the header row (outside quotes) has more of; `,` on a tie. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semis = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

/** Splits CSV text into records (RFC 4180), each with the line it starts on. */
export function splitCsv(text: string, delimiter: string): { records: CsvRecord[]; error?: { line: number } } {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let startLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      // A quote opens a quoted cell only at its start (spaces before it are dropped).
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      cells.push(cell);
      records.push({ line: startLine, cells });
      cells = [];
      cell = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      startLine = line;
    } else {
      cell += c;
    }
    i++;
  }
  if (quoted) return { records, error: { line: quoteLine } };
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: startLine, cells });
  }
  return { records };
}

/** Reads a number as a spreadsheet writes it: `1.5` or `1,5`; undefined if it is not one. */
export function parseCsvNumber(raw: string): number | undefined {
  const s = raw.trim().replace(/\s+/g, '');
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  const v = Number(s.replace(',', '.'));
  return Number.isFinite(v) ? v : undefined;
}

function issue(field: string, message: Message, line?: number): CatalogueIssue {
  const out: CatalogueIssue = { field, message: message.text, key: message.key };
  if (message.params) out.params = message.params;
  if (line !== undefined) out.line = line;
  return out;
}

/** A CSV read into a catalogue file's shape, not yet validated: what merging an import needs. */
export type CsvRead =
  | { ok: false; issues: CatalogueIssue[] }
  | {
      ok: true;
      file: Record<string, unknown>;
      locate: Locate;
      prior: CatalogueIssue[];
      checkOwners: boolean;
      /** The system fields the file has columns for: a merge keeps the stored values of the others. */
      held: string[];
    };

/**
 * Parses the systems of a catalogue from CSV. With a context (an import into an
 * existing catalogue) teams and units come from it and must exist; without one
 * (`lifeboat plan x.csv`) each team named gets capacity 1 and owners are not checked.
 */
export function parseCatalogueCsv(text: string, fileName: string, context?: CsvContext): ValidationResult {
  const read = readCatalogueCsv(text, fileName, context);
  if (!read.ok) return read;
  return validateCatalogueWith(read.file, read.locate, { checkOwners: read.checkOwners, prior: read.prior });
}

/** Reads a CSV into a catalogue file's shape with the cell issues found on the way (see parseCatalogueCsv). */
export function readCatalogueCsv(text: string, fileName: string, context?: CsvContext): CsvRead {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const { records, error } = splitCsv(body, delimiter);
  if (error)
    return { ok: false, issues: [issue('', msg('err.csv.unclosedQuote', 'a quoted cell is not closed'), error.line)] };
  const rows = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0)
    return { ok: false, issues: [issue('', msg('err.csv.empty', 'no header row: the file is empty'), 1)] };

  const header = rows[0];
  const headerIssues: CatalogueIssue[] = [];
  const columns: (Column | undefined)[] = [];
  const seen = new Set<string>();
  for (const raw of header.cells) {
    const name = raw.trim().toLowerCase();
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      const known = CSV_COLUMNS.join(', ');
      const m = msg('err.csv.unknownColumn', `unknown column "${raw.trim()}" (known: ${known})`, {
        name: raw.trim(),
        known,
      });
      headerIssues.push(issue('', m, header.line));
      columns.push(undefined);
    } else if (seen.has(name)) {
      headerIssues.push(issue('', msg('err.csv.columnTwice', `column "${name}" appears twice`, { name }), header.line));
      columns.push(undefined);
    } else {
      seen.add(name);
      columns.push(name as Column);
    }
  }
  // An import into a catalogue may update stored systems from a few columns; new ones are still checked whole.
  for (const r of context ? ['id'] : REQUIRED)
    if (!seen.has(r))
      headerIssues.push(issue('', msg('err.csv.missingColumn', `missing column "${r}"`, { name: r }), header.line));
  if (headerIssues.length > 0) return { ok: false, issues: headerIssues };

  const systems: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const cellIssues: { path: IssuePath; message: Message; line: number }[] = [];
  for (const row of rows.slice(1)) {
    const i = systems.length;
    const s: Record<string, unknown> = {};
    const estimate: Record<string, number> = {};
    let badEstimate = false;
    if (row.cells.length > columns.length) {
      cellIssues.push({
        path: ['systems', i],
        message: msg(
          'err.csv.tooManyCells',
          `${row.cells.length} cells but the header has ${columns.length} columns (a "${delimiter}" in a name needs quotes)`,
          { cells: row.cells.length, columns: columns.length, delimiter },
        ),
        line: row.line,
      });
    }
    for (let c = 0; c < columns.length; c++) {
      const col = columns[c];
      const value = (row.cells[c] ?? '').trim();
      if (col === undefined || value === '') continue;
      if (col === 'status') s[col] = csvStatus(value);
      else if (TEXT_COLUMNS.has(col)) s[col] = value;
      else if (LIST_COLUMNS.has(col)) {
        s[col] = value
          .split('|')
          .map((v) => v.trim())
          .filter((v) => v !== '');
      } else {
        const v = parseCsvNumber(value);
        const key = ESTIMATE_COLUMNS[col];
        if (v === undefined) {
          badEstimate ||= key !== undefined;
          const path: IssuePath = key ? ['systems', i, 'estimate_hours', key] : ['systems', i, col];
          cellIssues.push({
            path,
            message: msg('err.csv.notNumber', `column "${col}": expected a number, got "${value}"`, {
              column: col,
              value,
            }),
            line: row.line,
          });
        } else if (key) estimate[key] = v;
        else if (NUMBER_COLUMNS.has(col)) s[col] = v;
      }
    }
    const given = Object.keys(estimate).length;
    if (given === 3) s.estimate_hours = estimate;
    else if (given === 1 && estimate.likely !== undefined) s.estimate_hours = estimate.likely;
    else if (given > 0 && !badEstimate) {
      cellIssues.push({
        path: ['systems', i, 'estimate_hours'],
        message: msg(
          'err.csv.partialEstimate',
          'give estimate_low, estimate_likely and estimate_high together (or estimate_likely alone)',
        ),
        line: row.line,
      });
    }
    systems.push(s);
    lines.push(row.line);
  }

  const teams: Team[] = context
    ? context.teams
    : [...new Set(systems.map((s) => s.team).filter((t): t is string => typeof t === 'string'))]
        // An invalid team id is reported on the system; a made-up team with it would only repeat that.
        .filter((t) => /^[a-z0-9][a-z0-9-]{0,63}$/.test(t))
        .map((t) => ({ id: t, name: t, capacity: 1 }));
  const file = {
    version: 1,
    organisation: context?.organisation ?? {
      name: fileName || 'catalogue',
      locale: 'sv',
      timezone: 'Europe/Stockholm',
    },
    teams,
    units: context?.units ?? [],
    systems,
  };
  const prior = cellIssues.map((p) => issue(formatPath(file, p.path), p.message, p.line));
  const locate = (path: IssuePath): number | undefined => {
    if (path[0] === 'systems' && typeof path[1] === 'number') return lines[path[1]];
    if (path.length === 0) return header.line;
    return undefined;
  };
  const held = [...seen].map((c) => (c in ESTIMATE_COLUMNS ? 'estimate_hours' : c));
  return { ok: true, file, locate, prior, checkOwners: context !== undefined, held: [...new Set(held)] };
}
