import { lazy, Suspense } from 'react';
import type { MessageKey } from '../../../i18n/index.js';
import { useLookups } from '../../catalogueData.js';
import { DataTable, ErrorAlert, errorText, Loading, PageHeading, StatusBadge, useLoad } from '../../components.js';
import { formatTime, type T, useLocale, useT } from '../../i18n.js';
import { canEditStatus } from '../../permissions.js';
import { Link } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { AdviceSection } from './AdviceSection.js';
import { formatHours, formatPercent, formatShortTime, isBack, restartOrder } from './format.js';
import { LearnedLine } from './Learned.js';
import { type DatedPlan, planApi } from './planApi.js';
import { Timeline } from './Timeline.js';
import { WhatIf } from './WhatIf.js';
import '../../plan.css';

// The graph's view and its layout worker load only when someone opens the graph.
const DependencyGraph = lazy(() => import('./DependencyGraph.js').then((m) => ({ default: m.DependencyGraph })));

/** The views of the plan, each at its own address. */
export type PlanView = 'overview' | 'graph' | 'whatIf';

const VIEWS: { view: PlanView; to: string; key: MessageKey }[] = [
  { view: 'overview', to: '/plan', key: 'plan.view.overview' },
  { view: 'graph', to: '/plan/graph', key: 'plan.view.graph' },
  { view: 'whatIf', to: '/plan/what-if', key: 'plan.view.whatIf' },
];

