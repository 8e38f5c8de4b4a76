import { LifeboatError } from '../../domain/errors.js';
import type { ChainHead } from '../../domain/journal/chain.js';
import { INTERNAL } from '../../domain/live/events.js';
import { msg } from '../../domain/messages.js';
import type { Db } from '../../store/database.js';
import {
  anyExercise,
  appendDecision,
  DECISION_COLUMNS,
  type DecisionRecord,
  decisionById,
  decisionsHead,
  listDecisionRecords,
} from '../../store/decisions/decisions.repository.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import type { Actor } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { emit } from '../tx.js';

/** One decision as the API shows it: lists parsed, and the ids of the entries that correct it. */
export interface DecisionView extends Omit<DecisionRecord, 'systems' | 'needs'> {
  systems: string[];
  needs: string[];
  corrected_by: string[];
}

/** What a caller asks to record. */
export interface DecisionInput {
  decision: string;
  basis?: string;
  decided_by?: string;
  mandate?: string;
  decided_at?: string;
  systems?: string[];
  corrects?: string;
}

/** Filters of the list. */
export interface DecisionFilter {
  incident?: string;
  q?: string;
  system?: string;
  order?: 'newest' | 'seq';
}

// A decided_at later than this past the server's clock is a typo, not a decision taken in the future.
const FUTURE_SLACK_MS = 5 * 60_000;

