import { useState } from 'react';
import { may } from '../../../domain/access.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  StatusMessage,
  SubmitButton,
  TextAreaField,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { formatAt } from '../tasks/format.js';
import { PictureBody } from './PictureBody.js';
import { type PictureList, pictureApi } from './pictureApi.js';
import './picture.css';

/** `/app/picture`: the common situation picture as it stands now, the approval form for staff, the approved ones. */
export function PicturePage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const draft = useLoad(() => pictureApi.draft(), []);
  const list = useLoad(() => pictureApi.list(), []);
  const reload = () => {
    draft.reload();
    list.reload();
  };
  useLiveReload(['report.changed', 'need.changed', 'picture.approved', 'system.status', 'decision.added'], reload);
  const data = draft.data;
  const at = (iso: string | null) => formatAt(iso, locale, data?.time_zone ?? 'Europe/Stockholm');
  return (
    <>
      <PageHeading title={t('picture.title')}>{t('picture.title')}</PageHeading>
      <p className="lead">{t('picture.intro')}</p>
      <ErrorAlert message={draft.error ? errorText(draft.error, t) : null} />
      {draft.loading && !data ? <Loading /> : null}
      {data && !data.incident ? <p className="notice">{t('picture.noIncident')}</p> : null}
      {data?.incident ? (
        <>
          <p className="picture-meta">
            {t('picture.asOf', { at: at(data.picture.as_of) })}.{' '}
            {data.last_approved ? (
              <Link to={`/pictures/${encodeURIComponent(data.last_approved.id)}`}>
                {t('picture.lastApproved', {
                  version: data.last_approved.version,
                  at: at(data.last_approved.approved_at),
                })}
              </Link>
            ) : (
              t('picture.neverApproved')
            )}
          </p>
          {may(user.role, 'picture.approve') ? <ApproveForm onApproved={reload} /> : null}
          <PictureBody picture={data.picture} timeZone={data.time_zone} />
        </>
      ) : null}
      <ApprovedList list={list.data} error={list.error} />
    </>
  );
}

function ApproveForm({ onApproved }: { onApproved: () => void }) {
  const t = useT();
  const [summary, setSummary] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['summary']);
  const submit = handler(
    () => (summary.trim() ? {} : { summary: t('picture.summaryRequired') }),
    async () => {
      const { picture } = await pictureApi.approve({ summary: summary.trim() });
      setSummary('');
      setDone(t('picture.approved', { version: picture.version }));
      onApproved();
    },
  );
  return (
    <form className="picture-approve no-print" onSubmit={submit} noValidate aria-labelledby="picture-approve-title">
      <h2 id="picture-approve-title">{t('picture.approveTitle')}</h2>
      <p className="hint">{t('picture.approveIntro')}</p>
      <ErrorAlert message={errors.general} />
      <StatusMessage message={done} />
      <TextAreaField
        id="picture-summary"
        label={t('picture.summary')}
        hint={t('picture.summaryHint')}
        error={errors.fields.summary}
        rows={4}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        maxLength={4000}
      />
      <SubmitButton busy={busy}>{t('picture.approve')}</SubmitButton>
    </form>
  );
}

function ApprovedList({ list, error }: { list: PictureList | null; error: unknown }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <section className="picture-section no-print" aria-labelledby="picture-list-title">
      <h2 id="picture-list-title">{t('picture.listTitle')}</h2>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {list && list.pictures.length === 0 ? <p>{t('picture.listNone')}</p> : null}
      {list && list.pictures.length > 0 ? (
        <ul className="picture-list" aria-label={t('picture.listLabel')}>
          {list.pictures.map((p) => (
            <li key={p.id}>
              <Link to={`/pictures/${encodeURIComponent(p.id)}`}>
                {t('picture.listItem', { version: p.version, at: formatAt(p.approved_at, locale, list.time_zone) })}
              </Link>
              {p.exercise ? <span className="picture-tag">{t('picture.exercise')}</span> : null}{' '}
              <span className="hint-inline">{t('picture.listBy', { by: p.approved_by_label })}</span>
              <p className="picture-list-summary">{p.summary}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
