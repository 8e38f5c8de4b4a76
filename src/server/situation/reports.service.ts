import { mayActForUnit, type Reader } from '../../domain/access.js';
import { LifeboatError } from '../../domain/errors.js';
import { checkContent, isoInstant, lateness, type ReportContent } from '../../domain/situation/report.js';
import { type Deadline, deadlinesBetween, mustReport } from '../../domain/situation/rhythm.js';
import { zoneFormatter } from '../../domain/time.js';
import type { Db } from '../../store/database.js';
import {
  findReport,
  getReport,
  insertReport,
  insertReportVersion,
  listReports,
  listReportVersions,
  listRhythmRules,
  listSystemNames,
  listUnitsByName,
  needIdsOfReport,
  type Report,
  type ReportVersion,
  updateReport,
} from '../../store/situation/reports.repository.js';
import { activeIncident } from '../../store/tasks/tasks.repository.js';
import { OtherUnitRefusal } from '../audit/refusals.js';
import type { AuthUser } from '../auth/guard.js';
import { actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { organisationZone } from '../tasks/tasks.service.js';
import { emit, lock } from '../tx.js';
import { raiseNeed } from './raise-need.js';

type Deps = Pick<AppDeps, 'clock' | 'ids'>;
const DAY = 86_400_000;
/** The most reports GET /api/reports answers at once. */
export const MAX_LISTED_REPORTS = 1000;
/** How far back and ahead the form offers deadlines. */
const FORM_WINDOW_MS = 2 * DAY;

// Refusals that hide another unit's report from a reporter: the route audits these (see reports.routes.ts).
function notFound(): LifeboatError {
  return new LifeboatError('not_found', 'There is no such report.', { key: 'err.report.notFound' });
}

function readerOf(user: AuthUser): Reader {
  return { role: user.role, unit_id: user.unitId };
}

// A reporter asking for another unit learns nothing, existing or not; the refusal is marked for the audit.
function requireUnit(user: AuthUser, action: 'report.write' | 'report.read', unitId: string): void {
  if (mayActForUnit(readerOf(user), action, unitId)) return;
  throw new OtherUnitRefusal(
    'There is no such report.',
    { key: 'err.report.notFound' },
    { record: 'report', id: null, unit_id: unitId },
  );
}

/** A report as the API returns it. */
export type ReportView = Report & { unit_name: string };

/** A version as the API returns it. */
export type VersionView = Omit<ReportVersion, 'report_id'>;

async function unitNames(db: Db): Promise<Map<string, string>> {
  return new Map((await listUnitsByName(db)).map((u) => [u.id, u.name]));
}

function view(report: Report, names: Map<string, string>): ReportView {
  return { ...report, unit_name: names.get(report.unit_id) ?? report.unit_id };
}

async function requireIncident(db: Db): Promise<{ id: string; title: string; detected_at: string }> {
  const incident = await activeIncident(db);
  if (!incident) {
    throw new LifeboatError('conflict', 'No incident is open: there is nothing to report on.', {
      key: 'err.report.noIncident',
    });
  }
  return incident;
}

async function zoneOf(db: Db) {
  return zoneFormatter(await organisationZone(db));
}

/** The deadline at `cycleAt` if the active incident's rhythm makes one that the unit must report by. */
async function unitDeadline(db: Db, incidentId: string, unitId: string, cycleAt: string): Promise<Deadline | null> {
  const at = Date.parse(cycleAt);
  const [deadline] = deadlinesBetween(await listRhythmRules(db, incidentId), at, at, await zoneOf(db));
  return deadline && deadline.at === cycleAt && mustReport(deadline, unitId) ? deadline : null;
}

async function checkDeadline(db: Db, incidentId: string, unitId: string, cycleAt: string): Promise<string> {
  const at = isoInstant(cycleAt, 'cycle_at');
  if (!(await unitDeadline(db, incidentId, unitId, at))) {
    throw new LifeboatError('validation_failed', 'This is not one of the unit’s reporting deadlines.', {
      field: 'cycle_at',
      key: 'err.report.noDeadline',
    });
  }
  return at;
}

function checkUnitExists(unitId: string, names: Map<string, string>): void {
  if (names.has(unitId)) return;
  throw new LifeboatError('validation_failed', `There is no unit "${unitId}".`, {
    field: 'unit_id',
    key: 'err.catalogue.noUnit',
    params: { id: unitId },
  });
}

async function checked(db: Db, content: ReportContent, submit: boolean): Promise<ReportContent> {
  const systems = new Set((await listSystemNames(db)).map((s) => s.id));
  return checkContent(content, { systemExists: (id) => systems.has(id) }, submit);
}

/** What GET /api/report-form asks for. */
export interface FormQuery {
  unit_id?: string;
  cycle_at?: string;
}

/**
 * What the form needs: the units the caller may report for, the unit's deadlines around now (the next one
 * chosen unless another is asked for), the systems to pick from, and the report so far, if any.
 */
export async function reportForm(db: Db, now: Date, user: AuthUser, query: FormQuery) {
  const names = await unitNames(db);
  const units = [...names]
    .filter(([id]) => mayActForUnit(readerOf(user), 'report.write', id))
    .map(([id, name]) => ({ id, name }));
  const unitId = query.unit_id ?? (user.role === 'reporter' ? user.unitId : units[0]?.id) ?? null;
  if (unitId !== null) requireUnit(user, 'report.read', unitId);
  if (unitId !== null && query.unit_id !== undefined) checkUnitExists(unitId, names);
  const incident = await activeIncident(db);
  const zone = await zoneOf(db);
  const systems = (await listSystemNames(db)).map(({ id, name, public_name }) => ({ id, name, public_name }));
  const base = {
    now: now.toISOString(),
    time_zone: zone.zone,
    incident: incident ? { id: incident.id, title: incident.title } : null,
    unit: unitId === null ? null : { id: unitId, name: names.get(unitId) ?? unitId },
    units,
    systems,
  };
  if (!incident || unitId === null) return { ...base, deadlines: [], cycle_at: null, report: null };
  const rules = await listRhythmRules(db, incident.id);
  const deadlines = deadlinesBetween(rules, now.getTime() - FORM_WINDOW_MS, now.getTime() + FORM_WINDOW_MS, zone)
    .filter((d) => mustReport(d, unitId))
    .map((d) => ({ at: d.at, passed: Date.parse(d.at) < now.getTime() }));
  let cycleAt: string | null;
  if (query.cycle_at !== undefined) {
    cycleAt = await checkDeadline(db, incident.id, unitId, query.cycle_at);
    if (!deadlines.some((d) => d.at === cycleAt)) {
      deadlines.push({ at: cycleAt, passed: Date.parse(cycleAt) < now.getTime() });
      deadlines.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    }
  } else {
    cycleAt = (deadlines.find((d) => !d.passed) ?? deadlines.at(-1))?.at ?? null;
  }
  const report = cycleAt === null ? undefined : await findReport(db, incident.id, unitId, cycleAt);
  return { ...base, deadlines, cycle_at: cycleAt, report: report ? view(report, names) : null };
}

/** A unit's report for one deadline, as written. */
export interface ReportWrite {
  unit_id: string;
  cycle_at: string;
  content: ReportContent;
}

async function prepare(trx: Db, user: AuthUser, input: ReportWrite, submit: boolean) {
  requireUnit(user, 'report.write', input.unit_id);
  // One writer at a time per report: a draft and a submit racing would otherwise both insert it.
  await lockReportsOf(trx, input.unit_id);
  const names = await unitNames(trx);
  checkUnitExists(input.unit_id, names);
  const incident = await requireIncident(trx);
  const cycleAt = await checkDeadline(trx, incident.id, input.unit_id, input.cycle_at);
  const content = await checked(trx, input.content, submit);
  const existing = await findReport(trx, incident.id, input.unit_id, cycleAt);
  if (existing?.state === 'submitted') {
    throw new LifeboatError('conflict', 'This report has already been submitted: amend it instead.', {
      field: 'cycle_at',
      key: 'err.report.alreadySubmitted',
    });
  }
  return { names, incident, cycleAt, content, existing };
}

/**
 * Serialises the writers of one unit's reports. Per unit, not for all reports: 200 units reporting at one
 * deadline do not wait for each other (under the load bench, one lock for all of them made submits queue for
 * up to 132 ms on PostgreSQL), and nothing a report writes is shared with another unit's.
 */
function lockReportsOf(trx: Db, unitId: string): Promise<void> {
  return lock(trx, `reports:${unitId}`);
}

async function announce(trx: Db, deps: Deps, report: Report): Promise<void> {
  await emit(trx, deps.clock(), {
    type: 'report.changed',
    audience: { kind: 'unit', unit_id: report.unit_id },
    data: { report_id: report.id, unit_id: report.unit_id, cycle_at: report.cycle_at, state: report.state },
  });
}

/** Saves a draft of a unit's report for a deadline (before it is submitted). */
export async function saveDraft(trx: Db, deps: Deps, user: AuthUser, input: ReportWrite): Promise<ReportView> {
  const { names, incident, cycleAt, content, existing } = await prepare(trx, user, input, false);
  const now = deps.clock().toISOString();
  const report: Report = existing
    ? { ...existing, content, overall: content.overall, life_health_risk: content.life_health_risk, updated_at: now }
    : {
        id: deps.ids(),
        incident_id: incident.id,
        unit_id: input.unit_id,
        cycle_at: cycleAt,
        state: 'draft',
        overall: content.overall,
        life_health_risk: content.life_health_risk,
        content,
        version: 0,
        first_submitted_at: null,
        submitted_at: null,
        submitted_by_user_id: null,
        late: false,
        created_at: now,
        updated_at: now,
      };
  if (existing) await updateReport(trx, report);
  else await insertReport(trx, report);
  await announce(trx, deps, report);
  return view(report, names);
}

// Raises the needs not raised before from this report and writes their ids into the content; a need_id
// that is not one of this report's needs is refused (it would otherwise be silently dropped).
async function raiseNewNeeds(
  trx: Db,
  deps: Deps,
  user: AuthUser,
  report: Pick<Report, 'id' | 'incident_id' | 'unit_id'>,
  content: ReportContent,
): Promise<ReportContent> {
  const known = new Set(await needIdsOfReport(trx, report.id));
  const needs = [];
  for (const [i, need] of content.needs.entries()) {
    if (need.need_id) {
      if (!known.has(need.need_id)) {
        throw new LifeboatError('validation_failed', 'This need does not belong to this report.', {
          field: `content.needs.${i}.need_id`,
          key: 'err.report.foreignNeed',
        });
      }
      needs.push(need);
      continue;
    }
    const needId = await raiseNeed(trx, deps, actorOf(user), {
      incident_id: report.incident_id,
      unit_id: report.unit_id,
      report_id: report.id,
      title: need.title,
      detail: need.detail,
      category: need.category,
      urgency: need.urgency,
      system_ids: need.system_ids,
    });
    needs.push({ ...need, need_id: needId });
  }
  return { ...content, needs };
}

async function storeVersion(trx: Db, deps: Deps, user: AuthUser, report: Report, action: string): Promise<void> {
  const overall = report.content.overall;
  if (overall === null || report.submitted_at === null) return;
  const version: ReportVersion = {
    report_id: report.id,
    version: report.version,
    overall,
    life_health_risk: report.life_health_risk,
    content: report.content,
    submitted_at: report.submitted_at,
    submitted_by_user_id: user.id,
    late: lateness(report, report.submitted_at).version_late,
  };
  await insertReportVersion(trx, version);
  await recordEvent(trx, deps, actorOf(user), {
    kind: 'report',
    unit_id: report.unit_id,
    system_id: null,
    text: null,
    data: {
      report_id: report.id,
      action,
      cycle_at: report.cycle_at,
      version: report.version,
      overall,
      late: version.late,
      life_health_risk: report.life_health_risk,
    },
  });
  await announce(trx, deps, report);
}

/** Submits a unit's report for a deadline: version 1, late if after it, and the needs it lists raised. */
export async function submitReport(trx: Db, deps: Deps, user: AuthUser, input: ReportWrite): Promise<ReportView> {
  const { names, incident, cycleAt, content, existing } = await prepare(trx, user, input, true);
  const now = deps.clock().toISOString();
  const id = existing?.id ?? deps.ids();
  const base: Report = {
    id,
    incident_id: incident.id,
    unit_id: input.unit_id,
    cycle_at: cycleAt,
    state: 'submitted',
    overall: content.overall,
    life_health_risk: content.life_health_risk,
    content,
    version: 1,
    first_submitted_at: now,
    submitted_at: now,
    submitted_by_user_id: user.id,
    late: lateness({ cycle_at: cycleAt, first_submitted_at: null }, now).report_late,
    created_at: existing?.created_at ?? now,
    updated_at: now,
  };
  // The report row comes first: the needs name it.
  if (existing) await updateReport(trx, base);
  else await insertReport(trx, base);
  const report = { ...base, content: await raiseNewNeeds(trx, deps, user, base, content) };
  await updateReport(trx, report);
  await storeVersion(trx, deps, user, report, 'submitted');
  return view(report, names);
}

async function visibleReport(db: Db, user: AuthUser, id: string, action: 'report.read' | 'report.write') {
  const report = await getReport(db, id);
  if (!report) throw notFound();
  requireUnit(user, action, report.unit_id);
  return report;
}

/** Amends a submitted report: a new version, late if after the deadline; only needs new to it are raised. */
export async function amendReport(
  trx: Db,
  deps: Deps,
  user: AuthUser,
  id: string,
  input: { content: ReportContent },
): Promise<ReportView> {
  const before = await visibleReport(trx, user, id, 'report.write');
  await lockReportsOf(trx, before.unit_id);
  const current = (await getReport(trx, id)) ?? before;
  if (current.state !== 'submitted') {
    throw new LifeboatError('conflict', 'Only a submitted report can be amended: submit it first.', {
      key: 'err.report.notSubmitted',
    });
  }
  const content = await checked(trx, input.content, true);
  const now = deps.clock().toISOString();
  const next: Report = {
    ...current,
    overall: content.overall,
    life_health_risk: content.life_health_risk,
    content: await raiseNewNeeds(trx, deps, user, current, content),
    version: current.version + 1,
    submitted_at: now,
    submitted_by_user_id: user.id,
    updated_at: now,
  };
  await updateReport(trx, next);
  await storeVersion(trx, deps, user, next, 'amended');
  return view(next, await unitNames(trx));
}

/** The reports the caller may read, for one deadline or all of the active incident's. */
export async function listReportsFor(db: Db, user: AuthUser, query: { cycle_at?: string; unit_id?: string }) {
  const incident = await activeIncident(db);
  if (!incident) return { reports: [] };
  if (query.unit_id !== undefined) requireUnit(user, 'report.read', query.unit_id);
  const unitId = user.role === 'reporter' ? (user.unitId ?? '') : query.unit_id;
  const cycleAt = query.cycle_at === undefined ? undefined : isoInstant(query.cycle_at, 'cycle_at');
  const names = await unitNames(db);
  // Every report carries its whole content: past the cap the caller is asked to narrow the list, rather
  // than the server reading and sending all of a long incident's reports at once.
  const reports = await listReports(db, incident.id, { cycle_at: cycleAt, unit_id: unitId }, MAX_LISTED_REPORTS + 1);
  if (reports.length > MAX_LISTED_REPORTS) {
    throw new LifeboatError(
      'validation_failed',
      `There are more than ${MAX_LISTED_REPORTS} reports: choose a deadline or a unit.`,
      { field: 'cycle_at', key: 'err.report.tooMany', params: { max: MAX_LISTED_REPORTS } },
    );
  }
  return { reports: reports.map((r) => view(r, names)) };
}

/** One report with every submitted version. */
export async function getReportFor(db: Db, user: AuthUser, id: string) {
  const report = await visibleReport(db, user, id, 'report.read');
  const versions = (await listReportVersions(db, id)).map(({ report_id: _, ...v }) => v);
  return { report: view(report, await unitNames(db)), versions };
}