function listOf(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function viewOf(r: DecisionRecord, correctedBy: Map<string, string[]>): DecisionView {
  return { ...r, systems: listOf(r.systems), needs: listOf(r.needs), corrected_by: correctedBy.get(r.id) ?? [] };
}

function correctionsIndex(records: DecisionRecord[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const r of records) {
    if (r.corrects === null) continue;
    index.set(r.corrects, [...(index.get(r.corrects) ?? []), r.id]);
  }
  return index;
}

/**
 * The decision log, newest first (or in the chain's order with `order: 'seq'`), with the chain's head. Text
 * search and the system filter run here, not in SQL: the log is small, and this folds case the same way
 * (Unicode, å ä ö included) on both dialects.
 */
export async function listDecisions(
  db: Db,
  filter: DecisionFilter,
): Promise<{ decisions: DecisionView[]; order: 'newest' | 'seq'; head: ChainHead }> {
  const all = await listDecisionRecords(db);
  const correctedBy = correctionsIndex(all);
  const needle = filter.q?.trim().toLocaleLowerCase('sv');
  const order = filter.order ?? 'newest';
  const picked = all
    .filter((r) => filter.incident === undefined || r.incident_id === filter.incident)
    .map((r) => viewOf(r, correctedBy))
    .filter((v) => filter.system === undefined || v.systems.includes(filter.system))
    .filter(
      (v) =>
        !needle ||
        [v.decision, v.basis, v.decided_by, v.mandate, v.recorded_by_label].some((t) =>
          t.toLocaleLowerCase('sv').includes(needle),
        ),
    );
  if (order === 'newest') picked.reverse();
  return { decisions: picked, order, head: await decisionsHead(db) };
}

/** One decision by id, or 404. */
export async function getDecision(db: Db, id: string): Promise<{ decision: DecisionView; head: ChainHead }> {
  const record = await decisionById(db, id);
  if (!record) throw notFound(id);
  const all = await listDecisionRecords(db);
  return { decision: viewOf(record, correctionsIndex(all)), head: await decisionsHead(db) };
}

function notFound(id: string): LifeboatError {
  return new LifeboatError('not_found', msg('err.decision.notFound', 'no decision with id {id}', { id }), {
    field: 'id',
  });
}

/**
 * Records a decision (or, with `corrects`, a correction of one) in the caller's transaction: appends it to the
 * chain, writes its event-log entry and emits `decision.added`. Refuses, naming the field, a blank decision, a
 * time in the future, an unknown system or an unknown entry to correct.
 */
export async function addDecision(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  actor: Actor & { name: string },
  input: DecisionInput,
): Promise<DecisionView> {
  const now = deps.clock();
  const decision = input.decision.trim();
  if (decision === '') {
    throw new LifeboatError('validation_failed', msg('err.decision.blank', 'write what was decided'), {
      field: 'decision',
    });
  }
  let decidedAt = now;
  if (input.decided_at !== undefined) {
    decidedAt = new Date(input.decided_at);
    if (Number.isNaN(decidedAt.getTime())) {
      throw new LifeboatError('validation_failed', msg('err.decision.notTime', 'not a time'), { field: 'decided_at' });
    }
    if (decidedAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
      throw new LifeboatError(
        'validation_failed',
        msg('err.decision.future', 'a decision cannot be dated in the future'),
        { field: 'decided_at' },
      );
    }
  }
  const systems = [...new Set(input.systems ?? [])];
  if (systems.length > 0) {
    const known = new Set(
      (await trx.selectFrom('systems').select('id').where('id', 'in', systems).execute()).map((r) => r.id),
    );
    const unknown = systems.find((s) => !known.has(s));
    if (unknown !== undefined) {
      throw new LifeboatError(
        'validation_failed',
        msg('err.decision.unknownSystem', 'unknown system "{system}"', { system: unknown }),
        { field: 'systems' },
      );
    }
  }
  if (input.corrects !== undefined && !(await decisionById(trx, input.corrects))) {
    throw new LifeboatError(
      'not_found',
      msg('err.decision.notFound', 'no decision with id {id}', { id: input.corrects }),
      { field: 'corrects' },
    );
  }
  const decidedBy = input.decided_by?.trim() || actor.name.trim() || actor.label;
  const record = await appendDecision(trx, {
    id: deps.ids(),
    incident_id: await activeIncidentId(trx),
    decided_at: decidedAt.toISOString(),
    recorded_at: now.toISOString(),
    decision,
    basis: input.basis?.trim() ?? '',
    decided_by: decidedBy,
    mandate: input.mandate?.trim() ?? '',
    recorded_by_user_id: actor.userId,
    recorded_by_label: actor.label,
    systems: JSON.stringify(systems),
    // Needs do not exist yet; the column is there so that the chain's shape does not change when they do.
    needs: '[]',
    corrects: input.corrects ?? null,
  });
  await recordEvent(trx, deps, actor, {
    kind: 'decision',
    text: decision,
    data: { decision_id: record.id, seq: record.seq },
    at: decidedAt,
  });
  await emit(trx, now, { type: 'decision.added', audience: INTERNAL, data: { id: record.id, seq: record.seq } });
  return viewOf(record, new Map());
}

/** Checks that an entry exists before a correction is recorded against it (the path's id). */
export async function assertDecisionExists(db: Db, id: string): Promise<void> {
  if (!(await decisionById(db, id))) throw notFound(id);
}

/** The whole chain, every stored column, with its head and whether any of its incidents is an exercise. */
export async function exportDecisions(
  db: Db,
  now: Date,
): Promise<{ chain: 'decisions'; exported_at: string; exercise: boolean; head: ChainHead; entries: DecisionRecord[] }> {
  const entries = await listDecisionRecords(db);
  const head = await decisionsHead(db);
  const incidents = [...new Set(entries.map((e) => e.incident_id).filter((i): i is string => i !== null))];
  const active = await activeIncidentId(db);
  if (active !== null) incidents.push(active);
  return {
    chain: 'decisions',
    exported_at: now.toISOString(),
    exercise: await anyExercise(db, incidents),
    head,
    entries,
  };
}

// RFC 4180 quoting; a cell a spreadsheet would run as a formula (= + - @, tab, CR first) is prefixed with an
// apostrophe so that opening the file never runs one (the JSON export is the exact copy to verify).
function cell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The export as CSV for a spreadsheet: a header row, one row per entry with every stored column and whether its
 * incident is an exercise, then a last row `# head` with the head's seq and hash in their columns.
 */
export async function exportDecisionsCsv(db: Db, now: Date): Promise<string> {
  const data = await exportDecisions(db, now);
  const exercises = new Set(
    (await db.selectFrom('incidents').select('id').where('exercise', '=', 1).execute()).map((r) => r.id),
  );
  const columns = [...DECISION_COLUMNS, 'exercise'] as const;
  const lines = [columns.join(',')];
  for (const e of data.entries) {
    const row = DECISION_COLUMNS.map((c) => cell(e[c]));
    row.push(cell(e.incident_id !== null && exercises.has(e.incident_id)));
    lines.push(row.join(','));
  }
  const head = columns.map((c) =>
    c === 'id'
      ? '# head'
      : c === 'seq'
        ? String(data.head.seq)
        : c === 'hash'
          ? data.head.hash
          : c === 'exercise'
            ? String(data.exercise)
            : '',
  );
  lines.push(head.join(','));
  // A byte-order mark so that spreadsheets read the file as UTF-8 (å, ä, ö).
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
