import { useEffect, useState } from 'react';
import { may } from '../../../domain/access.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  StatusMessage,
  SubmitButton,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { useSessionUser } from '../../session.js';
import { formatAt, timeLeft } from './format.js';
import { type ObligationItem, type ObligationListResponse, type TemplateItem, tasksApi } from './tasksApi.js';
import './tasks.css';

/** `/app/obligations`: the active incident's reporting deadlines with time left; mark sent; edit the templates. */
export function ObligationsPage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const { data, error, loading, reload } = useLoad(() => tasksApi.obligations(), []);
  useLiveReload(['obligation.changed', 'incident.changed'], reload);
  const manager = may(user.role, 'obligation.manage');
  const zone = data?.time_zone ?? 'Europe/Stockholm';
  return (
    <>
      <PageHeading title={t('obligations.title')}>{t('obligations.title')}</PageHeading>
      <p className="lead">{t('obligations.intro', { zone })}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data && !data.incident ? <p className="notice">{t('obligations.noIncident')}</p> : null}
      {data?.incident ? (
        <>
          <p>
            {t('obligations.incident', {
              title: data.incident.title,
              at: formatAt(data.incident.detected_at, locale, zone),
            })}
          </p>
          <ul className="task-list" aria-label={t('obligations.listLabel')}>
            {data.obligations.map((o) => (
              <ObligationCard key={o.id} obligation={o} data={data} manager={manager} onDone={reload} />
            ))}
          </ul>
        </>
      ) : null}
      {manager ? <TemplatesEditor onSaved={reload} /> : null}
    </>
  );
}

