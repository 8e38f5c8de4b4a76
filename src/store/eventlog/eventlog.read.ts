import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../database.js';

/** What the event log is narrowed by; every field optional (absent: no narrowing). */
export interface EventLogFilter {
  /** One entry by its id. */
  id?: string;
  /** An incident's id; `null` for entries written while no incident was open; absent: every incident. */
  incident?: string | null;
  kinds?: readonly string[];
  system_id?: string;
  unit_id?: string;
  /** The author's label (e-mail) or user id, compared without regard to case. */
  author?: string;
  /** UTC ISO text: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Free text matched, without regard to case, in the text, the author and the system's name. */
  q?: string;
}

/** Where a page starts: strictly after this (at, id) in newest-first order. */
export interface EventLogCursor {
  at: string;
  id: string;
}

/** One entry as the log shows it, with the names of its system and unit and its incident's title. */
export interface EventLogRow {
  id: string;
  incident_id: string | null;
  incident_title: string | null;
  exercise: boolean;
  at: string;
  recorded_at: string;
  kind: string;
  author: string;
  author_user_id: string | null;
  system_id: string | null;
  system_name: string | null;
  unit_id: string | null;
  unit_name: string | null;
  text: string | null;
  data: { [key: string]: unknown };
}

// LIKE's own wildcards in what a person typed are meant literally.
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A page of the event log, newest first by (at, id), which is stable however many entries share a time;
 * `limit` + 1 rows are read so the caller knows whether another page follows.
 */
export async function listEventLog(
  db: Db,
  filter: EventLogFilter,
  page: { limit: number; after?: EventLogCursor },
): Promise<EventLogRow[]> {
  let query = db
    .selectFrom('event_log')
    .leftJoin('systems as s', 's.id', 'event_log.system_id')
    .leftJoin('units as u', 'u.id', 'event_log.unit_id')
    .leftJoin('incidents as i', 'i.id', 'event_log.incident_id')
    .select([
      'event_log.id',
      'event_log.incident_id',
      'i.title as incident_title',
      'i.exercise as exercise',
      'event_log.at',
      'event_log.recorded_at',
      'event_log.kind',
      'event_log.actor_label',
      'event_log.actor_user_id',
      'event_log.system_id',
      's.name as system_name',
      'event_log.unit_id',
      'u.name as unit_name',
      'event_log.text',
      'event_log.data',
    ])
    .where((eb) => {
      const f = filter;
      const and: Expression<SqlBool>[] = [];
      if (f.id !== undefined) and.push(eb('event_log.id', '=', f.id));
      if (f.incident !== undefined)
        and.push(
          f.incident === null ? eb('event_log.incident_id', 'is', null) : eb('event_log.incident_id', '=', f.incident),
        );
      if (f.kinds?.length) and.push(eb('event_log.kind', 'in', [...f.kinds]));
      if (f.system_id !== undefined) and.push(eb('event_log.system_id', '=', f.system_id));
      if (f.unit_id !== undefined) and.push(eb('event_log.unit_id', '=', f.unit_id));
      if (f.author !== undefined) {
        const author = f.author.toLowerCase();
        and.push(
          eb.or([
            eb(sql<string>`lower(event_log.actor_label)`, '=', author),
            eb('event_log.actor_user_id', '=', f.author),
          ]),
        );
      }
      if (f.from !== undefined) and.push(eb('event_log.at', '>=', f.from));
      if (f.to !== undefined) and.push(eb('event_log.at', '<', f.to));
      if (f.q !== undefined && f.q.trim() !== '') {
        const pattern = likePattern(f.q.trim());
        // `lower` is Unicode-aware on both dialects (SQLite's is replaced in openDatabase), so "å" finds "Å".
        and.push(
          eb.or([
            eb(sql`lower(event_log.text)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(event_log.actor_label)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(s.name)`, 'like', sql`${pattern} escape '\\'`),
          ]),
        );
      }
      return eb.and(and);
    });
  const after = page.after;
  if (after)
    query = query.where((eb) =>
      eb.or([
        eb('event_log.at', '<', after.at),
        eb.and([eb('event_log.at', '=', after.at), eb('event_log.id', '<', after.id)]),
      ]),
    );
  const rows = await query.orderBy('event_log.at', 'desc').orderBy('event_log.id', 'desc').limit(page.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    incident_id: r.incident_id,
    incident_title: r.incident_title ?? null,
    exercise: r.exercise === 1,
    at: r.at,
    recorded_at: r.recorded_at,
    kind: r.kind,
    author: r.actor_label,
    author_user_id: r.actor_user_id,
    system_id: r.system_id,
    system_name: r.system_name ?? null,
    unit_id: r.unit_id,
    unit_name: r.unit_name ?? null,
    text: r.text,
    data: parseData(r.data),
  }));
}

// A row written by hand or by an older version may hold something other than an object.
function parseData(text: string): { [key: string]: unknown } {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as { [key: string]: unknown })
      : { value };
  } catch {
    return { value: text };
  }
}

/** An incident's title and whether it is an exercise, or null when there is no such incident. */
export async function incidentHeading(
  db: Db,
  id: string,
): Promise<{ id: string; title: string; exercise: boolean } | null> {
  const row = await db
    .selectFrom('incidents')
    .select(['id', 'title', 'exercise'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, title: row.title, exercise: row.exercise === 1 } : null;
}

/** Whether a system and a unit exist (for a manual entry's references). */
export async function referencesExist(
  db: Db,
  refs: { system_id?: string; unit_id?: string },
): Promise<{ system: boolean; unit: boolean }> {
  const system = refs.system_id
    ? (await db.selectFrom('systems').select('id').where('id', '=', refs.system_id).executeTakeFirst()) !== undefined
    : true;
  const unit = refs.unit_id
    ? (await db.selectFrom('units').select('id').where('id', '=', refs.unit_id).executeTakeFirst()) !== undefined
    : true;
  return { system, unit };
}

/** When an incident was detected (ISO), or null when there is no such incident. */
export async function incidentDetectedAt(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('incidents').select('detected_at').where('id', '=', id).executeTakeFirst();
  return row?.detected_at ?? null;
}
