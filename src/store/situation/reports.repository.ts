import type { OverallState, ReportContent, ReportState } from '../../domain/situation/report.js';
import type { RhythmRule } from '../../domain/situation/rhythm.js';
import type { Db } from '../database.js';
import type { ReportTable, ReportVersionTable } from './situation.table.js';

/** A stored report, as the services read it (content parsed, booleans as booleans). */
export interface Report {
  id: string;
  incident_id: string;
  unit_id: string;
  cycle_at: string;
  state: ReportState;
  overall: OverallState | null;
  life_health_risk: boolean;
  content: ReportContent;
  version: number;
  first_submitted_at: string | null;
  submitted_at: string | null;
  submitted_by_user_id: string | null;
  late: boolean;
  created_at: string;
  updated_at: string;
}

/** One submitted version of a report. */
export interface ReportVersion {
  report_id: string;
  version: number;
  overall: OverallState;
  life_health_risk: boolean;
  content: ReportContent;
  submitted_at: string;
  submitted_by_user_id: string | null;
  late: boolean;
}

function toReport(row: ReportTable): Report {
  return {
    ...row,
    state: row.state as ReportState,
    overall: row.overall as OverallState | null,
    life_health_risk: row.life_health_risk === 1,
    content: JSON.parse(row.content) as ReportContent,
    late: row.late === 1,
  };
}

function toRow(report: Report): ReportTable {
  return {
    ...report,
    life_health_risk: report.life_health_risk ? 1 : 0,
    content: JSON.stringify(report.content),
    late: report.late ? 1 : 0,
  };
}

function toVersion(row: ReportVersionTable): ReportVersion {
  return {
    ...row,
    overall: row.overall as OverallState,
    life_health_risk: row.life_health_risk === 1,
    content: JSON.parse(row.content) as ReportContent,
    late: row.late === 1,
  };
}

/** The reporting rules of an incident, as the rhythm domain reads them. */
export async function listRhythmRules(db: Db, incidentId: string): Promise<RhythmRule[]> {
  const rows = await db
    .selectFrom('report_rhythms')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === 'once' ? 'once' : 'daily',
    time_of_day: r.time_of_day,
    at: r.at,
    unit_ids: JSON.parse(r.unit_ids) as string[],
    remind_minutes: r.remind_minutes,
    starts_at: r.starts_at,
    ends_at: r.ends_at,
  }));
}

/** One unit's report for one deadline of an incident, or undefined. */
export async function findReport(
  db: Db,
  incidentId: string,
  unitId: string,
  cycleAt: string,
): Promise<Report | undefined> {
  const row = await db
    .selectFrom('reports')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('unit_id', '=', unitId)
    .where('cycle_at', '=', cycleAt)
    .executeTakeFirst();
  return row ? toReport(row) : undefined;
}

/** One report by id, or undefined. */
export async function getReport(db: Db, id: string): Promise<Report | undefined> {
  const row = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toReport(row) : undefined;
}

/** The reports of an incident for one deadline (or every deadline), narrowed to one unit if given. */
export async function listReports(
  db: Db,
  incidentId: string,
  filter: { cycle_at?: string; unit_id?: string },
  limit?: number,
): Promise<Report[]> {
  let query = db.selectFrom('reports').selectAll().where('incident_id', '=', incidentId);
  if (filter.cycle_at) query = query.where('cycle_at', '=', filter.cycle_at);
  if (filter.unit_id) query = query.where('unit_id', '=', filter.unit_id);
  query = query.orderBy('cycle_at', 'desc').orderBy('unit_id');
  const rows = await (limit === undefined ? query : query.limit(limit)).execute();
  return rows.map(toReport);
}

/** Stores a new report (a draft, or a first submission). */
export async function insertReport(db: Db, report: Report): Promise<void> {
  await db.insertInto('reports').values(toRow(report)).execute();
}

/** Replaces a stored report's fields. */
export async function updateReport(db: Db, report: Report): Promise<void> {
  const { id, ...rest } = toRow(report);
  await db.updateTable('reports').set(rest).where('id', '=', id).execute();
}

/** Appends a submitted version. */
export async function insertReportVersion(db: Db, version: ReportVersion): Promise<void> {
  await db
    .insertInto('report_versions')
    .values({
      ...version,
      life_health_risk: version.life_health_risk ? 1 : 0,
      content: JSON.stringify(version.content),
      late: version.late ? 1 : 0,
    })
    .execute();
}

/** Every submitted version of a report, first first. */
export async function listReportVersions(db: Db, reportId: string): Promise<ReportVersion[]> {
  const rows = await db
    .selectFrom('report_versions')
    .selectAll()
    .where('report_id', '=', reportId)
    .orderBy('version')
    .execute();
  return rows.map(toVersion);
}

/** The ids of the needs already raised from a report. */
export async function needIdsOfReport(db: Db, reportId: string): Promise<string[]> {
  const rows = await db.selectFrom('needs').select('id').where('report_id', '=', reportId).execute();
  return rows.map((r) => r.id);
}

/** The catalogue's systems with the names a reporter picks them by. */
export async function listSystemNames(
  db: Db,
): Promise<{ id: string; name: string; public_name: string | null; owner: string | null }[]> {
  const rows = await db.selectFrom('systems').select(['id', 'name', 'public_name', 'owner']).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, public_name: r.public_name ?? null, owner: r.owner ?? null }));
}

/** The catalogue's units by name. */
export async function listUnitsByName(db: Db): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('units').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}
