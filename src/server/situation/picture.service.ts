/**
 * The common situation picture (docs/api.md, "Situation picture"): the draft built now from the latest reports,
 * needs, the plan's forecast and the decision log; and approval, which freezes a version of it for good.
 */
import { LifeboatError } from '../../domain/errors.js';
import type { ChainHead } from '../../domain/journal/chain.js';
import { INTERNAL } from '../../domain/live/events.js';
import { buildPicture, type PictureContent } from '../../domain/situation/picture.js';
import type { Db } from '../../store/database.js';
import { decisionsHead, listDecisionRecords } from '../../store/decisions/decisions.repository.js';
import { activeIncidentId, getIncident, listIncidents } from '../../store/incident/incident.repository.js';
import {
  getPicture,
  insertPicture,
  latestPicture,
  latestSubmittedReports,
  listIncidentNeeds,
  listPictures,
  nextPictureVersion,
  type StoredPicture,
} from '../../store/situation/picture.repository.js';
import type { Actor } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { currentPlanInput, type PlanCache } from '../plan/plan.service.js';
import { organisationZone } from '../tasks/tasks.service.js';
import { emit, lock } from '../tx.js';

/** The picture with what the service adds: the exercise flag and the decision log's head. */
export type PictureView = PictureContent & { exercise: boolean; decision_head: ChainHead };

/** GET /api/picture's answer. */
export interface DraftPicture {
  incident: { id: string; title: string; exercise: boolean } | null;
  time_zone: string;
  picture: PictureView;
  last_approved: PictureSummary | null;
}

/** An approved picture without its content. */
export interface PictureSummary {
  id: string;
  incident_id: string;
  version: number;
  summary: string;
  decision_head: string | null;
  approved_at: string;
  approved_by_label: string;
  exercise: boolean;
}

/** An approved picture with its frozen content. */
export interface ApprovedPicture extends PictureSummary {
  incident_title: string;
  time_zone: string;
  content: PictureView;
}

