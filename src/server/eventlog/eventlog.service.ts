import type { Static } from '@sinclair/typebox';
import { LifeboatError } from '../../domain/errors.js';
import { type CsvRow, toCsv } from '../../domain/eventlog/csv.js';
import type { Db } from '../../store/database.js';
import { decisionsHead } from '../../store/decisions/decisions.repository.js';
import {
  type EventLogCursor,
  type EventLogFilter,
  type EventLogRow,
  incidentHeading,
  listEventLog,
  referencesExist,
} from '../../store/eventlog/eventlog.read.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import type { Actor } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import type { LogExportQuery, LogQuery, ManualEntryBody } from './eventlog.schemas.js';

/** How far ahead of the server's clock a manual entry's time may be (a phone's clock runs a little fast). */
export const CLOCK_SKEW_MS = 60_000;
/** The most entries one export holds: a long incident's log, with room to spare. */
export const EXPORT_LIMIT = 100_000;
const DEFAULT_PAGE = 100;

/** The incident an event log shows, as its heading. */
export interface IncidentHeading {
  id: string;
  title: string;
  exercise: boolean;
}

/** One entry as the API returns it. */
export interface LogEntry {
  id: string;
  incident_id: string | null;
  at: string;
  recorded_at: string;
  kind: string;
  author: string;
  system: { id: string; name: string } | null;
  unit: { id: string; name: string } | null;
  text: string | null;
  data: { [key: string]: unknown };
}

/** A page of the log, newest first. */
export interface LogPage {
  entries: LogEntry[];
  next_cursor: string | null;
  incident: IncidentHeading | null;
}

function entryOf(row: EventLogRow): LogEntry {
  return {
    id: row.id,
    incident_id: row.incident_id,
    at: row.at,
    recorded_at: row.recorded_at,
    kind: row.kind,
    author: row.author,
    // A system or unit removed since keeps its id, shown as its name.
    system: row.system_id ? { id: row.system_id, name: row.system_name ?? row.system_id } : null,
    unit: row.unit_id ? { id: row.unit_id, name: row.unit_name ?? row.unit_id } : null,
    text: row.text,
    data: row.data,
  };
}

/** The cursor of the page after `row`: its (at, id), opaque to the client. */
export function cursorOf(row: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.at, row.id]), 'utf8').toString('base64url');
}

function cursorFrom(text: string): EventLogCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string')
      return { at: value[0], id: value[1] };
  } catch {
    // Falls through to the refusal below.
  }
  throw new LifeboatError('validation_failed', 'cursor: not a cursor of this log', {
    key: 'err.log.badCursor',
    field: 'cursor',
  });
}

function instant(text: string | undefined, field: string): string | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new LifeboatError('validation_failed', `${field}: not a time`, { key: 'err.audit.notTime', field });
  return date.toISOString();
}

/** The query's filters as the repository takes them, and the incident they show (none for `all`). */
async function filterOf(
  db: Db,
  query: Static<typeof LogExportQuery>,
): Promise<{ filter: EventLogFilter; incident: IncidentHeading | null }> {
  const from = instant(query.from, 'from');
  const to = instant(query.to, 'to');
  if (from && to && to <= from)
    throw new LifeboatError('validation_failed', 'to: must be after from', {
      key: 'err.audit.toBeforeFrom',
      field: 'to',
    });
  const filter: EventLogFilter = {
    kinds: query.kind?.split(','),
    system_id: query.system,
    unit_id: query.unit,
    author: query.author,
    from,
    to,
    q: query.q,
  };
  if (query.incident === 'all') return { filter, incident: null };
  // Without an open incident the default is every entry: the log is never blank for want of one.
  const id = query.incident ?? (await activeIncidentId(db));
  if (id === null) return { filter, incident: null };
  const incident = await incidentHeading(db, id);
  if (!incident)
    throw new LifeboatError('not_found', `There is no incident "${id}".`, {
      key: 'err.log.noIncident',
      field: 'incident',
      params: { id },
    });
  return { filter: { ...filter, incident: id }, incident };
}

/** A page of the event log, newest first, narrowed by the query's filters. */
export async function listLog(db: Db, query: Static<typeof LogQuery>): Promise<LogPage> {
  const { filter, incident } = await filterOf(db, query);
  const limit = query.limit ?? DEFAULT_PAGE;
  const after = query.cursor === undefined ? undefined : cursorFrom(query.cursor);
  const rows = await listEventLog(db, filter, { limit: limit + 1, after });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    entries: page.map(entryOf),
    next_cursor: rows.length > limit && last ? cursorOf(last) : null,
    incident,
  };
}

