/**
 * A unit's situation report (lägesrapport): its content under the headings Swedish crisis staffs use, the
 * checks across fields a submitted report must pass, and when a submission is late. Pure.
 */
import { LifeboatError } from '../errors.js';
import { parseInstant } from '../time.js';
import type { NeedCategory, NeedUrgency } from './needs.js';

/** The overall state a unit reports, best first. */
export const OVERALL_STATES = ['normal', 'affected', 'severely_affected'] as const;
export type OverallState = (typeof OVERALL_STATES)[number];

/** Whether a report is still a draft or has been submitted (then amended as new versions). */
export const REPORT_STATES = ['draft', 'submitted'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** A workaround in use, and until when it can last (null: as long as needed). */
export interface Workaround {
  description: string;
  lasts_until: string | null;
}

/** A system the unit misses, and by when it needs it back. */
export interface MissingSystem {
  system_id: string;
  need_by: string | null;
}

/** A need for support as written in a report; `need_id` is set once it has been raised (on first submit). */
export interface ReportNeed {
  need_id?: string | null;
  title: string;
  detail: string;
  category: NeedCategory;
  urgency: NeedUrgency;
  system_ids: string[];
}

/** What a report says. A draft may leave anything empty; a submission must pass `checkSubmission`. */
export interface ReportContent {
  overall: OverallState | null;
  /** Läge. */
  situation: string;
  /** Konsekvenser för verksamheten. */
  consequences: string;
  /** Life, health or a critical societal function is at risk. */
  life_health_risk: boolean;
  /** Åtgärder, vidtagna och planerade. */
  actions: string;
  workarounds: Workaround[];
  missing_systems: MissingSystem[];
  /** Bemanning. */
  staffing: string;
  needs: ReportNeed[];
  /** Prognos. */
  forecast: string;
  /** Frågor till krisledningen. */
  questions: string;
}

/** An empty report, as the form starts. */
export function emptyContent(): ReportContent {
  return {
    overall: null,
    situation: '',
    consequences: '',
    life_health_risk: false,
    actions: '',
    workarounds: [],
    missing_systems: [],
    staffing: '',
    needs: [],
    forecast: '',
    questions: '',
  };
}

function invalid(field: string, message: string, key: string, params?: Record<string, string>): LifeboatError {
  return new LifeboatError('validation_failed', message, { field, key, params });
}

/** An ISO instant with its zone, in the form `Date.toISOString()` writes, or a validation error naming the field. */
export function isoInstant(value: string, field: string): string {
  const ms = parseInstant(value);
  if (ms === null) throw invalid(field, 'This is not a valid date and time.', 'err.report.badTime');
  return new Date(ms).toISOString();
}

/**
 * Checks a report's content across fields and returns it normalised (times in ISO form, texts trimmed).
 * `known` says which systems exist. A draft (`submit` false) may be incomplete; a submission needs an
 * overall state and a situation, and a need-by for every missing system. Throws naming the first bad field.
 */
export function checkContent(
  content: ReportContent,
  known: { systemExists: (id: string) => boolean },
  submit: boolean,
): ReportContent {
  const seenSystems = new Set<string>();
  const missing_systems = content.missing_systems.map((m, i) => {
    const field = `content.missing_systems.${i}`;
    if (!known.systemExists(m.system_id)) {
      throw invalid(`${field}.system_id`, `There is no system "${m.system_id}".`, 'err.report.noSystem', {
        id: m.system_id,
      });
    }
    if (seenSystems.has(m.system_id)) {
      throw invalid(`${field}.system_id`, 'This system is already listed.', 'err.report.duplicateSystem');
    }
    seenSystems.add(m.system_id);
    if (submit && m.need_by === null) {
      throw invalid(`${field}.need_by`, 'Say by when the unit needs this system.', 'err.report.needByMissing');
    }
    return { system_id: m.system_id, need_by: m.need_by === null ? null : isoInstant(m.need_by, `${field}.need_by`) };
  });
  const workarounds = content.workarounds.map((w, i) => {
    const field = `content.workarounds.${i}`;
    if (submit && w.description.trim() === '') {
      throw invalid(`${field}.description`, 'Fill in this field.', 'err.report.required');
    }
    return {
      description: w.description.trim(),
      lasts_until: w.lasts_until === null ? null : isoInstant(w.lasts_until, `${field}.lasts_until`),
    };
  });
  const needs = content.needs.map((n, i) => {
    const field = `content.needs.${i}`;
    if (submit && n.title.trim() === '') throw invalid(`${field}.title`, 'Fill in this field.', 'err.report.required');
    for (const [j, id] of n.system_ids.entries()) {
      if (!known.systemExists(id)) {
        throw invalid(`${field}.system_ids.${j}`, `There is no system "${id}".`, 'err.report.noSystem', { id });
      }
    }
    return { ...n, need_id: n.need_id ?? null, title: n.title.trim(), detail: n.detail.trim() };
  });
  if (submit && content.overall === null) {
    throw invalid('content.overall', 'Choose the overall state.', 'err.report.overallMissing');
  }
  if (submit && content.situation.trim() === '') {
    throw invalid('content.situation', 'Fill in this field.', 'err.report.required');
  }
  return {
    overall: content.overall,
    situation: content.situation.trim(),
    consequences: content.consequences.trim(),
    life_health_risk: content.life_health_risk,
    actions: content.actions.trim(),
    workarounds,
    missing_systems,
    staffing: content.staffing.trim(),
    needs,
    forecast: content.forecast.trim(),
    questions: content.questions.trim(),
  };
}

/** Whether a submission at `submittedAt` misses the deadline `cycleAt` (both ISO instants). */
export function isLate(submittedAt: string, cycleAt: string): boolean {
  return Date.parse(submittedAt) > Date.parse(cycleAt);
}

/**
 * The lateness of a submission: the version's own (`late`: sent after the deadline), and the report's, which
 * follows its first submission only, so that an on-time report stays on time when amended later.
 */
export function lateness(
  report: { cycle_at: string; first_submitted_at: string | null },
  submittedAt: string,
): { version_late: boolean; report_late: boolean } {
  const first = report.first_submitted_at ?? submittedAt;
  return { version_late: isLate(submittedAt, report.cycle_at), report_late: isLate(first, report.cycle_at) };
}
