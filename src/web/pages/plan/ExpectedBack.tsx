import type { Estimate } from '../../../domain/catalogue/types.js';
import { ErrorAlert, errorText, Loading, useLoad } from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { Link } from '../../router.js';
import { formatHours, formatPercent, formatShortTime, isBack } from './format.js';
import { planApi } from './planApi.js';
import '../../plan.css';

/** The head of a system's page: when it is expected back (P50–P90, as dates and hours) and its chance within its RTO. */
export function ExpectedBack({ id, estimate }: { id: string; estimate?: Estimate }) {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, loading } = useLoad(() => planApi.plan(), [id]);
  if (error) return <ErrorAlert message={errorText(error, t)} />;
  if (loading && !data) return <Loading />;
  if (!data) return null;
  const line = data.systems.find((s) => s.id === id);
  const h = (x: number) => formatHours(x, locale);
  const at = (iso: string) => formatShortTime(iso, locale, data.time_zone);
  const estimateText = estimate
    ? t('learned.estimate', { likely: h(estimate.likely), low: h(estimate.low), high: h(estimate.high) })
    : null;
  const waiting = line?.waiting_for ? data.systems.find((s) => s.id === line.waiting_for) : undefined;
  return (
    <section aria-labelledby="expected-title" className="expected-back" data-testid="expected-back">
      <h2 id="expected-title">{t('ui.expected.title')}</h2>
      {!line ? (
        <p>{t('ui.expected.notPlanned')}</p>
      ) : isBack(line.status) ? (
        <>
          <p>{t('ui.expected.back')}</p>
          {line.actual_h === undefined ? null : (
            <p data-testid="expected-actual">
              {t('learned.took', { hours: h(line.actual_h) })}
              {estimateText ? `, ${estimateText}` : ''}
            </p>
          )}
        </>
      ) : (
        <dl className="expected-list">
          <div>
            <dt>{t('ui.expected.p50')}</dt>
            <dd data-testid="expected-p50">{t('ui.expected.when', { date: at(line.p50_at), hours: h(line.p50_h) })}</dd>
          </div>
          <div>
            <dt>{t('ui.expected.p90')}</dt>
            <dd data-testid="expected-p90">{t('ui.expected.when', { date: at(line.p90_at), hours: h(line.p90_h) })}</dd>
          </div>
          <div>
            <dt>{t('ui.expected.rto')}</dt>
            <dd data-testid="expected-rto">
              {line.p_within_rto === null || line.rto_hours === null
                ? t('ui.expected.noRto')
                : t('ui.expected.rtoValue', {
                    percent: formatPercent(line.p_within_rto, locale),
                    rto: h(line.rto_hours),
                  })}
            </dd>
          </div>
          {line.elapsed_h === undefined ? null : (
            <div>
              <dt>{t('learned.actualTitle')}</dt>
              <dd data-testid="expected-elapsed">
                {t('learned.elapsed', { hours: h(line.elapsed_h) })}
                {estimateText ? <span className="sub">{estimateText}</span> : null}
              </dd>
            </div>
          )}
          {waiting ? (
            <div>
              <dt>{t('ui.expected.waitingFor')}</dt>
              <dd>
                <Link to={`/systems/${encodeURIComponent(waiting.id)}`}>{waiting.name}</Link>
              </dd>
            </div>
          ) : null}
        </dl>
      )}
      <p className="hint">
        <Link to="/plan">{t('ui.expected.planLink')}</Link>
      </p>
    </section>
  );
}
