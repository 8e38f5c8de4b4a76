import { useState } from 'react';
import { may } from '../../../domain/access.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  SubmitButton,
  TextField,
  useActions,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { useSessionUser } from '../../session.js';
import { formatAt, wallClockToIso } from './format.js';
import { type TaskItem, type TaskListResponse, tasksApi } from './tasksApi.js';
import './tasks.css';

type Filter = 'all' | 'mine' | 'overdue';

/** `/app/tasks`: the active incident's tasks, overdue ones standing out; create for staff, report back for the assignee. */
export function TasksPage() {
  const t = useT();
  const user = useSessionUser();
  const [filter, setFilter] = useState<Filter>('all');
  const { data, error, loading, reload } = useLoad(() => tasksApi.tasks(filter), [filter]);
  useLiveReload(['task.changed'], reload);
  const actions = useActions(reload);
  const manager = may(user.role, 'task.manage');
  return (
    <>
      <PageHeading title={t('tasks.title')}>{t('tasks.title')}</PageHeading>
      <p className="lead">{t('tasks.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {manager ? (
        <p className="no-print">
          <a href="#new-task-title">{t('tasks.toNew')}</a>
        </p>
      ) : null}
      <div className="tasks-toolbar no-print">
        <SelectField
          id="task-filter"
          label={t('tasks.show')}
          value={filter}
          onChange={(e) => setFilter(e.target.value as Filter)}
        >
          <option value="all">{t('tasks.show.all')}</option>
          <option value="mine">{t('tasks.show.mine')}</option>
          <option value="overdue">{t('tasks.show.overdue')}</option>
        </SelectField>
      </div>
      {data && data.overdue_count > 0 ? (
        <p className="notice notice-warning" data-testid="tasks-overdue">
          <strong>{t('tasks.overdueCount', { count: data.overdue_count })}</strong>
        </p>
      ) : null}
      <StatusMessage message={actions.message} />
      <ErrorAlert message={actions.actionError} />
      {loading && !data ? <Loading /> : null}
      {data ? <TaskList data={data} manager={manager} userId={user.id} act={actions.act} reload={reload} /> : null}
      {manager && data ? <NewTaskForm data={data} onCreated={reload} /> : null}
    </>
  );
}

function TaskList({
  data,
  manager,
  userId,
  act,
  reload,
}: {
  data: TaskListResponse;
  manager: boolean;
  userId: string;
  act: (fn: () => Promise<unknown>, done: string | null) => Promise<void>;
  reload: () => void;
}) {
  const t = useT();
  if (data.tasks.length === 0) return <p>{t('tasks.empty')}</p>;
  return (
    <ul className="task-list" aria-label={t('tasks.listLabel')}>
      {data.tasks.map((task) => (
        <TaskCard key={task.id} task={task} data={data} manager={manager} userId={userId} act={act} reload={reload} />
      ))}
    </ul>
  );
}

function TaskStatusBadge({ task }: { task: TaskItem }) {
  const t = useT();
  const kind = task.overdue ? 'overdue' : task.status;
  return <span className={`task-status task-status-${kind}`}>{t(`tasks.status.${kind}`)}</span>;
}

