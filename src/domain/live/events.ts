/**
 * Live events: what a unit of work records beside its change and the server streams to browsers and
 * other servers after commit (DESIGN.md, "Status, gates and live events"). Pure types, no I/O.
 */

/** Who may receive an event: the internal picture, one unit (its reporter sees it), or everyone. */
export type Audience = { kind: 'internal' } | { kind: 'unit'; unit_id: string } | { kind: 'public' };

/**
 * The event types. Named `area.what`; the payload names what changed, ids included, never more than
 * the audience may read.
 */
export const EVENT_TYPES = [
  'catalogue.changed',
  'system.status',
  'gate.changed',
  'incident.changed',
  'event.added',
  'decision.added',
  'task.changed',
  'obligation.changed',
  /** A reporting rhythm was set or ended (deadlines changed). */
  'rhythm.changed',
  /** A unit's report was saved, submitted or amended: `{ report_id, unit_id, cycle_at, state }`. */
  'report.changed',
  /** A need was raised or changed: `{ need_id, unit_id, status }`. */
  'need.changed',
  /** A common situation picture was approved: `{ picture_id, version }`. */
  'picture.approved',
  /** A message of the outgoing queue was sent, failed or retried (admin page): `{ message_id, state }`. */
  'outgoing.changed',
  /** A public update changed internally (draft, review): `{ notice_id, status }`. */
  'notice.changed',
  /** The public site changed (an update published or amended, a service's status): `{ notice_id? }`. */
  'site.changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One event as a unit of work records it. */
export interface LiveEvent {
  type: EventType;
  audience: Audience;
  data: { [key: string]: unknown };
}

/** An event as stored and streamed: the id a client resumes from, and when it was recorded. */
export interface PublishedEvent extends LiveEvent {
  id: string;
  at: string;
}

/** The internal picture: every role but a reporter reads it. */
export const INTERNAL: Audience = { kind: 'internal' };
