import { ErrorAlert, errorText, useLoad } from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { formatAt, timeLeft } from './format.js';
import { tasksApi } from './tasksApi.js';
import './tasks.css';

/**
 * The overview's deadlines: the next pending reporting obligation (in words when it is overdue) for those who
 * read the internal picture, and the number of overdue tasks for everyone (a reporter: its own unit's).
 */
export function DeadlineSummary({ obligations }: { obligations: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const tasks = useLoad(() => tasksApi.tasks('all'), []);
  const next = useLoad(() => (obligations ? tasksApi.obligations() : Promise.resolve(null)), [obligations]);
  useLiveReload(['task.changed'], tasks.reload);
  useLiveReload(['obligation.changed', 'incident.changed'], next.reload);
  const error = tasks.error ?? next.error;
  const pending = next.data?.next_pending ?? null;
  return (
    <section aria-labelledby="deadlines-title" className="deadline-summary" data-testid="deadline-summary">
      <h2 id="deadlines-title">{t('overview.deadlines')}</h2>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      <ul>
        {obligations && next.data ? (
          <li>
            {pending ? (
              <Link to="/obligations" className={pending.overdue ? 'overdue' : undefined}>
                {t(pending.overdue ? 'overview.nextDeadlineOverdue' : 'overview.nextDeadline', {
                  title: pending.title,
                  at: formatAt(pending.deadline_at, locale, next.data.time_zone),
                  left: timeLeft(pending.deadline_at, next.data.now, t),
                })}
              </Link>
            ) : (
              <Link to="/obligations">{next.data.incident ? t('overview.noDeadline') : t('overview.noIncident')}</Link>
            )}
          </li>
        ) : null}
        {tasks.data ? (
          <li>
            <Link to="/tasks" className={tasks.data.overdue_count > 0 ? 'overdue' : undefined}>
              {tasks.data.overdue_count > 0
                ? t('overview.overdueTasks', { count: tasks.data.overdue_count })
                : t('overview.noOverdueTasks')}
            </Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
