/**
 * Needs for support (behov): their categories, urgencies and lifecycle (DESIGN.md, "Needs"). Pure.
 */
import { LifeboatError } from '../errors.js';

/** What kind of support is needed. */
export const NEED_CATEGORIES = [
  'it',
  'staffing',
  'premises',
  'equipment',
  'communication',
  'transport',
  'information',
  'other',
] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

/** How urgent a need is, least first. */
export const NEED_URGENCIES = ['low', 'medium', 'high', 'critical'] as const;
export type NeedUrgency = (typeof NEED_URGENCIES)[number];

/** `new → accepted → in_progress → fulfilled | declined`. */
export const NEED_STATUSES = ['new', 'accepted', 'in_progress', 'fulfilled', 'declined'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** A need as raised, before it is stored. */
export interface NeedInput {
  title: string;
  detail: string;
  category: NeedCategory;
  urgency: NeedUrgency;
  system_ids: string[];
}

/** The statuses a need is still being worked in; `fulfilled` and `declined` end it. */
export const OPEN_NEED_STATUSES: readonly NeedStatus[] = ['new', 'accepted', 'in_progress'];

/**
 * Where a need may go from each status (DESIGN.md, "Needs"): one step along `new → accepted → in_progress →
 * fulfilled`, or `declined` from any open status. An ended need stays ended: a new need is raised instead,
 * so that the log of the old one keeps saying what was decided.
 */
export const NEED_TRANSITIONS: Readonly<Record<NeedStatus, readonly NeedStatus[]>> = {
  new: ['accepted', 'declined'],
  accepted: ['in_progress', 'declined'],
  in_progress: ['fulfilled', 'declined'],
  fulfilled: [],
  declined: [],
};

/** The roles that triage needs (accept, start, fulfil, decline, assign); everyone else may only add notes. */
export const NEED_TRIAGE_ROLES = ['admin', 'staff'] as const;

/** The roles a need's owner may have: internal people who act (not a unit's reporter, not an observer). */
export const NEED_OWNER_ROLES = ['admin', 'staff', 'recovery', 'communicator'] as const;

/** Whether a status ends a need. */
export function isClosedNeed(status: NeedStatus): boolean {
  return NEED_TRANSITIONS[status].length === 0;
}

/** Whether the lifecycle lets a need go from one status to another. */
export function canMoveNeed(from: NeedStatus, to: NeedStatus): boolean {
  return NEED_TRANSITIONS[from].includes(to);
}

/** The statuses a role may move a need to from `from`: none for a role that does not triage. */
export function nextNeedStatuses(role: string, from: NeedStatus): readonly NeedStatus[] {
  return (NEED_TRIAGE_ROLES as readonly string[]).includes(role) ? NEED_TRANSITIONS[from] : [];
}

/** Whether a move needs a note: declining one says why, for the unit that asked. */
export function noteRequiredFor(to: NeedStatus): boolean {
  return to === 'declined';
}

/**
 * Checks a move along the lifecycle with the note that comes with it (already trimmed): refuses a move the
 * lifecycle does not allow (saying where the need may go, or that it has ended) and a decline without a note.
 */
export function checkNeedMove(from: NeedStatus, to: NeedStatus, note: string): void {
  const allowed = NEED_TRANSITIONS[from];
  if (allowed.length === 0) {
    throw new LifeboatError('invalid_transition', `This need is ${from}: its status can no longer change.`, {
      field: 'status',
      key: 'err.need.closed',
      params: { from },
      details: { from, to, allowed: [] },
    });
  }
  if (!allowed.includes(to)) {
    throw new LifeboatError('invalid_transition', `A need that is ${from} can only become ${allowed.join(' or ')}.`, {
      field: 'status',
      key: 'err.need.transition',
      params: { from, allowed: allowed.join(' | ') },
      details: { from, to, allowed },
    });
  }
  if (noteRequiredFor(to) && !note) {
    throw new LifeboatError('validation_failed', 'Say why the need is declined.', {
      field: 'note',
      key: 'err.need.noteRequired',
    });
  }
}

/** Whether a person of this role may own a need. */
export function mayOwnNeed(role: string): boolean {
  return (NEED_OWNER_ROLES as readonly string[]).includes(role);
}

/** What the triage order reads of a need. */
export interface TriageKey {
  id: string;
  urgency: NeedUrgency;
  created_at: string;
}

/**
 * The triage order: the most urgent first, then the oldest (it has waited longest), then by id so that the
 * order is total and the same on every screen.
 */
export function compareForTriage(a: TriageKey, b: TriageKey): number {
  const byUrgency = NEED_URGENCIES.indexOf(b.urgency) - NEED_URGENCIES.indexOf(a.urgency);
  if (byUrgency !== 0) return byUrgency;
  const byAge = Date.parse(a.created_at) - Date.parse(b.created_at);
  if (byAge !== 0) return byAge;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The needs in triage order (a new array). */
export function triageOrder<T extends TriageKey>(needs: readonly T[]): T[] {
  return [...needs].sort(compareForTriage);
}

/** How many needs stand in each status. */
export function countByStatus(needs: readonly { status: NeedStatus }[]): Record<NeedStatus, number> {
  const counts = Object.fromEntries(NEED_STATUSES.map((s) => [s, 0])) as Record<NeedStatus, number>;
  for (const need of needs) counts[need.status]++;
  return counts;
}