function isContent(value: unknown): value is PictureContent {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Builds the picture of the open incident as it stands at `now` (an empty one when none is open), with the
 * plan's P50/P90 of the stored catalogue from the same cache GET /api/plan uses.
 */
export async function buildDraft(db: Db, cache: PlanCache, now: Date): Promise<DraftPicture> {
  const incidentId = await activeIncidentId(db);
  const incident = incidentId ? await getIncident(db, incidentId) : undefined;
  const { catalogue, options, asOf } = await currentPlanInput(db, now);
  const plan = await cache.plan(catalogue, options);
  const lines = new Map(plan.systems.map((s) => [s.id, s]));
  // The plan counts from its own moment (now, or floored with actuals); the picture counts from now.
  const shift = (now.getTime() - asOf.getTime()) / 3_600_000;
  const hours = (h: number | undefined) => (h === undefined ? null : h - shift);
  const systems = catalogue.systems.map((s) => ({
    id: s.id,
    name: s.name,
    status: s.status ?? 'down',
    p50_h: hours(lines.get(s.id)?.p50_h),
    p90_h: hours(lines.get(s.id)?.p90_h),
  }));
  const previous = incident ? await latestPicture(db, incident.id) : undefined;
  const content = buildPicture({
    now,
    units: catalogue.units.map((u) => ({ id: u.id, name: u.name })),
    reports: incident ? await latestSubmittedReports(db, incident.id, now) : [],
    needs: incident ? await listIncidentNeeds(db, incident.id, now) : [],
    systems,
    decisions: incident
      ? (await listDecisionRecords(db, { incidentId: incident.id })).filter((d) => d.recorded_at <= now.toISOString())
      : [],
    previous:
      previous && isContent(previous.content)
        ? { content: previous.content, approved_at: previous.approved_at, version: previous.version }
        : null,
    ...(plan.learning ? { learning: plan.learning } : {}),
  });
  const exercise = incident?.exercise ?? false;
  return {
    incident: incident ? { id: incident.id, title: incident.title, exercise } : null,
    time_zone: await organisationZone(db),
    picture: { ...content, exercise, decision_head: await decisionsHead(db) },
    last_approved: previous ? summaryOf(previous, exercise) : null,
  };
}

function summaryOf(p: StoredPicture | Omit<StoredPicture, 'content'>, exercise: boolean): PictureSummary {
  return {
    id: p.id,
    incident_id: p.incident_id,
    version: p.version,
    summary: p.summary,
    decision_head: p.decision_head,
    approved_at: p.approved_at,
    approved_by_label: p.approved_by_label,
    exercise,
  };
}

/**
 * Approves the picture as it stands now, with the staff's summary: frozen as JSON, the next version of the
 * incident's pictures, with the decision log's head at this moment; logged (kind `picture`) and announced
 * (`picture.approved`). The `picture` lock makes two approvals at once two versions, never one twice.
 */
export async function approvePicture(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  cache: PlanCache,
  actor: Actor,
  summary: string,
): Promise<ApprovedPicture> {
  await lock(trx, 'picture');
  const text = summary.trim();
  if (!text) {
    throw new LifeboatError('validation_failed', 'Write a summary of the picture.', {
      field: 'summary',
      key: 'err.picture.blankSummary',
    });
  }
  const now = deps.clock();
  const draft = await buildDraft(trx, cache, now);
  if (!draft.incident) {
    throw new LifeboatError('conflict', 'No incident is open: there is no situation picture to approve.', {
      key: 'err.picture.noIncident',
    });
  }
  const stored: StoredPicture = {
    id: deps.ids(),
    incident_id: draft.incident.id,
    version: await nextPictureVersion(trx, draft.incident.id),
    summary: text,
    content: draft.picture,
    decision_head: draft.picture.decision_head.seq > 0 ? draft.picture.decision_head.hash : null,
    approved_at: now.toISOString(),
    approved_by_user_id: actor.userId,
    approved_by_label: actor.label,
  };
  await insertPicture(trx, stored);
  await recordEvent(trx, deps, actor, {
    kind: 'picture',
    text,
    data: { picture_id: stored.id, version: stored.version, decision_head: stored.decision_head },
  });
  await emit(trx, now, {
    type: 'picture.approved',
    audience: INTERNAL,
    data: { picture_id: stored.id, version: stored.version },
  });
  return {
    ...summaryOf(stored, draft.incident.exercise),
    incident_title: draft.incident.title,
    time_zone: draft.time_zone,
    content: draft.picture,
  };
}

/** Every approved picture, newest first, each marked when its incident is an exercise. */
export async function listApprovedPictures(db: Db): Promise<{ time_zone: string; pictures: PictureSummary[] }> {
  const exercise = new Map((await listIncidents(db)).map((i) => [i.id, i.exercise]));
  const pictures = (await listPictures(db)).map((p) => summaryOf(p, exercise.get(p.incident_id) ?? false));
  return { time_zone: await organisationZone(db), pictures };
}

/** One approved picture as it was approved, or 404. */
export async function getApprovedPicture(db: Db, id: string): Promise<ApprovedPicture> {
  const stored = await getPicture(db, id);
  if (!stored || !isContent(stored.content)) {
    throw new LifeboatError('not_found', 'There is no such situation picture.', {
      field: 'id',
      key: 'err.picture.notFound',
    });
  }
  const incident = await getIncident(db, stored.incident_id);
  const exercise = incident?.exercise ?? false;
  const content = stored.content as PictureView;
  return {
    ...summaryOf(stored, exercise),
    incident_title: incident?.title ?? '',
    time_zone: await organisationZone(db),
    // The flag follows the incident: one marked as an exercise later is an exercise in every export.
    content: { ...content, exercise: exercise || content.exercise === true },
  };
}

/** The export of one approved picture: the picture, the decision log's head it carries, and the exercise flag. */
export async function exportPicture(db: Db, id: string, now: Date) {
  const picture = await getApprovedPicture(db, id);
  const head = picture.content.decision_head;
  return {
    kind: 'lifeboat.situation_picture' as const,
    exported_at: now.toISOString(),
    exercise: picture.exercise || picture.content.exercise,
    decision_log_head: { seq: typeof head?.seq === 'number' ? head.seq : 0, hash: picture.decision_head },
    picture,
  };
}
