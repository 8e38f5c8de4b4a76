import type { PictureNeedInput, PictureReportInput } from '../../domain/situation/picture.js';
import type { Db } from '../database.js';
import type { PictureTable } from './situation.table.js';

function parsed(textValue: string): unknown {
  try {
    return JSON.parse(textValue);
  } catch {
    return null;
  }
}

function stringList(textValue: string): string[] {
  const value = parsed(textValue);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Each unit's latest submitted report of an incident: the last version, as sent, of its report for the latest
 * deadline it has submitted for. A draft being edited (the report row's own content) never reaches the picture.
 */
export async function latestSubmittedReports(db: Db, incidentId: string, asOf: Date): Promise<PictureReportInput[]> {
  // Every version of the incident is scanned to find each unit's latest, so the scan leaves out the content:
  // only the few versions chosen are read in full.
  const rows = await db
    .selectFrom('report_versions')
    .innerJoin('reports', 'reports.id', 'report_versions.report_id')
    .select([
      'reports.unit_id',
      'reports.cycle_at',
      'report_versions.report_id',
      'report_versions.version',
      'report_versions.submitted_at',
    ])
    .where('reports.incident_id', '=', incidentId)
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    // A picture of an earlier moment (the demo's of yesterday) knows only what had been sent by then.
    if (Date.parse(row.submitted_at) > asOf.getTime()) continue;
    const seen = latest.get(row.unit_id);
    const newer =
      !seen ||
      Date.parse(row.cycle_at) > Date.parse(seen.cycle_at) ||
      (Date.parse(row.cycle_at) === Date.parse(seen.cycle_at) && Number(row.version) > Number(seen.version));
    if (newer) latest.set(row.unit_id, row);
  }
  const chosen = [...latest.values()];
  if (chosen.length === 0) return [];
  // One read for all the chosen reports' versions (a report has a few, one per amendment), not one per unit.
  const versions = await db
    .selectFrom('report_versions')
    .select(['report_id', 'version', 'overall', 'life_health_risk', 'content', 'late'])
    .where(
      'report_id',
      'in',
      chosen.map((c) => c.report_id),
    )
    .execute();
  const full = new Map(versions.map((v) => [`${v.report_id} ${Number(v.version)}`, v]));
  return chosen.map((c) => {
    const r = full.get(`${c.report_id} ${Number(c.version)}`);
    if (!r) throw new Error(`report version ${c.report_id} ${c.version} vanished while the picture was read`);
    return {
      unit_id: c.unit_id,
      cycle_at: c.cycle_at,
      submitted_at: c.submitted_at,
      overall: r.overall,
      life_health_risk: Number(r.life_health_risk) === 1,
      late: Number(r.late) === 1,
      content: parsed(r.content),
    };
  });
}

/** Every need of an incident raised by `asOf`, whatever its status. */
export async function listIncidentNeeds(db: Db, incidentId: string, asOf: Date): Promise<PictureNeedInput[]> {
  const rows = await db
    .selectFrom('needs')
    .select(['id', 'unit_id', 'title', 'category', 'urgency', 'status', 'system_ids', 'created_at'])
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows
    .filter((r) => Date.parse(r.created_at) <= asOf.getTime())
    .map((r) => ({ ...r, system_ids: stringList(r.system_ids) }));
}

/** An approved picture as stored, its content parsed. */
export interface StoredPicture {
  id: string;
  incident_id: string;
  version: number;
  summary: string;
  content: unknown;
  decision_head: string | null;
  approved_at: string;
  approved_by_user_id: string | null;
  approved_by_label: string;
}

function toPicture(row: PictureTable): StoredPicture {
  return { ...row, version: Number(row.version), content: parsed(row.content) };
}

/** Stores an approved picture; its content is frozen as JSON text. */
export async function insertPicture(db: Db, picture: StoredPicture): Promise<void> {
  await db
    .insertInto('pictures')
    .values({ ...picture, content: JSON.stringify(picture.content) })
    .execute();
}

/** The next version number of an incident's pictures (1 for the first). */
export async function nextPictureVersion(db: Db, incidentId: string): Promise<number> {
  const row = await db
    .selectFrom('pictures')
    .select((eb) => eb.fn.max('version').as('max'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** The last approved picture of an incident, or undefined before the first. */
export async function latestPicture(db: Db, incidentId: string): Promise<StoredPicture | undefined> {
  const row = await db
    .selectFrom('pictures')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return row ? toPicture(row) : undefined;
}

/** One approved picture, or undefined. */
export async function getPicture(db: Db, id: string): Promise<StoredPicture | undefined> {
  const row = await db.selectFrom('pictures').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPicture(row) : undefined;
}

/** The approved pictures without their content, newest first (of one incident, or of all). */
export async function listPictures(db: Db, incidentId?: string): Promise<Omit<StoredPicture, 'content'>[]> {
  let query = db
    .selectFrom('pictures')
    .select([
      'id',
      'incident_id',
      'version',
      'summary',
      'decision_head',
      'approved_at',
      'approved_by_user_id',
      'approved_by_label',
    ]);
  if (incidentId !== undefined) query = query.where('incident_id', '=', incidentId);
  const rows = await query.orderBy('approved_at', 'desc').orderBy('version', 'desc').execute();
  return rows.map((r) => ({ ...r, version: Number(r.version) }));
}