/** The restart plan: summary, warnings, critical chain, table and timeline; or the graph; or the what-if. */
export function PlanPage({ view }: { view: PlanView }) {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const lookups = useLookups();
  const { data, error, loading } = useLoad(() => planApi.plan(), []);
  const canTry = canEditStatus(user.role);
  const current = VIEWS.find((v) => v.view === view) ?? VIEWS[0];
  const title = view === 'overview' ? t('plan.title') : `${t('plan.title')}: ${t(current.key)}`;
  const teamName = (id: string | null) => (id ? (lookups.teams.get(id)?.name ?? id) : t('plan.noTeam'));

  return (
    <>
      <PageHeading title={title}>{view === 'overview' ? t('plan.title') : t(current.key)}</PageHeading>
      <nav aria-label={t('plan.viewsLabel')} className="plan-views">
        <ul>
          {VIEWS.filter((v) => v.view !== 'whatIf' || canTry).map((v) => (
            <li key={v.view}>
              <Link to={v.to} aria-current={v.view === view ? 'page' : undefined}>
                {t(v.key)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <p className="lead">{t('plan.asOf', { date: formatTime(data.as_of_utc, locale) })}</p>
          {data.systems.length === 0 ? (
            <p>{t('plan.empty')}</p>
          ) : view === 'graph' ? (
            <Suspense fallback={<p className="loading">{t('plan.graphLoading')}</p>}>
              <DependencyGraph plan={data} />
            </Suspense>
          ) : view === 'whatIf' ? (
            canTry ? (
              <WhatIf plan={data} teamName={teamName} />
            ) : (
              <p>{t('plan.whatIfForbidden')}</p>
            )
          ) : (
            <Overview plan={data} teamName={teamName} />
          )}
        </>
      ) : null}
    </>
  );
}

function Overview({ plan, teamName }: { plan: DatedPlan; teamName: (id: string | null) => string }) {
  const t = useT();
  const { locale } = useLocale();
  const names = new Map(plan.systems.map((s) => [s.id, s.name]));
  const h = (x: number) => formatHours(x, locale);
  const value = (hours: number, at: string) =>
    t('plan.summary.value', { hours: h(hours), date: formatTime(at, locale) });
  return (
    <>
      <section aria-labelledby="plan-summary">
        <h2 id="plan-summary">{t('plan.summary')}</h2>
        <dl className="details plan-summary">
          <dt>{t('plan.summary.likely')}</dt>
          <dd data-testid="plan-makespan">{value(plan.makespan_h, plan.makespan_at)}</dd>
          <dt>{t('plan.summary.p50')}</dt>
          <dd data-testid="plan-p50">{value(plan.forecast.p50_h, plan.forecast.p50_at)}</dd>
          <dt>{t('plan.summary.p90')}</dt>
          <dd data-testid="plan-p90">{value(plan.forecast.p90_h, plan.forecast.p90_at)}</dd>
        </dl>
        <p className="hint">{t('plan.summary.runs', { runs: plan.forecast.runs, seed: plan.forecast.seed })}</p>
        <LearnedLine learning={plan.learning} />
      </section>
      <Warnings plan={plan} names={names} t={t} />
      <section aria-labelledby="plan-chain">
        <h2 id="plan-chain">{t('plan.chain')}</h2>
        <p>{t('plan.chainIntro')}</p>
        <ol className="plan-chain">
          {plan.critical_chain.map((link) => {
            const vars = { start: h(link.start_h), finish: h(link.finish_h) };
            const why = link.waited_for === 'team' ? t('plan.chain.team') : t('plan.chain.dependency');
            const text = link.waited_for ? t('plan.chain.link', { ...vars, why }) : t('plan.chain.first', vars);
            return (
              <li key={link.id}>
                <Link to={`/systems/${encodeURIComponent(link.id)}`}>{names.get(link.id) ?? link.id}</Link>: {text}
              </li>
            );
          })}
        </ol>
      </section>
      {plan.systems.some((s) => !isBack(s.status)) ? (
        <AdviceSection teamName={teamName} systemName={(id) => names.get(id) ?? id} />
      ) : null}
      <PlanTable plan={plan} names={names} teamName={teamName} />
      <Timeline plan={plan} teamName={teamName} />
    </>
  );
}

function Warnings({ plan, names, t }: { plan: DatedPlan; names: Map<string, string>; t: T }) {
  const rto = new Map(plan.systems.map((s) => [s.id, s.rto_hours]));
  const list = (
    <ul className="plan-warnings">
      {plan.warnings.map((w) => {
        const name = names.get(w.system) ?? w.system;
        const text =
          w.code === 'no-estimate'
            ? t('plan.warning.noEstimate')
            : t('plan.warning.rtoInversion', {
                rto: rto.get(w.system) ?? '',
                needs: (w.needs ?? []).map((id) => `${names.get(id) ?? id} (${rto.get(id) ?? ''} h)`).join(', '),
              });
        return (
          <li key={`${w.code}-${w.system}`} className="notice notice-warning">
            <Link to={`/systems/${encodeURIComponent(w.system)}`}>{name}</Link> {text}
          </li>
        );
      })}
    </ul>
  );
  return (
    <section aria-labelledby="plan-warnings">
      <h2 id="plan-warnings">{t('plan.warnings')}</h2>
      {plan.warnings.length === 0 ? (
        <p>{t('plan.warningsNone')}</p>
      ) : plan.warnings.length > 3 ? (
        // A long list of warnings would push the plan itself off the first screen.
        <details className="plan-warnings-all">
          <summary>{t('plan.warningsShow', { count: plan.warnings.length })}</summary>
          {list}
        </details>
      ) : (
        list
      )}
    </section>
  );
}

function PlanTable({
  plan,
  names,
  teamName,
}: {
  plan: DatedPlan;
  names: Map<string, string>;
  teamName: (id: string | null) => string;
}) {
  const t = useT();
  const { locale } = useLocale();
  const h = (x: number) => formatHours(x, locale);
  const at = (iso: string) => formatShortTime(iso, locale, plan.time_zone);
  const col = {
    order: t('plan.col.order'),
    expected: t('ui.plan.col.expected'),
    rto: t('plan.col.rto'),
    waitingFor: t('plan.col.waitingFor'),
    status: t('ui.plan.col.statusTeam'),
    likely: t('ui.plan.col.likely'),
  };
  // The forecast first after the name: it is what a staff meeting asks for. On a phone each row is a
  // card (plan.css) showing order, name, status, P50–P90 and what it waits for; the rest hides there.
  return (
    <DataTable caption={t('plan.table.caption')} className="plan-table">
      <thead>
        <tr>
          <th scope="col" className="num">
            {col.order}
          </th>
          <th scope="col">{t('plan.col.system')}</th>
          <th scope="col">{col.expected}</th>
          <th scope="col" className="num">
            {col.rto}
          </th>
          <th scope="col">{col.waitingFor}</th>
          <th scope="col">{col.status}</th>
          <th scope="col">{col.likely}</th>
        </tr>
      </thead>
      <tbody>
        {restartOrder(plan.systems).map((s, k) => {
          const done = isBack(s.status);
          return (
            <tr key={s.id} className={done ? 'row-muted' : undefined} data-testid={`plan-row-${s.id}`}>
              <td className="num plan-order" data-label={col.order}>
                {k + 1}
              </td>
              <th scope="row" className="plan-name">
                <Link to={`/systems/${encodeURIComponent(s.id)}`}>{s.name}</Link>
              </th>
              <td data-label={col.expected} className="plan-expected">
                {done ? (
                  <>
                    {t('plan.done')}
                    {s.actual_h === undefined ? null : (
                      <span className="sub">{t('learned.took', { hours: h(s.actual_h) })}</span>
                    )}
                  </>
                ) : (
                  <>
                    <span className="nowrap">{t('ui.plan.cell.range', { p50: at(s.p50_at), p90: at(s.p90_at) })}</span>
                    <span className="sub">{t('ui.plan.cell.hours', { p50: h(s.p50_h), p90: h(s.p90_h) })}</span>
                    {s.elapsed_h === undefined ? null : (
                      <span className="sub">{t('learned.elapsed', { hours: h(s.elapsed_h) })}</span>
                    )}
                  </>
                )}
              </td>
              <td className="num plan-rto" data-label={col.rto}>
                {s.p_within_rto === null
                  ? t('plan.noRto')
                  : t('plan.percent', { value: formatPercent(s.p_within_rto, locale) })}
              </td>
              <td data-label={col.waitingFor} className="plan-waiting">
                {s.waiting_for ? (
                  <Link to={`/systems/${encodeURIComponent(s.waiting_for)}`}>
                    {names.get(s.waiting_for) ?? s.waiting_for}
                  </Link>
                ) : (
                  t('common.none')
                )}
              </td>
              <td data-label={col.status} className="plan-status">
                <StatusBadge status={s.status} />
                <span className="sub plan-team">{teamName(s.team)}</span>
              </td>
              <td data-label={col.likely} className="plan-likely">
                {done ? (
                  t('common.none')
                ) : (
                  <>
                    <span>{t('ui.plan.cell.range', { p50: at(s.start_at), p90: at(s.finish_at) })}</span>
                    <span className="sub">
                      {t('ui.plan.cell.likely', { start: h(s.start_h), finish: h(s.finish_h) })}
                    </span>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
