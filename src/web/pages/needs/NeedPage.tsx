import { useState } from 'react';
import type { MessageKey } from '../../../i18n/index.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  StatusMessage,
  SubmitButton,
  useActions,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { type T, useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { formatAt } from '../tasks/format.js';
import { type NeedDetailResponse, needsApi } from './needsApi.js';
import { NeedStatusBadge, TriageControls, UrgencyBadge } from './parts.js';
import './needs.css';

/** `/app/needs/:id`: one need, its facts, the staff's actions, a note, and its log of every change. */
export function NeedPage({ id }: { id: string }) {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, loading, reload } = useLoad(() => needsApi.get(id), [id]);
  useLiveReload(['need.changed'], reload);
  const actions = useActions(reload);
  const need = data?.need;
  const title = need ? t('needs.detailTitle', { title: need.title }) : t('needs.title');
  return (
    <>
      <p className="no-print">
        <Link to="/needs">{t('needs.back')}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data && need ? (
        <>
          <p className="need-badges">
            <NeedStatusBadge status={need.status} /> <UrgencyBadge urgency={need.urgency} />
          </p>
          <dl className="need-facts need-facts-wide">
            <dt>{t('needs.unit')}</dt>
            <dd>{need.unit_name}</dd>
            <dt>{t('needs.category')}</dt>
            <dd>{t(`needs.category.${need.category}`)}</dd>
            <dt>{t('needs.systems')}</dt>
            <dd>{need.systems.length ? need.systems.map((s) => s.name).join(', ') : t('needs.noSystems')}</dd>
            <dt>{t('needs.owner')}</dt>
            <dd>{need.owner_name ?? t('needs.noOwner')}</dd>
            <dt>{t('needs.raised')}</dt>
            <dd>
              {t('needs.raisedBy', {
                at: formatAt(need.created_at, locale, data.time_zone),
                by: need.created_by_label,
              })}
              {need.report_id ? ` · ${t('needs.fromReport')}` : ''}
            </dd>
          </dl>
          {need.detail ? (
            <>
              <h2>{t('needs.detail')}</h2>
              <p className="need-detail-text">{need.detail}</p>
            </>
          ) : null}
          <StatusMessage message={actions.message} />
          <ErrorAlert message={actions.actionError} />
          {need.next_statuses.length ? (
            <section aria-labelledby="need-triage-title">
              <h2 id="need-triage-title">{t('needs.triage')}</h2>
              <TriageControls need={need} owners={data.owners} act={actions.act} />
            </section>
          ) : null}
          {need.may_note ? <NoteForm id={need.id} onDone={reload} /> : null}
          <NeedLog data={data} />
        </>
      ) : null}
    </>
  );
}

function NoteForm({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useT();
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['note']);
  const submit = handler(
    () => ({ note: note.trim() ? undefined : t('needs.required') }),
    async () => {
      await needsApi.note(id, note.trim());
      setNote('');
      setDone(t('needs.noteAdded'));
      onDone();
    },
  );
  return (
    <form className="form need-note-form no-print" onSubmit={submit} noValidate>
      <ErrorAlert message={errors.general} />
      <StatusMessage message={done} />
      <div className={errors.fields.note ? 'field field-invalid' : 'field'}>
        <label htmlFor="need-note">{t('needs.note')}</label>
        {errors.fields.note ? (
          <p className="field-error" id="need-note-error">
            {errors.fields.note}
          </p>
        ) : null}
        <textarea
          id="need-note"
          rows={3}
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={errors.fields.note ? true : undefined}
          aria-describedby={errors.fields.note ? 'need-note-error' : undefined}
        />
      </div>
      <SubmitButton busy={busy}>{t('needs.noteAdd')}</SubmitButton>
    </form>
  );
}

// A field's value in words: statuses, urgencies and kinds from the catalogues, an owner by name.
function valueText(field: string, value: string | null, data: NeedDetailResponse, t: T): string {
  if (value === null) return t('needs.log.none');
  if (field === 'status') return t(`needs.status.${value}` as MessageKey);
  if (field === 'urgency') return t(`needs.urgency.${value}` as MessageKey);
  if (field === 'category') return t(`needs.category.${value}` as MessageKey);
  if (field === 'owner_user_id') {
    if (value === data.need.owner_user_id && data.need.owner_name) return data.need.owner_name;
    return data.owners.find((p) => p.id === value)?.name ?? value;
  }
  return value;
}

function NeedLog({ data }: { data: NeedDetailResponse }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <section aria-labelledby="need-log-title">
      <h2 id="need-log-title">{t('needs.log')}</h2>
      {data.changes.length === 0 ? <p>{t('needs.logEmpty')}</p> : null}
      <ol className="need-log">
        {data.changes.map((c) => (
          <li key={c.id}>
            <p className="need-log-head">
              <strong>{formatAt(c.at, locale, data.time_zone)}</strong> · {c.actor_label}
            </p>
            {c.changes.length ? (
              <ul>
                {c.changes.map((x) =>
                  x.field === 'status' && x.from === null ? (
                    <li key={x.field}>{t('needs.log.raised')}</li>
                  ) : (
                    <li key={x.field}>
                      {t('needs.log.change', {
                        field: t(`needs.log.field.${x.field}` as MessageKey),
                        from: valueText(x.field, x.from, data, t),
                        to: valueText(x.field, x.to, data, t),
                      })}
                    </li>
                  ),
                )}
              </ul>
            ) : null}
            {c.note ? <p className="need-log-note">{c.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