function ObligationCard({
  obligation: o,
  data,
  manager,
  onDone,
}: {
  obligation: ObligationItem;
  data: ObligationListResponse;
  manager: boolean;
  onDone: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const at = (iso: string | null) => formatAt(iso, locale, data.time_zone);
  const kind = o.overdue ? 'overdue' : o.state;
  const titleId = `obligation-${o.id}-title`;
  return (
    <li className={o.overdue ? 'task-card task-card-overdue' : 'task-card'} aria-labelledby={titleId}>
      <h2 id={titleId} className="task-title">
        {o.title} <span className={`task-status obligation-${kind}`}>{t(`obligations.state.${kind}`)}</span>
      </h2>
      <dl className="task-facts">
        <dt>{t('obligations.recipient')}</dt>
        <dd>{o.recipient}</dd>
        {o.basis ? (
          <>
            <dt>{t('obligations.basis')}</dt>
            <dd>{o.basis}</dd>
          </>
        ) : null}
        <dt>{t('obligations.deadline')}</dt>
        <dd>
          {at(o.deadline_at)}
          {o.state === 'pending' ? (
            <>
              {' '}
              <strong className="time-left">({timeLeft(o.deadline_at, data.now, t)})</strong>
            </>
          ) : null}
        </dd>
      </dl>
      {o.state === 'sent' ? <p>{t('obligations.sentBy', { at: at(o.sent_at), by: o.by_label ?? '' })}</p> : null}
      {o.state === 'not_applicable' ? <p>{t('obligations.naBy', { at: at(o.at), by: o.by_label ?? '' })}</p> : null}
      {o.note ? (
        <p>
          <strong>{t('obligations.note')}:</strong> {o.note}
        </p>
      ) : null}
      {manager && o.state === 'pending' ? <MarkForm obligation={o} onDone={onDone} /> : null}
    </li>
  );
}

function MarkForm({ obligation, onDone }: { obligation: ObligationItem; onDone: () => void }) {
  const t = useT();
  const [note, setNote] = useState('');
  const { errors, busy, handler } = useFormSubmit(['note', 'reason']);
  const id = `note-${obligation.id}`;
  // Enter in the field marks it sent; "not applicable" is its own button and wants the reason.
  const run = (mode: 'sent' | 'na') =>
    handler(
      () => (mode === 'na' && !note.trim() ? { note: t('obligations.reasonNeeded') } : {}),
      async () => {
        if (mode === 'sent') await tasksApi.markSent(obligation.id, note.trim());
        else await tasksApi.markNotApplicable(obligation.id, note.trim());
        onDone();
      },
    );
  const error = errors.fields.note ?? errors.fields.reason;
  return (
    <form className="task-report-form no-print" onSubmit={run('sent')} noValidate aria-label={obligation.title}>
      <ErrorAlert message={errors.general} />
      <div className={error ? 'field field-invalid' : 'field'}>
        <label htmlFor={id}>{t('obligations.noteField')}</label>
        <p className="hint" id={`${id}-hint`}>
          {t('obligations.noteHint')}
        </p>
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
        <input
          id={id}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={error ? true : undefined}
        />
      </div>
      <div className="button-row">
        <SubmitButton busy={busy}>
          {t('obligations.markSent')}
          <span className="visually-hidden">: {obligation.title}</span>
        </SubmitButton>
        <button type="button" className="button-secondary" disabled={busy} onClick={run('na')}>
          {t('obligations.markNa')}
          <span className="visually-hidden">: {obligation.title}</span>
        </button>
      </div>
    </form>
  );
}

function TemplatesEditor({ onSaved }: { onSaved: () => void }) {
  const t = useT();
  const { data, error } = useLoad(() => tasksApi.templates(), []);
  const [rows, setRows] = useState<TemplateItem[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit([]);
  useEffect(() => {
    if (data) setRows(data.templates);
  }, [data]);
  const update = (i: number, patch: Partial<TemplateItem>) =>
    setRows((r) => (r ? r.map((row, k) => (k === i ? { ...row, ...patch } : row)) : r));
  const submit = handler(
    () => ({}),
    async () => {
      if (!rows) return;
      const saved = await tasksApi.saveTemplates(rows);
      setRows(saved.templates);
      setDone(t('obligations.tpl.saved'));
      onSaved();
    },
  );
  return (
    <details className="templates no-print">
      <summary>{t('obligations.templates')}</summary>
      <p className="hint">{t('obligations.templatesIntro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {rows ? (
        <form onSubmit={submit} noValidate>
          <ErrorAlert message={errors.general} />
          <StatusMessage message={done} />
          {rows.map((row, i) => {
            const p = `tpl-${i}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, ids among them included.
              <fieldset key={i} className="template-row">
                <legend>{t('obligations.tpl.row', { n: i + 1 })}</legend>
                <div className="template-fields">
                  <TplInput
                    id={`${p}-id`}
                    label={t('obligations.tpl.id')}
                    value={row.id}
                    onChange={(v) => update(i, { id: v })}
                  />
                  <TplInput
                    id={`${p}-title`}
                    label={t('obligations.tpl.title')}
                    value={row.title}
                    onChange={(v) => update(i, { title: v })}
                  />
                  <TplInput
                    id={`${p}-recipient`}
                    label={t('obligations.tpl.recipient')}
                    value={row.recipient}
                    onChange={(v) => update(i, { recipient: v })}
                  />
                  <TplInput
                    id={`${p}-basis`}
                    label={t('obligations.tpl.basis')}
                    value={row.basis}
                    onChange={(v) => update(i, { basis: v })}
                  />
                  <TplInput
                    id={`${p}-amount`}
                    label={t('obligations.tpl.amount')}
                    type="number"
                    value={String(row.deadline_amount)}
                    onChange={(v) => update(i, { deadline_amount: Number(v) })}
                  />
                  <div className="field">
                    <label htmlFor={`${p}-unit`}>{t('obligations.tpl.unit')}</label>
                    <select
                      id={`${p}-unit`}
                      value={row.deadline_unit}
                      onChange={(e) => update(i, { deadline_unit: e.target.value as TemplateItem['deadline_unit'] })}
                    >
                      <option value="hours">{t('obligations.tpl.hours')}</option>
                      <option value="months">{t('obligations.tpl.months')}</option>
                    </select>
                  </div>
                </div>
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => setRows(rows.filter((_, k) => k !== i))}
                >
                  {t('obligations.tpl.remove')}
                  <span className="visually-hidden">: {row.title}</span>
                </button>
              </fieldset>
            );
          })}
          <div className="button-row">
            <button
              type="button"
              className="button-secondary"
              onClick={() =>
                setRows([
                  ...rows,
                  { id: '', title: '', recipient: '', basis: '', deadline_amount: 72, deadline_unit: 'hours' },
                ])
              }
            >
              {t('obligations.tpl.add')}
            </button>
            <SubmitButton busy={busy}>{t('obligations.tpl.save')}</SubmitButton>
          </div>
        </form>
      ) : null}
    </details>
  );
}

function TplInput({
  id,
  label,
  value,
  onChange,
  type = 'text',
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
