/**
 * Who may see and do what: one policy for the whole application (DESIGN.md, "Users and roles").
 * Routes ask it through `requireAction`; services ask `may` where the answer depends on the data.
 */
import type { Audience } from './live/events.js';
import { CATALOGUE_EDITORS, INTERNAL_READERS, type Role, STATUS_EDITORS } from './roles.js';

/** Every action a route or service guards, and the roles allowed it. */
export const POLICY = {
  /** Read the internal picture: catalogue, plan, board, logs. */
  'internal.read': INTERNAL_READERS,
  /** Add, change and remove units, teams and systems; import. */
  'catalogue.edit': CATALOGUE_EDITORS,
  /** Change a system's status and estimates. */
  'system.status': STATUS_EDITORS,
  /** Pass, waive or reset a system's security gates. */
  'gate.decide': ['admin', 'staff', 'recovery'],
  /** Move a system past its gates or dependencies, with a reason (logged). */
  'status.override': ['admin', 'staff'],
  /** Open, change and close incidents. */
  'incident.manage': ['admin', 'staff'],
  /** Write a manual entry in the event log (a call, an observation). */
  'event.add': ['admin', 'staff', 'recovery', 'communicator'],
  /** Record a decision (or a correction of one) in the decision log. */
  'decision.add': ['admin', 'staff'],
  /** Create, assign and change tasks; the assignee also reports back (a data-dependent check in the service). */
  'task.manage': ['admin', 'staff'],
  /** Come to report a task back; whether this caller may is `mayReportTask`'s word on the task itself. */
  'task.report': ['admin', 'staff', 'recovery', 'communicator', 'reporter'],
  /** Edit obligation templates and mark obligations sent. */
  'obligation.manage': ['admin', 'staff'],
  /** Set the reporting rhythm (stabsrytm): deadlines and which units report. */
  'rhythm.manage': ['admin', 'staff'],
  /** Come to write a unit's report; whether for this unit is `mayActForUnit`'s word. */
  'report.write': ['admin', 'staff', 'reporter'],
  /** Come to read reports and needs; a reporter only its own unit's (`mayActForUnit`). */
  'report.read': ['admin', 'staff', 'recovery', 'communicator', 'observer', 'reporter'],
  /** Raise a need for support; a reporter only for its own unit (`mayActForUnit`). */
  'need.raise': ['admin', 'staff', 'reporter'],
  /** Triage needs: accept, decline, assign an owner, change urgency, fulfil. */
  'need.manage': ['admin', 'staff'],
  /** Approve a common situation picture (fastställd lägesbild). */
  'picture.approve': ['admin', 'staff'],
  /** See and configure the outgoing channels (e-mail, SMS), send a test, see the queue. */
  'channels.manage': ['admin'],
  /** Write and submit public updates, choose which forecasts are public, manage webhook subscribers. */
  'notice.write': ['admin', 'staff', 'communicator'],
  /** Publish an update: never the author alone (four eyes, `mayPublishNotice`). */
  'notice.publish': ['admin', 'staff', 'communicator'],
} as const satisfies Record<string, readonly Role[]>;

/** An action of the policy. */
export type Action = keyof typeof POLICY;

/** Whether a role may do an action. */
export function may(role: Role, action: Action): boolean {
  return (POLICY[action] as readonly Role[]).includes(role);
}

/** The roles allowed an action, for a route's guard. */
export function rolesFor(action: Action): readonly Role[] {
  return POLICY[action];
}

/** The reader as the policy sees it: a role, and the unit a reporter is bound to. */
export interface Reader {
  role: Role;
  unit_id: string | null;
}

/** Whether a reader may receive what is meant for an audience (a reporter: its own unit's and the public). */
export function mayReceive(reader: Reader, audience: Audience): boolean {
  switch (audience.kind) {
    case 'public':
      return true;
    case 'internal':
      return may(reader.role, 'internal.read');
    case 'unit':
      return may(reader.role, 'internal.read') || (reader.role === 'reporter' && reader.unit_id === audience.unit_id);
  }
}

/**
 * Whether a caller may act for a unit (write its report, raise its need, read them): the internal writers
 * and readers as their actions allow; a reporter only for the unit it is bound to. A refusal for a reporter
 * is answered as "not found" by the service, so that it learns nothing about other units.
 */
export function mayActForUnit(
  reader: Reader,
  action: 'report.write' | 'report.read' | 'need.raise',
  unitId: string,
): boolean {
  if (!may(reader.role, action)) return false;
  if (reader.role === 'reporter') return reader.unit_id !== null && reader.unit_id === unitId;
  return true;
}

/**
 * Four eyes on publishing: the person who publishes an update is never the one who wrote it, and is a
 * communicator or staff (or admin, who may do everything).
 */
export function mayPublishNotice(
  actor: { role: Role; user_id: string },
  notice: { author_user_id: string | null },
): boolean {
  return may(actor.role, 'notice.publish') && notice.author_user_id !== null && notice.author_user_id !== actor.user_id;
}

/** The caller as the task rules see it: a reader with its user id. */
export interface TaskActor extends Reader {
  user_id: string;
}

/** A task's assignee columns, as the task rules read them. */
export interface TaskAssignment {
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
}

/**
 * Whether a caller may see a task: every internal reader does; a reporter sees its own unit's tasks and
 * those given to it by name.
 */
export function mayReadTask(actor: TaskActor, task: TaskAssignment): boolean {
  if (may(actor.role, 'internal.read')) return true;
  return (
    task.assignee_user_id === actor.user_id ||
    (task.assignee_unit_id !== null && task.assignee_unit_id === actor.unit_id)
  );
}

/**
 * Whether a caller may report a task back. The assignee does: the person it was given to, or for a unit's
 * task a reporter bound to that unit (the unit's own voice in Lifeboat). Those who manage tasks may record a
 * report on the assignee's behalf (it often comes by phone). An observer writes nothing, even when named.
 */
export function mayReportTask(actor: TaskActor, task: TaskAssignment): boolean {
  if (actor.role === 'observer') return false;
  if (may(actor.role, 'task.manage')) return true;
  if (task.assignee_user_id !== null) return task.assignee_user_id === actor.user_id;
  return actor.role === 'reporter' && task.assignee_unit_id !== null && task.assignee_unit_id === actor.unit_id;
}

/**
 * Who may hear of a change of the catalogue: a system with a public name everyone, one owned by a unit that
 * unit (and the internal readers), a unit itself; anything else the internal readers.
 */
export function catalogueAudience(entity: string, entityId: string, record: unknown): Audience {
  const fields = (record ?? {}) as { public_name?: string; owner?: string };
  if (entity === 'system' && fields.public_name) return { kind: 'public' };
  if (entity === 'system' && fields.owner) return { kind: 'unit', unit_id: fields.owner };
  if (entity === 'unit') return { kind: 'unit', unit_id: entityId };
  return { kind: 'internal' };
}
