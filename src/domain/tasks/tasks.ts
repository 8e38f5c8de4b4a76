/**
 * Tasks (uppdrag) and reporting obligations (DESIGN.md, "Tasks and reporting obligations"). Pure: the clock,
 * the ids and the organisation's time zone are passed in.
 */
import type { ZoneFormatter } from '../time.js';

/** A task's states: open until the assignee reports back; a cancelled task is kept for the record. */
export const TASK_STATUSES = ['open', 'reported', 'cancelled'] as const;
/** A task's state. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Who a task is given to: one person (a user id) or one unit (a unit id), never both. */
export type Assignee = { kind: 'user'; id: string } | { kind: 'unit'; id: string };

/** A task as the domain and the API see it. */
export interface Task {
  id: string;
  incident_id: string | null;
  title: string;
  description: string;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  /** When it must be reported back (ISO), or null when it has no deadline. */
  due_at: string | null;
  status: TaskStatus;
  /** The report back (återrapportering): its words, when and by whom. */
  report: string | null;
  reported_at: string | null;
  reported_by_user_id: string | null;
  reported_by_label: string | null;
  created_at: string;
  created_by_user_id: string | null;
  created_by_label: string;
  updated_at: string;
}

/** The assignee of a task, read from its two columns. */
export function assigneeOf(task: Pick<Task, 'assignee_user_id' | 'assignee_unit_id'>): Assignee {
  return task.assignee_unit_id !== null
    ? { kind: 'unit', id: task.assignee_unit_id }
    : { kind: 'user', id: task.assignee_user_id ?? '' };
}

/** Whether a task is overdue at `now`: past its due time and neither reported nor cancelled. */
export function isOverdue(task: Pick<Task, 'status' | 'due_at'>, now: Date): boolean {
  if (task.status !== 'open' || task.due_at === null) return false;
  return Date.parse(task.due_at) < now.getTime();
}

/** How an obligation's deadline is counted from the detection: elapsed hours, or calendar months. */
export type DeadlineUnit = 'hours' | 'months';
/** The units of a template's deadline. */
export const DEADLINE_UNITS: readonly DeadlineUnit[] = ['hours', 'months'];

/** An editable template of a reporting obligation. */
export interface ObligationTemplate {
  id: string;
  title: string;
  /** Who receives the report, named plainly. */
  recipient: string;
  /** The rule that demands it (law and section). */
  basis: string;
  deadline_amount: number;
  deadline_unit: DeadlineUnit;
}

/**
 * The Swedish obligations of a municipality after an IT incident: cybersäkerhetslagen (2025:1506) since
 * 15 January 2026 (reports to the CSIRT function at MCF, formerly MSB, and the supervisory authority), and
 * GDPR art. 33 for a personal-data breach (to IMY). The migration seeds the same list.
 */
export const SWEDISH_OBLIGATIONS: readonly ObligationTemplate[] = [
  {
    id: 'early-warning',
    title: 'Tidig varning (betydande incident)',
    recipient: 'CSIRT-funktionen vid MCF (tidigare MSB) och tillsynsmyndigheten',
    basis: 'Cybersäkerhetslagen (2025:1506)',
    deadline_amount: 24,
    deadline_unit: 'hours',
  },
  {
    id: 'incident-notification',
    title: 'Incidentanmälan',
    recipient: 'CSIRT-funktionen vid MCF (tidigare MSB) och tillsynsmyndigheten',
    basis: 'Cybersäkerhetslagen (2025:1506)',
    deadline_amount: 72,
    deadline_unit: 'hours',
  },
  {
    id: 'final-report',
    title: 'Slutrapport',
    recipient: 'CSIRT-funktionen vid MCF (tidigare MSB) och tillsynsmyndigheten',
    basis: 'Cybersäkerhetslagen (2025:1506)',
    deadline_amount: 1,
    deadline_unit: 'months',
  },
  {
    id: 'imy-breach',
    title: 'Anmälan av personuppgiftsincident',
    recipient: 'Integritetsskyddsmyndigheten (IMY)',
    basis: 'GDPR artikel 33',
    deadline_amount: 72,
    deadline_unit: 'hours',
  },
];

const HOUR = 3_600_000;

/**
 * The deadline of a template counted from the detection. Hours are elapsed hours (24 h is 24 h across a
 * change to summer time); months are calendar months on the organisation's wall clock, the day held back
 * to the last of a shorter month (31 January + 1 month = 28 or 29 February, at the same time of day).
 */
export function deadlineOf(
  detectedAt: Date,
  template: Pick<ObligationTemplate, 'deadline_amount' | 'deadline_unit'>,
  zone: ZoneFormatter,
): Date {
  if (template.deadline_unit === 'hours') return new Date(detectedAt.getTime() + template.deadline_amount * HOUR);
  const ms = detectedAt.getTime();
  const wall = new Date(ms + zone.offsetAt(ms) * 60_000);
  const y = wall.getUTCFullYear();
  const m = wall.getUTCMonth() + template.deadline_amount;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(wall.getUTCDate(), lastDay);
  const target = Date.UTC(
    y,
    m,
    day,
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  );
  return new Date(zone.fromWallClock(target));
}

/** An obligation's states. */
export const OBLIGATION_STATES = ['pending', 'sent', 'not_applicable'] as const;
/** An obligation's state. */
export type ObligationState = (typeof OBLIGATION_STATES)[number];

/** Whether an obligation is overdue at `now`: still pending after its deadline. */
export function obligationOverdue(state: ObligationState, deadline: Date, now: Date): boolean {
  return state === 'pending' && deadline.getTime() < now.getTime();
}

/** The pending deadline that comes first (overdue ones included), or null when none is pending. */
export function nextPending<T extends { state: ObligationState; deadline_at: string }>(
  obligations: readonly T[],
): T | null {
  let best: T | null = null;
  for (const o of obligations) {
    if (o.state !== 'pending') continue;
    if (best === null || Date.parse(o.deadline_at) < Date.parse(best.deadline_at)) best = o;
  }
  return best;
}