/** Writes a manual entry (a call, an observation) in the open incident's log; refuses naming the field. */
export async function addManualEntry(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  actor: Actor,
  body: Static<typeof ManualEntryBody>,
): Promise<LogEntry> {
  const text = body.text.trim();
  if (text === '')
    throw new LifeboatError('validation_failed', 'text: must not be empty', {
      key: 'err.log.textEmpty',
      field: 'text',
    });
  const now = deps.clock();
  const at = body.at === undefined ? now : new Date(body.at);
  if (Number.isNaN(at.getTime()))
    throw new LifeboatError('validation_failed', 'at: not a time', { key: 'err.audit.notTime', field: 'at' });
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw new LifeboatError('validation_failed', 'at: must not be in the future', {
      key: 'err.log.atFuture',
      field: 'at',
    });
  const exists = await referencesExist(trx, body);
  if (!exists.system)
    throw new LifeboatError('validation_failed', `There is no system "${body.system_id}".`, {
      key: 'err.catalogue.noSystem',
      field: 'system_id',
      params: { id: body.system_id ?? '' },
    });
  if (!exists.unit)
    throw new LifeboatError('validation_failed', `There is no unit "${body.unit_id}".`, {
      key: 'err.catalogue.noUnit',
      field: 'unit_id',
      params: { id: body.unit_id ?? '' },
    });
  const id = await recordEvent(trx, deps, actor, {
    kind: 'manual',
    system_id: body.system_id ?? null,
    unit_id: body.unit_id ?? null,
    text,
    at,
  });
  const [row] = await listEventLog(trx, { id }, { limit: 1 });
  if (!row) throw new Error(`event ${id} vanished in its own transaction`);
  return entryOf(row);
}

/** Every entry the filters select (up to EXPORT_LIMIT), newest first, with each one's incident. */
async function exportRows(db: Db, query: Static<typeof LogExportQuery>) {
  const { filter, incident } = await filterOf(db, query);
  const rows = await listEventLog(db, filter, { limit: EXPORT_LIMIT });
  return { rows, incident };
}

/** The export as JSON: every column, the incident's title, and `exercise: true` when it is an exercise. */
export async function exportLogJson(db: Db, deps: Pick<AppDeps, 'clock'>, query: Static<typeof LogExportQuery>) {
  const { rows, incident } = await exportRows(db, query);
  return {
    incident,
    exercise: incident ? incident.exercise : rows.some((r) => r.exercise),
    exported_at: deps.clock().toISOString(),
    // Printed on every export (DESIGN.md): the decision log's head as it stood, to keep outside Lifeboat.
    decision_log_head: await decisionsHead(db),
    entries: rows.map((r) => ({
      ...entryOf(r),
      author_user_id: r.author_user_id,
      incident_title: r.incident_title,
      exercise: r.exercise,
    })),
  };
}

/** The CSV export's columns, in order. */
export const CSV_COLUMNS = [
  'incident_id',
  'incident_title',
  'exercise',
  'id',
  'at',
  'recorded_at',
  'kind',
  'author',
  'author_user_id',
  'system_id',
  'system_name',
  'unit_id',
  'unit_name',
  'text',
  'data',
] as const;

/** The export as CSV for Swedish Excel (see toCsv): every column, one row per entry. */
export async function exportLogCsv(db: Db, query: Static<typeof LogExportQuery>): Promise<string> {
  const { rows } = await exportRows(db, query);
  const table: CsvRow[] = rows.map((r) => [
    r.incident_id,
    r.incident_title,
    r.incident_id === null ? null : r.exercise,
    r.id,
    r.at,
    r.recorded_at,
    r.kind,
    r.author,
    r.author_user_id,
    r.system_id,
    r.system_name,
    r.unit_id,
    r.unit_name,
    r.text,
    JSON.stringify(r.data),
  ]);
  // The decision log's head as it stood, on a last row of its own (as the decisions' CSV prints it).
  const head = await decisionsHead(db);
  table.push(['# decision_log_head', head.seq, head.hash, ...CSV_COLUMNS.slice(3).map(() => null)]);
  return toCsv([...CSV_COLUMNS], table);
}
