import { useState } from 'react';
import { may } from '../../../domain/access.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
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
import { formatAt, wallClockToIso } from '../tasks/format.js';
import { coverageApi, type Rhythm, type Rhythms } from './coverageApi.js';
import './coverage.css';

/** `/app/rhythm`: the reporting rhythm (stabsrytm): its rules and the deadlines they make; add and end rules. */
export function RhythmPage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const { data, error, loading, reload } = useLoad(() => coverageApi.rhythms(), []);
  useLiveReload(['rhythm.changed', 'incident.changed'], reload);
  const actions = useActions(reload);
  const manager = may(user.role, 'rhythm.manage');
  const zone = data?.time_zone ?? 'Europe/Stockholm';
  const at = (iso: string | null) => formatAt(iso, locale, zone);
  return (
    <>
      <PageHeading title={t('rhythm.title')}>{t('rhythm.title')}</PageHeading>
      <p className="lead">{t('rhythm.intro', { zone })}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      <StatusMessage message={actions.message} />
      <ErrorAlert message={actions.actionError} />
      {loading && !data ? <Loading /> : null}
      {data && !data.incident_id ? <p className="notice">{t('rhythm.noIncident')}</p> : null}
      {data?.incident_id ? (
        <>
          <section aria-labelledby="rhythm-upcoming-title">
            <h2 id="rhythm-upcoming-title">{t('rhythm.upcoming')}</h2>
            {data.deadlines.length === 0 ? (
              <p>{t('rhythm.noUpcoming')}</p>
            ) : (
              <ul className="rhythm-deadlines" aria-label={t('rhythm.upcomingLabel')}>
                {data.deadlines.map((d) => (
                  <li key={d.at}>
                    {at(d.at)} –{' '}
                    {d.unit_ids.length === 0
                      ? t('rhythm.field.allUnits')
                      : t('rhythm.unitCount', { count: d.unit_ids.length })}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="rhythm-rules-title">
            <h2 id="rhythm-rules-title">{t('rhythm.rules')}</h2>
            {data.rules.length === 0 ? <p>{t('rhythm.noRules')}</p> : null}
            <ul className="task-list" aria-label={t('rhythm.rulesLabel')}>
              {data.rules.map((rule) => (
                <RuleCard
                  key={rule.id}
                  rule={rule}
                  data={data}
                  manager={manager}
                  onEnd={() => actions.act(() => coverageApi.endRhythm(rule.id), t('rhythm.ended'))}
                />
              ))}
            </ul>
          </section>
          {manager ? <NewRuleForm data={data} onCreated={reload} /> : null}
        </>
      ) : null}
    </>
  );
}

function ruleTitle(rule: Rhythm, t: ReturnType<typeof useT>, at: (iso: string | null) => string): string {
  return rule.kind === 'daily'
    ? t('rhythm.rule.daily', { time: rule.time_of_day ?? '' })
    : t('rhythm.rule.once', { at: at(rule.at) });
}

function RuleCard({
  rule,
  data,
  manager,
  onEnd,
}: {
  rule: Rhythm;
  data: Rhythms;
  manager: boolean;
  onEnd: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [confirming, setConfirming] = useState(false);
  const at = (iso: string | null) => formatAt(iso, locale, data.time_zone);
  const title = ruleTitle(rule, t, at);
  const names = rule.unit_ids.map((id) => data.units.find((u) => u.id === id)?.name ?? id);
  const titleId = `rule-${rule.id}-title`;
  return (
    <li className="task-card" aria-labelledby={titleId}>
      <h3 id={titleId} className="task-title">
        {title}{' '}
        {rule.active ? null : (
          <span className="task-status task-status-cancelled">{t('rhythm.rule.ended', { at: at(rule.ends_at) })}</span>
        )}
      </h3>
      <p>{names.length ? t('rhythm.rule.units', { units: names.join(', ') }) : t('rhythm.rule.allUnits')}</p>
      <p>
        {rule.remind_minutes > 0
          ? t('rhythm.rule.remind', { minutes: rule.remind_minutes })
          : t('rhythm.rule.noRemind')}
      </p>
      <p className="hint">{t('rhythm.rule.since', { at: at(rule.starts_at) })}</p>
      {manager && rule.active ? (
        confirming ? (
          <div className="no-print">
            <p>{t('rhythm.endQuestion')}</p>
            <p>
              <button type="button" className="button" onClick={onEnd}>
                {t('rhythm.endConfirm')}
                <span className="visually-hidden">: {title}</span>
              </button>{' '}
              <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </p>
          </div>
        ) : (
          <p className="no-print">
            <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
              {t('rhythm.end')}
              <span className="visually-hidden">: {title}</span>
            </button>
          </p>
        )
      ) : null}
    </li>
  );
}

function NewRuleForm({ data, onCreated }: { data: Rhythms; onCreated: () => void }) {
  const t = useT();
  const [kind, setKind] = useState<'daily' | 'once'>('daily');
  const [time, setTime] = useState('08:00');
  const [when, setWhen] = useState('');
  const [everyone, setEveryone] = useState(true);
  const [units, setUnits] = useState<string[]>([]);
  const [remind, setRemind] = useState('60');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['time_of_day', 'at', 'unit_ids', 'remind_minutes']);
  const zone = data.time_zone;
  const submit = handler(
    () => ({
      time_of_day:
        kind === 'daily' && !/^\d{2}:\d{2}$/.test(time)
          ? t('rhythm.required', { field: t('rhythm.field.time') })
          : undefined,
      at:
        kind === 'once' && !wallClockToIso(when, zone)
          ? t('rhythm.required', { field: t('rhythm.field.at') })
          : undefined,
      unit_ids: !everyone && units.length === 0 ? t('rhythm.chooseUnit') : undefined,
      remind_minutes: /^\d+$/.test(remind) ? undefined : t('rhythm.required', { field: t('rhythm.field.remind') }),
    }),
    async () => {
      setDone(null);
      await coverageApi.createRhythm({
        kind,
        ...(kind === 'daily' ? { time_of_day: time } : { at: wallClockToIso(when, zone) ?? '' }),
        unit_ids: everyone ? [] : units,
        remind_minutes: Number(remind),
      });
      setDone(t('rhythm.created'));
      onCreated();
    },
  );
  const toggle = (id: string) => setUnits((u) => (u.includes(id) ? u.filter((x) => x !== id) : [...u, id]));
  return (
    <section aria-labelledby="rhythm-new-title">
      <h2 id="rhythm-new-title">{t('rhythm.new')}</h2>
      <form className="rhythm-form no-print" onSubmit={submit} noValidate aria-labelledby="rhythm-new-title">
        <ErrorAlert message={errors.general} />
        <StatusMessage message={done} />
        <fieldset>
          <legend>{t('rhythm.field.kind')}</legend>
          {(['daily', 'once'] as const).map((k) => (
            <label key={k} className="rhythm-choice">
              <input type="radio" name="rhythm-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`rhythm.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        {kind === 'daily' ? (
          <TextField
            id="rhythm-time"
            label={t('rhythm.field.time')}
            hint={t('rhythm.field.timeHint', { zone })}
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            error={errors.fields.time_of_day}
            required
          />
        ) : (
          <TextField
            id="rhythm-at"
            label={t('rhythm.field.at')}
            hint={t('rhythm.field.atHint', { zone })}
            type="datetime-local"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
            error={errors.fields.at}
            required
          />
        )}
        <fieldset aria-describedby={errors.fields.unit_ids ? 'rhythm-units-error' : undefined}>
          <legend>{t('rhythm.field.units')}</legend>
          {errors.fields.unit_ids ? (
            <p className="field-error" id="rhythm-units-error">
              {errors.fields.unit_ids}
            </p>
          ) : null}
          <label className="rhythm-choice">
            <input type="radio" name="rhythm-who" checked={everyone} onChange={() => setEveryone(true)} />
            {t('rhythm.field.allUnits')}
          </label>
          <label className="rhythm-choice">
            <input type="radio" name="rhythm-who" checked={!everyone} onChange={() => setEveryone(false)} />
            {t('rhythm.field.someUnits')}
          </label>
          {everyone ? null : (
            <div className="rhythm-units">
              {data.units.map((u) => (
                <label key={u.id} className="rhythm-choice">
                  <input type="checkbox" checked={units.includes(u.id)} onChange={() => toggle(u.id)} />
                  {u.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <TextField
          id="rhythm-remind"
          label={t('rhythm.field.remind')}
          hint={t('rhythm.field.remindHint')}
          type="number"
          inputMode="numeric"
          min={0}
          max={1440}
          value={remind}
          onChange={(e) => setRemind(e.target.value)}
          error={errors.fields.remind_minutes}
        />
        <SubmitButton busy={busy}>{t('rhythm.create')}</SubmitButton>
      </form>
    </section>
  );
}
