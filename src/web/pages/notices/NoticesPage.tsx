import { useState } from 'react';
import { may } from '../../../domain/access.js';
import type { NoticeStatus } from '../../../domain/site/notices.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  SubmitButton,
  TableScroll,
  TextField,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link, navigate } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { formatAt } from '../tasks/format.js';
import { languageName } from './format.js';
import { type NoticeListResponse, noticesApi } from './noticesApi.js';
import './notices.css';

/** `/app/notices`: the incident's public updates, a new one, and the site's languages. */
export function NoticesPage() {
  const t = useT();
  const user = useSessionUser();
  const [status, setStatus] = useState<NoticeStatus | ''>('');
  const { data, error, loading, reload } = useLoad(() => noticesApi.list(status), [status]);
  useLiveReload(['notice.changed', 'site.changed', 'incident.changed'], reload);
  const writer = may(user.role, 'notice.write');
  return (
    <>
      <PageHeading title={t('notices.title')}>{t('notices.title')}</PageHeading>
      <p className="lead">{t('notices.intro')}</p>
      <p>
        <Link to="/public-services">{t('notices.toServices')}</Link>
      </p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data && !data.incident ? <p className="notice">{t('notices.noIncident')}</p> : null}
      {data?.incident?.exercise ? <p className="notice notice-warning">{t('notices.exercise')}</p> : null}
      {data?.incident && writer ? <NewNoticeForm original={data.original_lang} /> : null}
      {data?.incident ? (
        <section className="panel" aria-labelledby="upd-list-heading">
          <h2 id="upd-list-heading">{t('notices.listHeading')}</h2>
          <div className="filters">
            <SelectField
              id="notice-filter"
              label={t('notices.show')}
              value={status}
              onChange={(e) => setStatus(e.target.value as NoticeStatus | '')}
            >
              <option value="">{t('notices.show.all')}</option>
              <option value="draft">{t('notices.status.draft')}</option>
              <option value="in_review">{t('notices.status.in_review')}</option>
              <option value="published">{t('notices.status.published')}</option>
            </SelectField>
          </div>
          <NoticeTable data={data} />
        </section>
      ) : null}
      {data ? <Languages data={data} editable={may(user.role, 'catalogue.edit')} onSaved={reload} /> : null}
    </>
  );
}

/** A notice's state in words, with a shape per state (never colour alone). */
export function NoticeStatusBadge({ status }: { status: NoticeStatus }) {
  const t = useT();
  return <span className={`upd-status upd-status-${status}`}>{t(`notices.status.${status}`)}</span>;
}

function NoticeTable({ data }: { data: NoticeListResponse }) {
  const t = useT();
  const { locale } = useLocale();
  if (data.notices.length === 0) return <p>{t('notices.empty')}</p>;
  const at = (iso: string | null) => formatAt(iso, locale, data.time_zone);
  return (
    <TableScroll label={t('notices.listLabel')}>
      <table className="data-table upd-table">
        <thead>
          <tr>
            <th scope="col">{t('notices.col.title')}</th>
            <th scope="col">{t('notices.col.status')}</th>
            <th scope="col">{t('notices.col.published')}</th>
            <th scope="col">{t('notices.col.next')}</th>
            <th scope="col">{t('notices.col.pending')}</th>
          </tr>
        </thead>
        <tbody>
          {data.notices.map((n) => (
            <tr key={n.id}>
              <th scope="row">
                <Link to={`/notices/${encodeURIComponent(n.id)}`}>{n.title}</Link>
              </th>
              <td data-label={t('notices.col.status')}>
                <NoticeStatusBadge status={n.status} />
                {n.is_public && n.status !== 'published' ? (
                  <span className="hint"> · {t('notices.publicNow')}</span>
                ) : null}
              </td>
              <td data-label={t('notices.col.published')}>
                {n.published_at ? at(n.published_at) : t('common.none')}
                {n.amended_at ? (
                  <span className="hint"> ({t('notices.amendedAt', { at: at(n.amended_at) })})</span>
                ) : null}
              </td>
              <td data-label={t('notices.col.next')}>{n.next_update_at ? at(n.next_update_at) : t('common.none')}</td>
              <td data-label={t('notices.col.pending')}>
                {n.pending_languages.length
                  ? n.pending_languages.map((l) => languageName(l, locale)).join(', ')
                  : t('notices.none')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function NewNoticeForm({ original }: { original: string }) {
  const t = useT();
  const { locale } = useLocale();
  const [title, setTitle] = useState('');
  const { errors, busy, handler } = useFormSubmit(['title']);
  const submit = handler(
    () => ({ title: title.trim() ? undefined : t('common.required', { field: t('notices.newTitle') }) }),
    async () => {
      const { notice } = await noticesApi.create(title.trim());
      navigate(`/notices/${encodeURIComponent(notice.id)}`);
    },
  );
  return (
    <section className="panel upd-new" aria-labelledby="upd-new-heading">
      <h2 id="upd-new-heading">{t('notices.new')}</h2>
      <ErrorAlert message={errors.general} />
      <form className="form upd-inline-form" onSubmit={submit} noValidate>
        <TextField
          id="upd-new-title"
          label={t('notices.newTitle')}
          hint={t('notices.newHint', { lang: languageName(original, locale) })}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.fields.title}
          maxLength={200}
        />
        <SubmitButton busy={busy}>{t('notices.create')}</SubmitButton>
      </form>
    </section>
  );
}

function Languages({ data, editable, onSaved }: { data: NoticeListResponse; editable: boolean; onSaved: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const extra = data.languages.filter((l) => l !== data.original_lang && l !== 'en');
  const [value, setValue] = useState(extra.join(', '));
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['extra', 'languages']);
  const submit = handler(
    () => ({}),
    async () => {
      setSaved(null);
      const codes = value
        .split(/[\s,;]+/)
        .map((c) => c.trim())
        .filter(Boolean);
      const result = await noticesApi.saveLanguages(codes);
      setValue(result.extra.join(', '));
      setSaved(t('notices.languagesSaved'));
      onSaved();
    },
  );
  return (
    <section className="panel" aria-labelledby="upd-languages-heading">
      <h2 id="upd-languages-heading">{t('notices.languages')}</h2>
      <p>{t('notices.languagesIntro', { original: languageName(data.original_lang, locale) })}</p>
      <ul className="plain-list upd-languages">
        {data.languages.map((l) => (
          <li key={l}>
            {languageName(l, locale)} <span className="mono hint">({l})</span>
          </li>
        ))}
      </ul>
      {editable ? (
        <form className="form upd-inline-form" onSubmit={submit} noValidate>
          <StatusMessage message={saved} />
          <ErrorAlert message={errors.general} />
          <TextField
            id="upd-extra-languages"
            label={t('notices.extraLanguages')}
            hint={t('notices.extraHint')}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={errors.fields.languages ?? errors.fields.extra}
            autoComplete="off"
            spellCheck={false}
          />
          <SubmitButton busy={busy}>{t('notices.saveLanguages')}</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}
