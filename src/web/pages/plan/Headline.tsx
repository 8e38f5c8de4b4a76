import { ErrorAlert, errorText, Loading, useLoad } from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { Link } from '../../router.js';
import { formatHours, formatShortTime, isBack, mostImportantOpen } from './format.js';
import { LearnedLine } from './Learned.js';
import { planApi } from './planApi.js';
import '../../plan.css';

/** How many of the most important services the headline names. */
const IMPORTANT = 5;

/** The overview's headline: everything back by (P50/P90), and the most important services not yet back and when. */
export function Headline() {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, loading } = useLoad(() => planApi.plan(), []);
  if (error) return <ErrorAlert message={errorText(error, t)} />;
  if (loading && !data) return <Loading />;
  if (!data || data.systems.length === 0) return null;
  const h = (x: number) => formatHours(x, locale);
  const at = (iso: string) => formatShortTime(iso, locale, data.time_zone);
  const allBack = data.systems.every((s) => isBack(s.status));
  const important = mostImportantOpen(data.systems, IMPORTANT);
  return (
    <section aria-labelledby="headline-title" className="headline" data-testid="headline">
      <h2 id="headline-title">{t('ui.headline.title')}</h2>
      {allBack ? (
        <p className="headline-big">{t('ui.headline.allDone')}</p>
      ) : (
        <>
          <p className="headline-big">
            <span className="headline-label">{t('ui.headline.allBack')}</span>{' '}
            <span data-testid="headline-all-back">
              {t('ui.headline.allBackValue', { p50: at(data.forecast.p50_at), p90: at(data.forecast.p90_at) })}
            </span>
          </p>
          <p className="hint">
            {t('ui.headline.allBackHours', { p50: h(data.forecast.p50_h), p90: h(data.forecast.p90_h) })}
          </p>
          <LearnedLine learning={data.learning} />
          <h3 id="headline-important">{t('ui.headline.important')}</h3>
          {important.length === 0 ? (
            <p>{t('ui.headline.importantNone')}</p>
          ) : (
            <ol className="headline-list" aria-labelledby="headline-important">
              {important.map((s) => (
                <li key={s.id}>
                  <Link to={`/systems/${encodeURIComponent(s.id)}`}>{s.name}</Link>{' '}
                  <span className="headline-when">
                    {t('ui.headline.importantItem', { p50: at(s.p50_at), p90: at(s.p90_at) })}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      <p>
        <Link to="/plan">{t('ui.headline.planLink')}</Link>
      </p>
    </section>
  );
}
