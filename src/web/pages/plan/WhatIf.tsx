import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { Estimate } from '../../../domain/catalogue/types.js';
import type { Delta } from '../../../domain/plan/what-if.js';
import { api } from '../../api.js';
import {
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  SelectField,
  StatusMessage,
  TextField,
  useLoad,
} from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { Link } from '../../router.js';
import { formatDelta, formatHours, restartOrder } from './format.js';
import { type DatedPlan, planApi, type WhatIfResponse } from './planApi.js';

interface Draft {
  system: string;
  low: string;
  likely: string;
  high: string;
}

const EMPTY_DRAFT: Draft = { system: '', low: '', likely: '', high: '' };

/** Try changes on a copy of the plan (capacity, systems done, estimates) and compare side by side. */
// Base, variant and change for each of the three times, as the comparison's columns.
const SYSTEM_DELTA_COLUMNS = [
  'finishBase',
  'finishVariant',
  'finishDelta',
  'p50Base',
  'p50Variant',
  'p50Delta',
  'p90Base',
  'p90Variant',
  'p90Delta',
] as const;

export function WhatIf({ plan, teamName }: { plan: DatedPlan; teamName: (id: string | null) => string }) {
  const t = useT();
  const { locale } = useLocale();
  const h = (x: number) => formatHours(x, locale);
  const { data, error: loadError } = useLoad(() => Promise.all([api.teams(), api.systems()]), []);
  const [capacity, setCapacity] = useState<Record<string, string>>({});
  const [done, setDone] = useState<Set<string>>(new Set());
  const [estimates, setEstimates] = useState<Record<string, Estimate>>({});
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [draftError, setDraftError] = useState<string | null>(null);
  const [result, setResult] = useState<WhatIfResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (loadError) return <ErrorAlert message={errorText(loadError, t)} />;
  if (!data) return <Loading />;
  const [{ teams }, { systems }] = data;
  const names = new Map(plan.systems.map((s) => [s.id, s.name]));
  const open = restartOrder(plan.systems).filter((s) => s.status !== 'limited' && s.status !== 'operational');

  const chooseSystem = (id: string) => {
    const e = systems.find((s) => s.id === id)?.estimate_hours;
    const current = estimates[id] ?? e;
    setDraft(
      current
        ? { system: id, low: String(current.low), likely: String(current.likely), high: String(current.high) }
        : { ...EMPTY_DRAFT, system: id },
    );
    setDraftError(null);
  };

  const addEstimate = () => {
    const [low, likely, high] = [draft.low, draft.likely, draft.high].map(Number);
    const numbers = [draft.low, draft.likely, draft.high].every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
    if (!draft.system || !numbers || low < 0 || low > likely || likely > high) {
      setDraftError(t('plan.whatIf.estimateOrder'));
      return;
    }
    setEstimates((all) => ({ ...all, [draft.system]: { low, likely, high } }));
    setDraft(EMPTY_DRAFT);
    setDraftError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const changed: Record<string, number> = {};
    for (const team of teams) {
      const value = capacity[team.id];
      if (value !== undefined && value !== '' && Number(value) !== team.capacity) changed[team.id] = Number(value);
    }
    try {
      setResult(
        await planApi.whatIf({
          ...(Object.keys(changed).length ? { capacity: changed } : {}),
          ...(done.size ? { done: [...done] } : {}),
          ...(Object.keys(estimates).length ? { estimates } : {}),
        }),
      );
    } catch (e) {
      setResult(null);
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setCapacity({});
    setDone(new Set());
    setEstimates({});
    setDraft(EMPTY_DRAFT);
    setDraftError(null);
    setResult(null);
    setError(null);
  };

  const toggleDone = (id: string, on: boolean) =>
    setDone((all) => {
      const next = new Set(all);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <div className="what-if">
      <p>{t('plan.whatIfIntro')}</p>
      <form className="form what-if-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('plan.whatIf.capacity')}</legend>
          <div className="inline-fields">
            {teams.map((team) => (
              <TextField
                key={team.id}
                id={`capacity-${team.id}`}
                label={team.name}
                hint={t('plan.whatIf.capacityHint', { current: team.capacity })}
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                className="input-short"
                value={capacity[team.id] ?? String(team.capacity)}
                onChange={(e) => setCapacity((all) => ({ ...all, [team.id]: e.target.value }))}
              />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('plan.whatIf.done')}</legend>
          <p className="hint">{t('plan.whatIf.doneHint')}</p>
          {open.length === 0 ? (
            <p>{t('plan.whatIf.doneNone')}</p>
          ) : (
            <ul className="checkbox-list what-if-done">
              {open.map((s) => (
                <li key={s.id}>
                  <input
                    type="checkbox"
                    id={`done-${s.id}`}
                    checked={done.has(s.id)}
                    onChange={(e) => toggleDone(s.id, e.target.checked)}
                  />
                  <label htmlFor={`done-${s.id}`}>
                    {s.name} <span className="sub">({teamName(s.team)})</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('plan.whatIf.estimate')}</legend>
          <SelectField
            id="estimate-system"
            label={t('plan.whatIf.estimateSystem')}
            value={draft.system}
            onChange={(e) => chooseSystem(e.target.value)}
          >
            <option value="">{t('plan.whatIf.estimateChoose')}</option>
            {restartOrder(plan.systems).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          <div className="inline-fields">
            {(['low', 'likely', 'high'] as const).map((k) => (
              <TextField
                key={k}
                id={`estimate-${k}`}
                label={t(`plan.whatIf.${k}`)}
                type="number"
                min={0}
                step="any"
                inputMode="decimal"
                className="input-short"
                value={draft[k]}
                error={k === 'low' && draftError ? draftError : undefined}
                onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
              />
            ))}
          </div>
          <button type="button" className="button-secondary" onClick={addEstimate}>
            {t('plan.whatIf.addEstimate')}
          </button>
          {Object.keys(estimates).length ? (
            <>
              <h3>{t('plan.whatIf.estimates')}</h3>
              <ul className="plain-list">
                {Object.entries(estimates).map(([id, e]) => (
                  <li key={id}>
                    {t('plan.whatIf.estimateItem', {
                      name: names.get(id) ?? id,
                      low: e.low,
                      likely: e.likely,
                      high: e.high,
                    })}{' '}
                    <button
                      type="button"
                      className="button-small"
                      onClick={() =>
                        setEstimates((all) => Object.fromEntries(Object.entries(all).filter(([k]) => k !== id)))
                      }
                    >
                      {t('plan.whatIf.remove', { name: names.get(id) ?? id })}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('plan.whatIf.submit')}
          </button>{' '}
          <button type="button" className="button-secondary" onClick={reset}>
            {t('plan.whatIf.reset')}
          </button>
        </div>
      </form>
      <ErrorAlert message={error} />
      <StatusMessage message={busy ? t('plan.whatIf.computing') : result ? t('plan.whatIf.ready') : null} />
      {result ? <Comparison result={result} h={h} /> : null}
    </div>
  );
}

function Comparison({ result, h }: { result: WhatIfResponse; h: (x: number) => string }) {
  const t = useT();
  const { locale } = useLocale();
  const names = new Map(result.base.systems.map((s) => [s.id, s.name]));
  const change = (d: Delta) => {
    const { sign, hours } = formatDelta(d.delta, locale);
    return (
      <span className={d.delta < 0 ? 'delta-better' : d.delta > 0 ? 'delta-worse' : undefined}>
        {t('plan.whatIf.delta', { sign, hours })}
      </span>
    );
  };
  const order = new Map(restartOrder(result.base.systems).map((s, k) => [s.id, k]));
  const moved = result.delta.systems
    .filter((s) => s.finish_h.delta !== 0 || s.p50_h.delta !== 0 || s.p90_h.delta !== 0)
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const whole = result.delta.whole;
  // The result lands below a long form: focus moves to it (and brings it into view) each time it changes.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!result) return;
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [result]);
  const rows: [string, Delta][] = [
    [t('plan.whatIf.likely.row'), whole.finish_h],
    [t('plan.whatIf.p50.row'), whole.p50_h],
    [t('plan.whatIf.p90.row'), whole.p90_h],
  ];
  return (
    <section aria-labelledby="what-if-result">
      <h2 id="what-if-result" ref={heading} tabIndex={-1}>
        {t('plan.whatIf.result')}
      </h2>
      <p className="notice">{t('plan.whatIf.notSaved')}</p>
      <DataTable caption={t('plan.whatIf.wholeCaption')} className="compact" data-testid="what-if-whole">
        <thead>
          <tr>
            <th scope="col">{t('plan.whatIf.col.measure')}</th>
            <th scope="col" className="num">
              {t('plan.whatIf.col.base')}
            </th>
            <th scope="col" className="num">
              {t('plan.whatIf.col.variant')}
            </th>
            <th scope="col" className="num">
              {t('plan.whatIf.col.delta')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, d]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="num">{t('plan.hours', { hours: h(d.base) })}</td>
              <td className="num">{t('plan.hours', { hours: h(d.variant) })}</td>
              <td className="num">{change(d)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {moved.length === 0 ? (
        <p>{t('plan.whatIf.noChange')}</p>
      ) : (
        <DataTable caption={t('plan.whatIf.systemsCaption')} data-testid="what-if-systems">
          <thead>
            <tr>
              <th scope="col">{t('plan.col.system')}</th>
              {SYSTEM_DELTA_COLUMNS.map((c) => (
                <th key={c} scope="col" className="num">
                  {t(`plan.whatIf.col.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {moved.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/systems/${encodeURIComponent(s.id)}`}>{names.get(s.id) ?? s.id}</Link>
                </th>
                <td className="num">{h(s.finish_h.base)}</td>
                <td className="num">{h(s.finish_h.variant)}</td>
                <td className="num">{change(s.finish_h)}</td>
                <td className="num">{h(s.p50_h.base)}</td>
                <td className="num">{h(s.p50_h.variant)}</td>
                <td className="num">{change(s.p50_h)}</td>
                <td className="num">{h(s.p90_h.base)}</td>
                <td className="num">{h(s.p90_h.variant)}</td>
                <td className="num">{change(s.p90_h)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
