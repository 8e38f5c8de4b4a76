import { mayUseOneMore } from '../../../domain/plan/advice.js';
import { ErrorAlert, errorText, Loading, useLoad } from '../../components.js';
import { type T, useLocale, useT } from '../../i18n.js';
import { formatHours } from './format.js';
import { type AdviceResponse, planApi } from './planApi.js';

/** From a day of gain on, the gain reads in days: "2,5 dygn tidigare". */
const DAY = 24;

function gainText(hours: number, t: T, h: (x: number) => string): string {
  if (hours >= DAY) return t('advice.earlierDays', { days: h(hours / DAY) });
  if (hours > 0) return t('advice.earlierHours', { hours: h(hours) });
  if (hours < 0) return t('advice.laterHours', { hours: h(-hours) });
  return t('advice.same');
}

/**
 * "Where one more person helps most": the teams ranked by how much earlier everything is back with
 * one more person, and the services each brings earlier. Loaded from its own route after the plan,
 * since it costs one forecast per team.
 */
export function AdviceSection({
  teamName,
  systemName,
}: {
  teamName: (id: string | null) => string;
  systemName: (id: string) => string;
}) {
  const t = useT();
  const { data, error, loading } = useLoad(() => planApi.advice(), []);
  return (
    <section aria-labelledby="plan-advice" className="plan-advice" data-testid="plan-advice">
      <h2 id="plan-advice">{t('advice.title')}</h2>
      <p>{t('advice.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? <AdviceList advice={data} teamName={teamName} systemName={systemName} /> : null}
    </section>
  );
}

function AdviceList({
  advice,
  teamName,
  systemName,
}: {
  advice: AdviceResponse;
  teamName: (id: string | null) => string;
  systemName: (id: string) => string;
}) {
  const t = useT();
  const { locale } = useLocale();
  const h = (x: number) => formatHours(x, locale);
  // A team with no more open systems than people cannot use another: named once, at the end.
  const useful = advice.teams.filter(mayUseOneMore);
  const rest = advice.teams.filter((x) => !mayUseOneMore(x));
  if (useful.length === 0) return <p>{t('advice.nothing')}</p>;
  return (
    <>
      <ol className="advice-list" aria-label={t('advice.listLabel')}>
        {useful.map((team) => {
          const services = team.services.filter((s) => s.gain_h !== 0);
          return (
            <li key={team.team} data-testid={`advice-${team.team}`}>
              <p className="advice-head">
                <strong>{teamName(team.team)}</strong>{' '}
                <span className="sub">{t('advice.people', { from: team.capacity, to: team.capacity + 1 })}</span>
              </p>
              <p className="advice-gain">
                {t('advice.allBack', { gain: gainText(team.p50_gain_h, t, h) })}
                <span className="sub"> · {t('advice.p90', { gain: gainText(team.p90_gain_h, t, h) })}</span>
              </p>
              <p className="sub">
                {services.length === 0
                  ? t('advice.servicesNone')
                  : t('advice.services', {
                      list: services
                        .map((s) => t('advice.service', { name: systemName(s.id), gain: gainText(s.gain_h, t, h) }))
                        .join(', '),
                    })}
              </p>
            </li>
          );
        })}
      </ol>
      {rest.length > 0 ? (
        <p className="hint">{t('advice.rest', { teams: rest.map((x) => teamName(x.team)).join(', ') })}</p>
      ) : null}
    </>
  );
}
