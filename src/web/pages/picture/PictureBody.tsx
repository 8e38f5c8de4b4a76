import { MESSAGES, type MessageKey } from '../../../i18n/index.js';
import { useLocale, useT } from '../../i18n.js';
import { Link } from '../../router.js';
import { LearnedLine } from '../plan/Learned.js';
import { formatAt, formatSpan } from '../tasks/format.js';
import type { PictureContent } from './pictureApi.js';

const MINUTE = 60_000;

/** A unit's state in words, with a shape per state (never colour alone). */
function StateBadge({ state }: { state: PictureContent['units'][number]['state'] }) {
  const t = useT();
  return <span className={`picture-state picture-state-${state}`}>{t(`picture.state.${state}`)}</span>;
}

/**
 * The common situation picture's sections: key figures, life-and-health flags, units worst first, systems in
 * demand against the forecast, open needs, decisions and what changed. Shared by the draft and an approved one.
 */
export function PictureBody({ picture, timeZone }: { picture: PictureContent; timeZone: string }) {
  const t = useT();
  const { locale } = useLocale();
  const at = (iso: string | null) => formatAt(iso, locale, timeZone);
  const { counts, recovery } = picture;
  return (
    <div className="picture-body">
      <section className="picture-section" aria-labelledby="picture-figures">
        <h2 id="picture-figures">{t('picture.summaryTitle')}</h2>
        <ul className="picture-figures" aria-label={t('picture.figuresLabel')}>
          {(['severely_affected', 'affected', 'normal', 'no_report'] as const).map((s) => (
            <li key={s} className={`picture-figure picture-figure-${s}`}>
              <strong>{counts[s]}</strong> {t(`picture.state.${s}`)}
            </li>
          ))}
          <li className="picture-figure">
            <strong>{t('picture.recovery', { back: recovery.back, total: recovery.total })}</strong>
          </li>
        </ul>
        {/* As it stood when the picture was built: an approved picture keeps what it said then. */}
        <LearnedLine learning={picture.learning} />
      </section>

      <section className="picture-section" aria-labelledby="picture-life">
        <h2 id="picture-life">{t('picture.lifeHealthTitle')}</h2>
        {picture.life_health.length === 0 ? (
          <p>{t('picture.lifeHealthNone')}</p>
        ) : (
          <ul className="picture-flags">
            {picture.life_health.map((f) => (
              <li key={f.unit_id} className="picture-flag">
                <strong>{f.name}</strong>
                {f.consequences ? `: ${f.consequences}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="picture-section" aria-labelledby="picture-demand">
        <h2 id="picture-demand">{t('picture.demandTitle')}</h2>
        {picture.demand.length === 0 ? (
          <p>{t('picture.demandNone')}</p>
        ) : (
          <ul className="picture-demand" aria-label={t('picture.demandLabel')}>
            {picture.demand.map((d) => (
              <li
                key={d.system_id}
                className={d.late_units.length ? 'picture-card picture-card-warning' : 'picture-card'}
                aria-labelledby={`demand-${d.system_id}`}
              >
                <h3 id={`demand-${d.system_id}`}>
                  <Link to={`/systems/${encodeURIComponent(d.system_id)}`}>{d.name}</Link>{' '}
                  <span className="picture-count">{t('picture.demandUnits', { count: d.unit_count })}</span>
                </h3>
                <dl className="picture-facts">
                  <dt>{t('picture.earliestNeed')}</dt>
                  <dd>{d.earliest_need_by ? at(d.earliest_need_by) : t('picture.noNeedBy')}</dd>
                  <dt>{t('picture.p50')}</dt>
                  <dd>{d.p50_at ? at(d.p50_at) : t('picture.noForecast')}</dd>
                  <dt>{t('picture.p90')}</dt>
                  <dd>{d.p90_at ? at(d.p90_at) : t('picture.noForecast')}</dd>
                </dl>
                <p className="picture-units-line">
                  {d.units
                    .map((u) =>
                      t('picture.demandUnitNeed', {
                        name: u.name,
                        at: u.need_by ? at(u.need_by) : t('picture.noNeedBy'),
                      }),
                    )
                    .join(' · ')}
                </p>
                {d.late_units.length ? (
                  <p className="picture-warning" data-testid="demand-warning">
                    <strong>{t('picture.demandWarning', { units: d.late_units.map((u) => u.name).join(', ') })}</strong>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="picture-section" aria-labelledby="picture-units">
        <h2 id="picture-units">{t('picture.unitsTitle')}</h2>
        <ul className="picture-units" aria-label={t('picture.unitsLabel')}>
          {picture.units.map((u) => (
            <li
              key={u.unit_id}
              className={`picture-unit picture-unit-${u.state}`}
              aria-labelledby={`unit-${u.unit_id}`}
            >
              <p className="picture-unit-head">
                <strong id={`unit-${u.unit_id}`}>{u.name}</strong> <StateBadge state={u.state} />
                {u.life_health_risk ? <span className="picture-tag">{t('picture.lifeHealthBadge')}</span> : null}
                {u.late ? <span className="picture-tag">{t('picture.late')}</span> : null}
              </p>
              <p className="picture-unit-when">
                {u.submitted_at
                  ? t('picture.reported', {
                      at: at(u.submitted_at),
                      age: formatSpan((u.age_minutes ?? 0) * MINUTE, t),
                    })
                  : t('picture.notReported')}
              </p>
              {u.situation && u.state !== 'normal' ? <p className="picture-unit-text">{u.situation}</p> : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="picture-section" aria-labelledby="picture-needs">
        <h2 id="picture-needs">{t('picture.needsTitle')}</h2>
        {picture.needs.length === 0 ? (
          <p>{t('picture.needsNone')}</p>
        ) : (
          <ul className="picture-needs" aria-label={t('picture.needsLabel')}>
            {picture.needs.map((n) => (
              <li key={n.id}>
                <span className={`picture-urgency picture-urgency-${n.urgency}`}>
                  {t(keyOr(`picture.urgency.${n.urgency}`, 'picture.urgency.medium'))}
                </span>{' '}
                <strong>{n.title}</strong> – {n.unit_name}{' '}
                <span className="hint-inline">
                  ({t(keyOr(`picture.needStatus.${n.status}`, 'picture.needStatus.new'))})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="picture-section" aria-labelledby="picture-decisions">
        <h2 id="picture-decisions">{t('picture.decisionsTitle')}</h2>
        {picture.decisions.length === 0 ? (
          <p>{t('picture.decisionsNone')}</p>
        ) : (
          <ul className="picture-decisions">
            {picture.decisions.map((d) => (
              <li key={d.id}>
                <strong>{d.decision}</strong>{' '}
                <span className="hint-inline">
                  ({t('picture.decisionBy', { seq: d.seq, at: at(d.decided_at), by: d.decided_by })})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <Changes picture={picture} at={at} />
    </div>
  );
}

// Keys built from data (an urgency the UI does not know yet) fall back to a known one rather than show a key.
function keyOr(key: string, fallback: MessageKey): MessageKey {
  return Object.hasOwn(MESSAGES.sv, key) ? (key as MessageKey) : fallback;
}

function Changes({ picture, at }: { picture: PictureContent; at: (iso: string | null) => string }) {
  const t = useT();
  const c = picture.changes;
  const lines = c
    ? [
        ...c.units.map((u) =>
          t('picture.changeState', {
            name: u.name,
            from: t(`picture.state.${u.from}`),
            to: t(`picture.state.${u.to}`),
          }),
        ),
        ...c.new_flags.map((f) => t('picture.changeFlag', { name: f.name })),
        ...c.new_needs.map((n) => t('picture.changeNewNeed', { title: n.title, unit: n.unit_name })),
        ...c.closed_needs.map((n) => t('picture.changeClosedNeed', { title: n.title, unit: n.unit_name })),
        ...c.systems_back.map((s) => t('picture.changeBack', { name: s.name })),
      ]
    : [];
  return (
    <section className="picture-section" aria-labelledby="picture-changes">
      <h2 id="picture-changes">
        {c
          ? t('picture.changesTitle', { version: c.since_version, at: at(c.since_at) })
          : t('picture.changesTitleFirst')}
      </h2>
      {!c ? (
        <p>{t('picture.changesFirst')}</p>
      ) : lines.length === 0 ? (
        <p>{t('picture.changesNone')}</p>
      ) : (
        <ul className="picture-changes">
          {lines.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the lines are rebuilt whole and never reordered.
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
