import { mayReadTask, mayReportTask, type TaskActor } from '../../domain/access.js';
import { LifeboatError } from '../../domain/errors.js';
import { INTERNAL } from '../../domain/live/events.js';
import { isOverdue, type Task, type TaskStatus } from '../../domain/tasks/tasks.js';
import { zoneFormatter } from '../../domain/time.js';
import { getOrganisation } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import {
  getTask,
  insertTask,
  listPeople,
  listTasks,
  listUnitNames,
  type TaskFilter,
  unitExists,
  updateTask,
  userExists,
} from '../../store/tasks/tasks.repository.js';
import { OtherUnitRefusal } from '../audit/refusals.js';
import type { AuthUser } from '../auth/guard.js';
import { type Actor, actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { emit } from '../tx.js';

type Deps = Pick<AppDeps, 'clock' | 'ids'>;

/** A task as the API returns it. */
export type TaskView = Task & { overdue: boolean; may_report: boolean };

/** The caller as the task rules see it. */
export function taskActorOf(user: AuthUser): TaskActor {
  return { role: user.role, unit_id: user.unitId, user_id: user.id };
}

function view(task: Task, actor: TaskActor, now: Date): TaskView {
  return { ...task, overdue: isOverdue(task, now), may_report: task.status === 'open' && mayReportTask(actor, task) };
}

/** The organisation's time zone (Stockholm until a catalogue names one). */
export async function organisationZone(db: Db): Promise<string> {
  const organisation = await getOrganisation(db);
  return zoneFormatter(organisation?.timezone ?? 'Europe/Stockholm', { fallback: 'Europe/Stockholm' }).zone;
}

/** What GET /api/tasks may filter by. */
export interface TaskQuery {
  mine?: boolean;
  assignee?: string;
  overdue?: boolean;
  status?: TaskStatus;
}

/** The active incident's tasks the caller may see, filtered, with the names of people and units. */
export async function listTasksFor(db: Db, now: Date, user: AuthUser, query: TaskQuery) {
  const actor = taskActorOf(user);
  const incidentId = await activeIncidentId(db);
  const filter: TaskFilter = { incident_id: incidentId, status: query.status };
  if (query.assignee) {
    const [kind, ...rest] = query.assignee.split(':');
    if (kind === 'user') filter.assignee_user_id = rest.join(':');
    else filter.assignee_unit_id = rest.join(':');
  }
  // A reporter's list is narrowed in the query itself; `mayReadTask` below is the policy's word on each.
  if (query.mine || user.role === 'reporter') {
    filter.user_or_unit = { user_id: user.id, unit_id: user.role === 'reporter' ? user.unitId : null };
  }
  const all = (await listTasks(db, filter)).filter((t) => mayReadTask(actor, t)).map((t) => view(t, actor, now));
  const tasks = query.overdue ? all.filter((t) => t.overdue) : all;
  const [people, units] = await Promise.all([listPeople(db), listUnitNames(db)]);
  const reporter = user.role === 'reporter';
  return {
    now: now.toISOString(),
    time_zone: await organisationZone(db),
    incident_id: incidentId,
    overdue_count: all.filter((t) => t.overdue).length,
    tasks,
    // A reporter learns no more names than its own and its unit's.
    people: people.filter((p) => !reporter || p.id === user.id).map(({ id, name }) => ({ id, name })),
    units: units.filter((u) => !reporter || u.id === user.unitId),
  };
}

function badTime(field: string): LifeboatError {
  return new LifeboatError('validation_failed', 'This is not a valid date and time.', {
    field,
    key: 'err.tasks.badTime',
  });
}

function isoOrNull(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badTime(field);
  return new Date(ms).toISOString();
}

async function checkAssignee(db: Db, userId: string | null, unitId: string | null): Promise<void> {
  if ((userId === null) === (unitId === null)) {
    throw new LifeboatError('validation_failed', 'Give the task to one person or to one unit.', {
      field: 'assignee_user_id',
      key: 'err.tasks.oneAssignee',
    });
  }
  if (userId !== null && !(await userExists(db, userId))) {
    throw new LifeboatError('validation_failed', 'There is no such user.', {
      field: 'assignee_user_id',
      key: 'err.tasks.noUser',
    });
  }
  if (unitId !== null && !(await unitExists(db, unitId))) {
    throw new LifeboatError('validation_failed', `There is no unit "${unitId}".`, {
      field: 'assignee_unit_id',
      key: 'err.catalogue.noUnit',
      params: { id: unitId },
    });
  }
}

// A unit's task reaches that unit's reporter too; anything else stays in the internal picture.
async function announce(trx: Db, deps: Deps, actor: Actor, task: Task, action: string): Promise<void> {
  await emit(trx, deps.clock(), {
    type: 'task.changed',
    audience: task.assignee_unit_id ? { kind: 'unit', unit_id: task.assignee_unit_id } : INTERNAL,
    data: { id: task.id },
  });
  await recordEvent(trx, deps, actor, {
    kind: 'task',
    unit_id: task.assignee_unit_id,
    text: task.title,
    data: { task_id: task.id, action },
  });
}

/** The fields of a new task. */
export interface NewTaskInput {
  title: string;
  description?: string;
  assignee_user_id?: string | null;
  assignee_unit_id?: string | null;
  due_at?: string | null;
}

/** Creates a task in the active incident (or outside any, when none is open). */
export async function createTask(trx: Db, deps: Deps, user: AuthUser, input: NewTaskInput): Promise<TaskView> {
  const now = deps.clock();
  const userId = input.assignee_user_id ?? null;
  const unitId = input.assignee_unit_id ?? null;
  await checkAssignee(trx, userId, unitId);
  const actor = actorOf(user);
  const task: Task = {
    id: deps.ids(),
    incident_id: await activeIncidentId(trx),
    title: input.title.trim() || input.title,
    description: input.description ?? '',
    assignee_user_id: userId,
    assignee_unit_id: unitId,
    due_at: isoOrNull(input.due_at, 'due_at'),
    status: 'open',
    report: null,
    reported_at: null,
    reported_by_user_id: null,
    reported_by_label: null,
    created_at: now.toISOString(),
    created_by_user_id: actor.userId,
    created_by_label: actor.label,
    updated_at: now.toISOString(),
  };
  await insertTask(trx, task);
  await announce(trx, deps, actor, task, 'created');
  return view(task, taskActorOf(user), now);
}

async function visibleTask(db: Db, user: AuthUser, id: string): Promise<Task> {
  const task = await getTask(db, id);
  const message = 'There is no such task.';
  const notFound = { key: 'err.tasks.notFound' };
  // A task the caller may not see is as absent as one that never was.
  if (!task) throw new LifeboatError('not_found', message, notFound);
  if (!mayReadTask(taskActorOf(user), task)) {
    // Another unit's task is answered the same, and recorded as a reporter reaching for another unit.
    const unitId = task.assignee_unit_id;
    if (unitId !== null && user.role === 'reporter') {
      throw new OtherUnitRefusal(message, notFound, { record: 'task', id, unit_id: unitId });
    }
    throw new LifeboatError('not_found', message, notFound);
  }
  return task;
}

/** The changes PATCH /api/tasks/:id may make. */
export type TaskPatch = Partial<NewTaskInput> & { status?: 'open' | 'cancelled' };

/** Changes a task's fields; cancels it or opens it again (a reopened task keeps its last report for the record). */
export async function changeTask(trx: Db, deps: Deps, user: AuthUser, id: string, patch: TaskPatch): Promise<TaskView> {
  const before = await visibleTask(trx, user, id);
  const now = deps.clock();
  const next: Task = { ...before, updated_at: now.toISOString() };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.due_at !== undefined) next.due_at = isoOrNull(patch.due_at, 'due_at');
  if (patch.assignee_user_id !== undefined || patch.assignee_unit_id !== undefined) {
    // Naming one kind of assignee replaces the other, unless both are sent; the result must name exactly one.
    const user = patch.assignee_user_id;
    const unit = patch.assignee_unit_id;
    next.assignee_user_id = user !== undefined ? user : unit ? null : before.assignee_user_id;
    next.assignee_unit_id = unit !== undefined ? unit : user ? null : before.assignee_unit_id;
    await checkAssignee(trx, next.assignee_user_id, next.assignee_unit_id);
  }
  if (patch.status !== undefined) next.status = patch.status;
  await updateTask(trx, next);
  const action = patch.status === 'cancelled' && before.status !== 'cancelled' ? 'cancelled' : 'changed';
  await announce(trx, deps, actorOf(user), next, action);
  // A task moved away from a unit is news to the unit that lost it too.
  if (before.assignee_unit_id && before.assignee_unit_id !== next.assignee_unit_id) {
    await emit(trx, now, {
      type: 'task.changed',
      audience: { kind: 'unit', unit_id: before.assignee_unit_id },
      data: { id },
    });
  }
  return view(next, taskActorOf(user), now);
}

/** Records the report back of an open task, by its assignee (or a task manager on its behalf). */
export async function reportTask(trx: Db, deps: Deps, user: AuthUser, id: string, text: string): Promise<TaskView> {
  const task = await visibleTask(trx, user, id);
  const actor = taskActorOf(user);
  if (!mayReportTask(actor, task)) {
    throw new LifeboatError('forbidden', 'Only the assignee, or staff on its behalf, can report this task back.', {
      key: 'err.tasks.notAssignee',
    });
  }
  if (task.status !== 'open') {
    throw new LifeboatError('conflict', `Only an open task can be reported back: this one is ${task.status}.`, {
      field: 'status',
      key: 'err.tasks.notOpen',
      params: { status: task.status },
    });
  }
  const now = deps.clock();
  const by = actorOf(user);
  const next: Task = {
    ...task,
    status: 'reported',
    report: text,
    reported_at: now.toISOString(),
    reported_by_user_id: by.userId,
    reported_by_label: by.label,
    updated_at: now.toISOString(),
  };
  await updateTask(trx, next);
  await announce(trx, deps, by, next, 'reported');
  return view(next, actor, now);
}
