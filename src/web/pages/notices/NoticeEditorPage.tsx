import { type KeyboardEvent, useRef, useState } from 'react';
import { lix } from '../../../domain/site/lix.js';
import { smsLength } from '../../../domain/site/sms.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  StatusMessage,
  SubmitButton,
  TextAreaField,
  TextField,
  useActions,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { formatAt, isoToWallClock, wallClockToIso } from '../tasks/format.js';
import { languageName } from './format.js';
import { NoticeStatusBadge } from './NoticesPage.js';
import { type NoticeItem, noticesApi } from './noticesApi.js';
import './notices.css';

/** `/app/notices/:id`: one update's texts per language, readability, SMS summary, four-eyes actions, history. */
export function NoticeEditorPage({ id }: { id: string }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => noticesApi.get(id), [id]);
  useLiveReload(['notice.changed', 'site.changed'], reload);
  const notice = data?.notice;
  const title = notice?.title ?? t('notices.title');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/notices">{t('notices.back')}</Link>
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !notice ? <Loading /> : null}
      {notice ? <Editor notice={notice} reload={reload} /> : null}
    </>
  );
}

function Editor({ notice, reload }: { notice: NoticeItem; reload: () => void }) {
  const t = useT();
  const [lang, setLang] = useState(notice.original_lang);
  const text = notice.texts.find((x) => x.lang === lang) ?? notice.texts[0];
  return (
    <>
      <p className="upd-meta">
        <NoticeStatusBadge status={notice.status} /> {t('notices.writtenBy', { name: notice.author_label })}
      </p>
      {notice.is_public && notice.status !== 'published' ? (
        <p className="notice notice-warning">{t('notices.amending')}</p>
      ) : null}
      <LanguageTabs notice={notice} lang={lang} onSelect={setLang} />
      {/* Keyed by state, not by each save: a reload after one's own save keeps the form and its confirmation. */}
      <div role="tabpanel" id="upd-panel" aria-labelledby={`upd-tab-${lang}`} className="upd-panel">
        {text ? (
          <TextForm
            key={`${notice.id}-${text.lang}-${notice.status}`}
            notice={notice}
            lang={text.lang}
            onSaved={reload}
          />
        ) : null}
      </div>
      <NextUpdate key={`next-${notice.status}`} notice={notice} onSaved={reload} />
      <Actions notice={notice} reload={reload} />
      <History notice={notice} />
    </>
  );
}

