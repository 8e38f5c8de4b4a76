/**
 * Rows of the situation tables for tests of the picture: an incident, submitted reports (with their versions)
 * and needs, written straight into the database as the reports and needs services would leave them.
 */
import type { Db } from '../../src/store/database.js';

let counter = 0;
const next = (prefix: string) => `${prefix}-${++counter}`;

/** Opens an incident (exercise or not) detected an hour before `at`. */
export async function insertIncident(
  db: Db,
  opts: { id?: string; at: string; exercise?: boolean; title?: string },
): Promise<string> {
  const id = opts.id ?? next('inc');
  const detected = new Date(Date.parse(opts.at) - 3_600_000).toISOString();
  await db
    .insertInto('incidents')
    .values({
      id,
      title: opts.title ?? 'Utpressningsvirus',
      detected_at: detected,
      phase: 'recovery',
      severity: 'high',
      exercise: opts.exercise ? 1 : 0,
      created_at: opts.at,
      created_by: null,
      updated_at: opts.at,
      closed_at: null,
      forecast: null,
    })
    .execute();
  return id;
}

/** What a submitted report says; the content follows the form's headings (helper B's shape). */
export interface ReportSpec {
  incident_id: string;
  unit_id: string;
  cycle_at: string;
  submitted_at: string;
  overall: 'normal' | 'affected' | 'severely_affected';
  life_health_risk?: boolean;
  late?: boolean;
  situation?: string;
  consequences?: string;
  missing_systems?: { system_id: string; need_by: string }[];
  /** Versions submitted before this one (an amendment's history). */
  versions?: number;
}

/** Stores a submitted report and its versions (the last one is `spec`). Returns the report's id. */
export async function insertReport(db: Db, spec: ReportSpec): Promise<string> {
  const id = next('rep');
  const content = JSON.stringify({
    situation: spec.situation ?? '',
    consequences: spec.consequences ?? '',
    life_health_risk: spec.life_health_risk ?? false,
    actions: '',
    workarounds: [],
    missing_systems: spec.missing_systems ?? [],
    staffing: '',
    needs: [],
    forecast: '',
    questions: '',
  });
  const versions = (spec.versions ?? 0) + 1;
  const lhr = spec.life_health_risk ? 1 : 0;
  await db
    .insertInto('reports')
    .values({
      id,
      incident_id: spec.incident_id,
      unit_id: spec.unit_id,
      cycle_at: spec.cycle_at,
      state: 'submitted',
      overall: spec.overall,
      life_health_risk: lhr,
      content,
      version: versions,
      first_submitted_at: spec.submitted_at,
      submitted_at: spec.submitted_at,
      submitted_by_user_id: null,
      late: spec.late ? 1 : 0,
      created_at: spec.submitted_at,
      updated_at: spec.submitted_at,
    })
    .execute();
  for (let v = 1; v <= versions; v++) {
    const last = v === versions;
    await db
      .insertInto('report_versions')
      .values({
        report_id: id,
        version: v,
        // Earlier versions said something else: the picture must read the last one.
        overall: last ? spec.overall : 'normal',
        life_health_risk: last ? lhr : 0,
        content: last ? content : '{}',
        submitted_at: spec.submitted_at,
        submitted_by_user_id: null,
        late: spec.late ? 1 : 0,
      })
      .execute();
  }
  return id;
}

/** Stores a need as the needs service would. Returns its id. */
export async function insertNeed(
  db: Db,
  spec: {
    incident_id: string;
    unit_id: string;
    title: string;
    urgency: 'low' | 'medium' | 'high' | 'critical';
    status?: string;
    at: string;
    system_ids?: string[];
  },
): Promise<string> {
  const id = next('need');
  await db
    .insertInto('needs')
    .values({
      id,
      incident_id: spec.incident_id,
      unit_id: spec.unit_id,
      report_id: null,
      title: spec.title,
      detail: '',
      category: 'it',
      urgency: spec.urgency,
      status: spec.status ?? 'new',
      owner_user_id: null,
      system_ids: JSON.stringify(spec.system_ids ?? []),
      created_at: spec.at,
      created_by_user_id: null,
      updated_at: spec.at,
    })
    .execute();
  return id;
}
