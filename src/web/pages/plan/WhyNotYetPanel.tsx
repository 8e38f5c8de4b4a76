import type { SystemStatus } from '../../../domain/catalogue/types.js';
import type { PriorityTuple } from '../../../domain/plan/priority.js';
import { ApiError } from '../../api.js';
import { ErrorAlert, errorText, StatusBadge, useLoad } from '../../components.js';
import { type T, useLocale, useT } from '../../i18n.js';
import { Link } from '../../router.js';
import { gateLabel } from '../SystemForm.js';
import { formatHours } from './format.js';
import { planApi, type WhyResponse } from './planApi.js';
import '../../plan.css';

/** "Why not yet?" and "Why before?" for one system, from GET /api/systems/:id/why. */
export function WhyNotYetPanel({ id }: { id: string }) {
  const t = useT();
  const { data, error } = useLoad(() => planApi.why(id), [id]);
  // A role that may not read the plan (a reporter) simply does not get the panel.
  if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return null;
  if (error) return <ErrorAlert message={errorText(error, t)} />;
  if (!data) return null;
  return (
    <div className="two-col why-panel">
      <WhyNotYet data={data} t={t} />
      <WhyBefore data={data} t={t} />
    </div>
  );
}

function SystemLink({ id, data }: { id: string; data: WhyResponse }) {
  return <Link to={`/systems/${encodeURIComponent(id)}`}>{data.systems[id]?.name ?? id}</Link>;
}

function statusOf(data: WhyResponse, id: string): SystemStatus {
  return data.systems[id]?.status ?? 'down';
}

function WhyNotYet({ data, t }: { data: WhyResponse; t: T }) {
  const w = data.why_not_yet;
  const name = data.systems[w.id]?.name ?? w.id;
  const names = (ids: string[]) => ids.map((d) => data.systems[d]?.name ?? d).join(', ');
  return (
    <section aria-labelledby="why-not-yet" className="panel" data-testid="why-not-yet">
      <h2 id="why-not-yet">{t('plan.why.notYet')}</h2>
      {w.finished ? (
        <p>{t('plan.why.finished', { name })}</p>
      ) : w.waiting_on.length === 0 ? (
        <p>{t('plan.why.free', { name })}</p>
      ) : (
        <>
          <p>{t('plan.why.waitingOn', { name })}</p>
          <ul className="ref-list">
            {w.waiting_on.map((d) => (
              <li key={d}>
                <SystemLink id={d} data={data} /> <StatusBadge status={statusOf(data, d)} />
              </li>
            ))}
          </ul>
          <p>{t('plan.why.roots', { name })}</p>
          <ul className="ref-list">
            {w.roots.map((d) => (
              <li key={d}>
                <SystemLink id={d} data={data} /> <StatusBadge status={statusOf(data, d)} />
              </li>
            ))}
          </ul>
          <h3>{t('plan.why.chain')}</h3>
          <ol className="why-chain">
            {w.chain.map((b) => (
              <li key={b.id}>
                <SystemLink id={b.id} data={data} /> <StatusBadge status={b.status} />{' '}
                <span className="sub">
                  {b.waiting_on.length
                    ? t('plan.why.chainItem', { list: names(b.waiting_on) })
                    : t('plan.why.chainRoot')}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      {/* The stored gates pending now also hold it back (GET /api/systems/:id/why reads them). */}
      {w.gates_pending.length ? (
        <>
          <h3 id="why-gates">{t('gates.status.blockingGates')}</h3>
          <ul className="ref-list" aria-labelledby="why-gates">
            {w.gates_pending.map((g) => (
              <li key={g}>{gateLabel(g, t)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function WhyBefore({ data, t }: { data: WhyResponse; t: T }) {
  const { locale } = useLocale();
  const b = data.why_before;
  const name = data.systems[b.id]?.name ?? b.id;
  const tuple = (p: PriorityTuple) =>
    t('plan.why.tuple', {
      society: p[0] ?? t('plan.why.missing'),
      organisation: p[1] ?? t('plan.why.missing'),
      rto: p[2] === null ? t('plan.why.missing') : t('plan.hours', { hours: formatHours(-p[2], locale) }),
    });
  return (
    <section aria-labelledby="why-before" className="panel" data-testid="why-before">
      <h2 id="why-before">{t('plan.why.before')}</h2>
      <dl className="details">
        <dt>{t('plan.why.priority')}</dt>
        <dd>{tuple(b.priority)}</dd>
        <dt>{t('plan.why.ownPriority')}</dt>
        <dd>{tuple(b.own_priority)}</dd>
      </dl>
      {b.inherited_from ? (
        <>
          <p>{t('plan.why.inherited', { name, from: data.systems[b.inherited_from]?.name ?? b.inherited_from })}</p>
          <ol className="why-path" aria-label={t('plan.why.path')}>
            {b.path.map((id) => (
              <li key={id}>
                <SystemLink id={id} data={data} />
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p>{t('plan.why.own', { name })}</p>
      )}
      <p className="hint">{t('plan.why.rule')}</p>
      <p>
        <Link to="/plan">{t('plan.link')}</Link>
      </p>
    </section>
  );
}