function TaskCard({
  task,
  data,
  manager,
  userId,
  act,
  reload,
}: {
  task: TaskItem;
  data: TaskListResponse;
  manager: boolean;
  userId: string;
  act: (fn: () => Promise<unknown>, done: string | null) => Promise<void>;
  reload: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const at = (iso: string | null) => formatAt(iso, locale, data.time_zone);
  const assignee =
    task.assignee_unit_id !== null
      ? (data.units.find((u) => u.id === task.assignee_unit_id)?.name ?? task.assignee_unit_id)
      : (data.people.find((p) => p.id === task.assignee_user_id)?.name ?? t('tasks.unknownPerson'));
  const titleId = `task-${task.id}-title`;
  return (
    <li className={task.overdue ? 'task-card task-card-overdue' : 'task-card'} aria-labelledby={titleId}>
      <h2 id={titleId} className="task-title">
        {task.title} <TaskStatusBadge task={task} />
      </h2>
      <dl className="task-facts">
        <dt>{t('tasks.assignee')}</dt>
        <dd>{assignee}</dd>
        <dt>{t('tasks.due')}</dt>
        <dd>{task.due_at ? at(task.due_at) : t('tasks.noDue')}</dd>
      </dl>
      {task.description ? <p className="task-description">{task.description}</p> : null}
      <p className="hint">{t('tasks.createdBy', { at: at(task.created_at), by: task.created_by_label })}</p>
      {task.report !== null ? (
        <div className="task-report">
          <h3>{t('tasks.report')}</h3>
          <p>{task.report}</p>
          <p className="hint">
            {t('tasks.reportedBy', { at: at(task.reported_at), by: task.reported_by_label ?? '' })}
          </p>
        </div>
      ) : null}
      {/* The assignee sees the form at once; staff reporting on someone's behalf open it first. */}
      {task.may_report && (!manager || task.assignee_user_id === userId) ? (
        <ReportForm task={task} onDone={reload} />
      ) : null}
      {task.may_report && manager && task.assignee_user_id !== userId ? (
        <details className="no-print">
          <summary>
            {t('tasks.reportOnBehalf')}
            <span className="visually-hidden">: {task.title}</span>
          </summary>
          <ReportForm task={task} onDone={reload} />
        </details>
      ) : null}
      {manager && task.status === 'open' ? (
        <p className="no-print">
          <button
            type="button"
            className="button-secondary"
            onClick={() => act(() => tasksApi.cancelTask(task.id), t('tasks.cancelled'))}
          >
            {t('tasks.cancel')}
            <span className="visually-hidden">: {task.title}</span>
          </button>
        </p>
      ) : null}
    </li>
  );
}

function ReportForm({ task, onDone }: { task: TaskItem; onDone: () => void }) {
  const t = useT();
  const [text, setText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['text']);
  const id = `report-${task.id}`;
  const submit = handler(
    () => (text.trim() ? {} : { text: t('tasks.required') }),
    async () => {
      await tasksApi.reportTask(task.id, text.trim());
      setText('');
      setDone(t('tasks.reported'));
      onDone();
    },
  );
  return (
    <form
      className="task-report-form no-print"
      onSubmit={submit}
      noValidate
      aria-label={`${t('tasks.report')}: ${task.title}`}
    >
      <ErrorAlert message={errors.general} />
      <StatusMessage message={done} />
      <div className={errors.fields.text ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>{t('tasks.report')}</label>
        {errors.fields.text ? (
          <p className="field-error" id={`${id}-error`}>
            {errors.fields.text}
          </p>
        ) : null}
        <textarea
          id={id}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={errors.fields.text ? true : undefined}
          aria-describedby={errors.fields.text ? `${id}-error` : undefined}
        />
      </div>
      <SubmitButton busy={busy}>{t('tasks.reportSubmit')}</SubmitButton>
    </form>
  );
}

function NewTaskForm({ data, onCreated }: { data: TaskListResponse; onCreated: () => void }) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [assignee, setAssignee] = useState('');
  const [due, setDue] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['title', 'assignee_user_id', 'assignee_unit_id', 'due_at']);
  const submit = handler(
    () => {
      const fields: Record<string, string> = {};
      if (!title.trim()) fields.title = t('tasks.required');
      if (!assignee) fields.assignee_user_id = t('tasks.required');
      return fields;
    },
    async () => {
      const [kind, ...rest] = assignee.split(':');
      const id = rest.join(':');
      const created = await tasksApi.createTask({
        title: title.trim(),
        description: description.trim(),
        assignee_user_id: kind === 'user' ? id : null,
        assignee_unit_id: kind === 'unit' ? id : null,
        due_at: due ? wallClockToIso(due, data.time_zone) : null,
      });
      setTitle('');
      setDescription('');
      setAssignee('');
      setDue('');
      setDone(t('tasks.created', { title: created.task.title }));
      onCreated();
    },
  );
  const assigneeError = errors.fields.assignee_user_id ?? errors.fields.assignee_unit_id;
  return (
    <section aria-labelledby="new-task-title" className="task-new no-print">
      <h2 id="new-task-title">{t('tasks.new')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorAlert message={errors.general} />
        <StatusMessage message={done} />
        <TextField
          id="task-title"
          label={t('tasks.field.title')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.fields.title}
          required
        />
        <div className="field">
          <label htmlFor="task-description">{t('tasks.field.description')}</label>
          <textarea
            id="task-description"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <SelectField
          id="task-assignee"
          label={t('tasks.field.assignee')}
          hint={t('tasks.field.assigneeHint')}
          value={assignee}
          onChange={(e) => setAssignee(e.target.value)}
          error={assigneeError}
          required
        >
          <option value="">{t('tasks.field.choose')}</option>
          <optgroup label={t('tasks.field.units')}>
            {data.units.map((u) => (
              <option key={u.id} value={`unit:${u.id}`}>
                {u.name}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('tasks.field.people')}>
            {data.people.map((p) => (
              <option key={p.id} value={`user:${p.id}`}>
                {p.name}
              </option>
            ))}
          </optgroup>
        </SelectField>
        <TextField
          id="task-due"
          type="datetime-local"
          label={t('tasks.field.due')}
          hint={t('tasks.field.dueHint', { zone: data.time_zone })}
          value={due}
          onChange={(e) => setDue(e.target.value)}
          error={errors.fields.due_at}
        />
        <SubmitButton busy={busy}>{t('tasks.create')}</SubmitButton>
      </form>
    </section>
  );
}