function LanguageTabs({
  notice,
  lang,
  onSelect,
}: {
  notice: NoticeItem;
  lang: string;
  onSelect: (lang: string) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const langs = notice.texts.map((x) => x.lang);
  // Arrow keys move between the tabs, as a tab list does.
  const onKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const i = langs.indexOf(lang);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = langs[(i + step + langs.length) % langs.length] ?? lang;
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={t('notices.tabs')} className="upd-tabs">
      {notice.texts.map((x) => (
        <button
          key={x.lang}
          ref={(el) => {
            refs.current[x.lang] = el;
          }}
          type="button"
          role="tab"
          id={`upd-tab-${x.lang}`}
          aria-selected={x.lang === lang}
          aria-controls="upd-panel"
          tabIndex={x.lang === lang ? 0 : -1}
          className="upd-tab"
          onClick={() => onSelect(x.lang)}
          onKeyDown={onKey}
        >
          {languageName(x.lang, locale)}
          {x.lang === notice.original_lang ? <span className="upd-tab-mark"> ({t('notices.original')})</span> : null}
          {x.translation_pending ? (
            <span className="upd-tab-mark upd-pending"> ({t('notices.pendingMark')})</span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

function LixLine({ body }: { body: string }) {
  const t = useT();
  const { locale } = useLocale();
  const r = lix(body);
  if (r.words === 0) return <p className="upd-lix">{t('notices.lixEmpty')}</p>;
  return (
    <div className={`upd-lix upd-lix-${r.band}`} data-testid="lix">
      <p>
        <strong>
          {t('notices.lix', {
            lix: r.lix.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB'),
            band: t(`notices.lix.${r.band}`),
          })}
        </strong>
      </p>
      <p className="hint">
        {t('notices.lixDetail', { words: r.words, sentences: r.sentences, long: r.long_words })}{' '}
        {r.band === 'easy' ? '' : t('notices.lixHint')}
      </p>
    </div>
  );
}

function SmsCount({ text }: { text: string }) {
  const t = useT();
  const s = smsLength(text);
  return (
    <div id="upd-sms-count" className={s.fits_one ? 'upd-sms' : 'upd-sms upd-sms-over'} data-testid="sms-count">
      <p>{t('notices.smsCount', { units: s.units, limit: s.single_limit, segments: s.segments })}</p>
      {s.encoding === 'ucs2' ? <p className="hint">{t('notices.smsUcs', { limit: s.single_limit })}</p> : null}
      {s.fits_one ? null : <p className="field-error">{t('notices.smsOver', { limit: s.single_limit })}</p>}
    </div>
  );
}

function TextForm({ notice, lang, onSaved }: { notice: NoticeItem; lang: string; onSaved: () => void }) {
  const t = useT();
  const text = notice.texts.find((x) => x.lang === lang);
  const original = notice.texts.find((x) => x.lang === notice.original_lang);
  const isOriginal = lang === notice.original_lang;
  const [title, setTitle] = useState(text?.title ?? '');
  const [body, setBody] = useState(text?.body_md ?? '');
  const [sms, setSms] = useState(text?.sms_summary ?? '');
  const [translated, setTranslated] = useState(!isOriginal && text ? !text.translation_pending : false);
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['title', 'body_md', 'sms_summary']);
  const editable = notice.may_edit;
  const submit = handler(
    () => ({
      title: title.trim() ? undefined : t('common.required', { field: t('notices.field.title') }),
      sms_summary: smsLength(sms).fits_one ? undefined : t('notices.smsOver', { limit: smsLength(sms).single_limit }),
    }),
    async () => {
      setSaved(null);
      await noticesApi.saveText(notice.id, lang, {
        title: title.trim(),
        body_md: body,
        sms_summary: sms,
        ...(isOriginal ? {} : { translated }),
      });
      setSaved(t('notices.textSaved'));
      onSaved();
    },
  );
  const copy = () => {
    if (!original) return;
    setTitle(original.title);
    setBody(original.body_md);
    setSms(original.sms_summary);
    setTranslated(false);
  };
  return (
    <form className="form upd-form" onSubmit={submit} noValidate>
      <StatusMessage message={saved} />
      <ErrorAlert message={errors.general} />
      {!editable ? <p className="hint">{t('notices.readOnly')}</p> : null}
      <TextField
        id="upd-title"
        label={t('notices.field.title')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={errors.fields.title}
        readOnly={!editable}
        maxLength={200}
        lang={lang}
      />
      <TextAreaField
        id="upd-body"
        label={t('notices.field.body')}
        hint={t('notices.field.bodyHint')}
        error={errors.fields.body_md}
        rows={12}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        readOnly={!editable}
        maxLength={20000}
        lang={lang}
      />
      {lang === 'sv' ? <LixLine body={body} /> : null}
      <div className={errors.fields.sms_summary ? 'field field-invalid' : 'field'}>
        <label htmlFor="upd-sms">{t('notices.field.sms')}</label>
        <p className="hint" id="upd-sms-hint">
          {t('notices.field.smsHint')}
        </p>
        {errors.fields.sms_summary ? (
          <p className="field-error" id="upd-sms-error">
            {errors.fields.sms_summary}
          </p>
        ) : null}
        <textarea
          id="upd-sms"
          rows={3}
          value={sms}
          onChange={(e) => setSms(e.target.value)}
          readOnly={!editable}
          aria-describedby={`upd-sms-hint upd-sms-count${errors.fields.sms_summary ? ' upd-sms-error' : ''}`}
          aria-invalid={errors.fields.sms_summary ? true : undefined}
          lang={lang}
        />
        <SmsCount text={sms} />
      </div>
      {!isOriginal && editable ? (
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={translated} onChange={(e) => setTranslated(e.target.checked)} />{' '}
            {t('notices.translated')}
          </label>
          <p className="hint">{t('notices.translatedHint')}</p>
        </div>
      ) : null}
      {editable ? (
        <div className="button-row">
          <SubmitButton busy={busy}>{t('notices.saveText')}</SubmitButton>
          {!isOriginal ? (
            <button type="button" className="button-secondary" onClick={copy}>
              {t('notices.copyOriginal')}
            </button>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

function NextUpdate({ notice, onSaved }: { notice: NoticeItem; onSaved: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const zone = notice.time_zone;
  const [value, setValue] = useState(isoToWallClock(notice.next_update_at, zone));
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['next_update_at']);
  const submit = handler(
    () => ({}),
    async () => {
      setSaved(null);
      await noticesApi.setNextUpdate(notice.id, value ? wallClockToIso(value, zone) : null);
      setSaved(t('notices.nextSaved'));
      onSaved();
    },
  );
  return (
    <section className="panel" aria-labelledby="upd-next-heading">
      <h2 id="upd-next-heading">{t('notices.nextUpdate')}</h2>
      {notice.may_edit ? (
        <form className="form upd-inline-form" onSubmit={submit} noValidate>
          <StatusMessage message={saved} />
          <ErrorAlert message={errors.general} />
          <TextField
            id="upd-next"
            type="datetime-local"
            label={t('notices.nextUpdate')}
            hint={t('notices.nextUpdateHint', { zone })}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={errors.fields.next_update_at}
          />
          <SubmitButton busy={busy}>{t('notices.saveNext')}</SubmitButton>
        </form>
      ) : (
        <p>{notice.next_update_at ? formatAt(notice.next_update_at, locale, zone) : t('notices.noNext')}</p>
      )}
    </section>
  );
}

function Actions({ notice, reload }: { notice: NoticeItem; reload: () => void }) {
  const t = useT();
  const { message, actionError, act } = useActions(reload);
  const run = (action: 'submit' | 'return' | 'publish' | 'amend', done: string) =>
    act(() => noticesApi.act(notice.id, action), done);
  const refusal = notice.publish_refusal;
  return (
    <section className="panel upd-actions" aria-labelledby="upd-actions-heading">
      <h2 id="upd-actions-heading">{t('notices.actions')}</h2>
      <StatusMessage message={message} />
      <ErrorAlert message={actionError} />
      {notice.status === 'draft' && notice.may_edit ? (
        <>
          <p>{t('notices.submitHelp')}</p>
          <button type="button" className="button" onClick={() => run('submit', t('notices.submitted'))}>
            {t('notices.submit')}
          </button>
        </>
      ) : null}
      {notice.status === 'in_review' ? (
        <>
          {notice.may_publish ? (
            <p>{t('notices.publishHelp')}</p>
          ) : refusal === 'author' || refusal === 'exercise' || refusal === 'role' ? (
            <p className="notice notice-warning" data-testid="publish-refusal">
              {t(`notices.refusal.${refusal}`)}
            </p>
          ) : null}
          <div className="button-row">
            {notice.may_publish ? (
              <button type="button" className="button" onClick={() => run('publish', t('notices.published'))}>
                {t('notices.publish')}
              </button>
            ) : null}
            {notice.may_write ? (
              <button type="button" className="button-secondary" onClick={() => run('return', t('notices.returned'))}>
                {t('notices.return')}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
      {notice.status === 'published' ? (
        <>
          <dl className="upd-facts">
            <dt>{t('notices.publicUrl')}</dt>
            <dd className="mono">
              <a href={notice.public_url}>{notice.public_url}</a>
            </dd>
          </dl>
          <p>
            <Link to={`/notices/${encodeURIComponent(notice.id)}/print`}>{t('notices.print')}</Link>
          </p>
          {notice.may_write ? (
            <>
              <p>{t('notices.amendHelp')}</p>
              <button type="button" className="button-secondary" onClick={() => run('amend', t('notices.returned'))}>
                {t('notices.amend')}
              </button>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function History({ notice }: { notice: NoticeItem }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <section className="panel" aria-labelledby="upd-history-heading">
      <h2 id="upd-history-heading">{t('notices.history')}</h2>
      {notice.publications.length === 0 ? (
        <p>{t('notices.historyEmpty')}</p>
      ) : (
        <ol className="plain-list upd-history">
          {notice.publications.map((p) => (
            <li key={p.version}>
              <strong>{p.titles[notice.original_lang] ?? ''}</strong>
              <br />
              <span className="hint">
                {t('notices.version', {
                  version: p.version,
                  at: formatAt(p.published_at, locale, notice.time_zone),
                  by: p.published_by_label ?? t('common.none'),
                })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
