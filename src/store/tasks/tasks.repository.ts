import type { ObligationState, ObligationTemplate, Task, TaskStatus } from '../../domain/tasks/tasks.js';
import type { Db } from '../database.js';
import type { TaskTable } from './tasks.table.js';

function toTask(row: TaskTable): Task {
  return { ...row, status: row.status as TaskStatus };
}

/** Which tasks to list: those of one incident (null: tasks made while none was open), narrowed by the columns given. */
export interface TaskFilter {
  incident_id: string | null;
  status?: TaskStatus;
  assignee_user_id?: string;
  assignee_unit_id?: string;
  /** Tasks given to this user or to this unit (a reporter's own). */
  user_or_unit?: { user_id: string; unit_id: string | null };
}

/** The tasks of an incident by due time (those without one last), then by creation. */
export async function listTasks(db: Db, filter: TaskFilter): Promise<Task[]> {
  let query = db.selectFrom('tasks').selectAll();
  query =
    filter.incident_id === null
      ? query.where('incident_id', 'is', null)
      : query.where('incident_id', '=', filter.incident_id);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.assignee_user_id) query = query.where('assignee_user_id', '=', filter.assignee_user_id);
  if (filter.assignee_unit_id) query = query.where('assignee_unit_id', '=', filter.assignee_unit_id);
  const own = filter.user_or_unit;
  if (own) {
    query = query.where((eb) =>
      own.unit_id === null
        ? eb('assignee_user_id', '=', own.user_id)
        : eb.or([eb('assignee_user_id', '=', own.user_id), eb('assignee_unit_id', '=', own.unit_id)]),
    );
  }
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  // Ordered here rather than in SQL: the dialects sort nulls differently.
  return rows.map(toTask).sort((a, b) => {
    if (a.due_at === b.due_at) return 0;
    if (a.due_at === null) return 1;
    if (b.due_at === null) return -1;
    return Date.parse(a.due_at) - Date.parse(b.due_at);
  });
}

/** One task, or undefined. */
export async function getTask(db: Db, id: string): Promise<Task | undefined> {
  const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTask(row) : undefined;
}

/** Stores a new task. */
export async function insertTask(db: Db, task: Task): Promise<void> {
  await db.insertInto('tasks').values(task).execute();
}

/** Replaces a stored task's fields. */
export async function updateTask(db: Db, task: Task): Promise<void> {
  const { id, ...rest } = task;
  await db.updateTable('tasks').set(rest).where('id', '=', id).execute();
}

/** Whether a user exists (a task's assignee must). */
export async function userExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Whether a unit exists (a task's assignee must). */
export async function unitExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The obligation templates in their order. */
export async function listObligationTemplates(db: Db): Promise<ObligationTemplate[]> {
  const rows = await db.selectFrom('obligation_templates').selectAll().orderBy('position').execute();
  return rows.map(({ position: _p, ...r }) => ({
    ...r,
    deadline_unit: r.deadline_unit as ObligationTemplate['deadline_unit'],
  }));
}

/** Replaces every obligation template with the given list, in its order. */
export async function replaceObligationTemplates(db: Db, templates: readonly ObligationTemplate[]): Promise<void> {
  await db.deleteFrom('obligation_templates').execute();
  if (templates.length === 0) return;
  await db
    .insertInto('obligation_templates')
    .values(templates.map((t, position) => ({ ...t, position })))
    .execute();
}

/** A recorded obligation state of one incident. */
export interface StoredObligation {
  incident_id: string;
  template_id: string;
  state: ObligationState;
  title: string;
  recipient: string;
  deadline_at: string;
  sent_at: string | null;
  note: string;
  by_user_id: string | null;
  by_label: string;
  at: string;
}

/** The recorded obligation states of an incident. */
export async function listObligations(db: Db, incidentId: string): Promise<StoredObligation[]> {
  const rows = await db
    .selectFrom('obligations')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('template_id')
    .execute();
  return rows.map((r) => ({ ...r, state: r.state as ObligationState }));
}

/** Records an obligation's state (insert or replace). */
export async function saveObligation(db: Db, o: StoredObligation): Promise<void> {
  const { incident_id: _i, template_id: _t, ...rest } = o;
  await db
    .insertInto('obligations')
    .values(o)
    .onConflict((oc) => oc.columns(['incident_id', 'template_id']).doUpdateSet(rest))
    .execute();
}

/** The people a task may be given to (users not disabled), by name, with their role and unit. */
export async function listPeople(
  db: Db,
): Promise<{ id: string; name: string; role: string; unit_id: string | null }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'unit_id'])
    .where('disabled', '=', 0)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Every unit's id and name, by name. */
export async function listUnitNames(db: Db): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('units').select(['id', 'name']).orderBy('name').orderBy('id').execute();
}

/** The open incident's id and detection time, or undefined when none is open. */
export async function activeIncident(db: Db): Promise<{ id: string; title: string; detected_at: string } | undefined> {
  return db
    .selectFrom('incidents')
    .select(['id', 'title', 'detected_at'])
    .where('closed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}
