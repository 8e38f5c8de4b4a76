import { type FormEvent, useEffect, useState } from 'react';
import { isLocale, LOCALES, type Locale } from '../../i18n/index.js';
import { api } from '../api.js';
import {
  CopyBox,
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  SubmitButton,
  TextField,
  useActions,
  useFormErrors,
  useFormSubmit,
  useLoad,
} from '../components.js';
import { formatTime, useLocale, useT } from '../i18n.js';
import { useSession, useSessionUser } from '../session.js';
import { PasswordFields, passwordProblems } from './PasswordFields.js';
import { TotpEnrol } from './TotpEnrol.js';

/** The signed-in user's own settings: language, password, TOTP, API tokens, sessions. */
export function AccountPage() {
  const t = useT();
  const user = useSessionUser();
  return (
    <>
      <PageHeading title={t('account.title')}>{t('account.title')}</PageHeading>
      <section aria-labelledby="profile-title" className="panel">
        <h2 id="profile-title">{t('account.profile')}</h2>
        <dl className="details">
          <dt>{t('field.name')}</dt>
          <dd>{user.name}</dd>
          <dt>{t('field.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('users.role')}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
        </dl>
      </section>
      <LanguageForm />
      <PasswordForm />
      <TotpSection />
      <Tokens />
      <Sessions />
    </>
  );
}

function LanguageForm() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const { refresh } = useSession();
  const [choice, setChoice] = useState<Locale>(locale);
  // The header switch changes the language too: follow it.
  useEffect(() => setChoice(locale), [locale]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setError(null);
    try {
      await api.updateMe({ locale: choice });
      setLocale(choice);
      await refresh();
      setMessage(null);
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return (
    <section aria-labelledby="language-title" className="panel">
      <h2 id="language-title">{t('account.language')}</h2>
      <ErrorAlert message={error} />
      <StatusMessage message={message} />
      <form onSubmit={submit} className="form form-inline">
        <SelectField
          id="account-locale"
          label={t('lang.label')}
          value={choice}
          onChange={(e) => isLocale(e.target.value) && setChoice(e.target.value)}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`lang.${l}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button">
          {t('account.languageSave')}
        </button>
      </form>
    </section>
  );
}

function PasswordForm() {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const { errors, clear, busy, handler } = useFormSubmit(['current_password', 'new_password']);
  const send = handler(
    () => {
      const fields: Record<string, string> = {};
      if (!current) fields.current_password = t('common.required', { field: t('field.currentPassword').toLowerCase() });
      return Object.assign(fields, passwordProblems(password, again, t, 'new_password'));
    },
    async () => {
      await api.changePassword({ current_password: current, new_password: password });
      clear();
      setCurrent('');
      setPassword('');
      setAgain('');
      setMessage(t('account.passwordChanged'));
    },
  );
  // The last confirmation goes as soon as the form is sent again, whatever comes of it.
  const submit = (event: FormEvent) => {
    setMessage(null);
    return send(event);
  };
  return (
    <section aria-labelledby="password-title" className="panel">
      <h2 id="password-title">{t('account.passwordTitle')}</h2>
      <ErrorAlert message={errors.general} />
      <StatusMessage message={message} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id="account-current"
          label={t('field.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.fields.current_password}
        />
        <PasswordFields
          idPrefix="account-new"
          labels="new"
          password={password}
          again={again}
          onPassword={setPassword}
          onAgain={setAgain}
          errors={errors.fields}
        />
        <SubmitButton busy={busy}>{t('account.passwordSubmit')}</SubmitButton>
      </form>
    </section>
  );
}

function TotpSection() {
  const t = useT();
  const user = useSessionUser();
  const { refresh } = useSession();
  const [enrolling, setEnrolling] = useState(false);
  return (
    <section aria-labelledby="totp-title" className="panel">
      <h2 id="totp-title">{t('account.totpTitle')}</h2>
      {user.totp_enabled ? (
        <p>{t('totp.enabled')}</p>
      ) : enrolling ? (
        <div className="nested">
          <TotpEnrol
            asPage={false}
            onDone={() => {
              setEnrolling(false);
              void refresh();
            }}
          />
        </div>
      ) : (
        <>
          <p>{t('totp.disabled')}</p>
          <button type="button" className="button" onClick={() => setEnrolling(true)}>
            {t('totp.start')}
          </button>
        </>
      )}
    </section>
  );
}

function Tokens() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const { data, error, loading, reload } = useLoad(() => api.tokens(), []);
  const [name, setName] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const { message, setMessage, actionError, act } = useActions(reload);
  const { errors, setErrors, fromError, clear } = useFormErrors(['name', 'expires_days']);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (!name.trim()) {
      setErrors({
        fields: { name: t('common.required', { field: t('account.tokenName').toLowerCase() }) },
        general: null,
      });
      return;
    }
    const expiresDays = days.trim() ? Number(days.trim()) : undefined;
    if (expiresDays !== undefined && !(Number.isInteger(expiresDays) && expiresDays >= 1 && expiresDays <= 3650)) {
      setErrors({ fields: { expires_days: t('accounts.tokenDaysInvalid') }, general: null });
      return;
    }
    try {
      const result = await api.createToken({ name: name.trim(), read_only: readOnly, expires_days: expiresDays });
      clear();
      setName('');
      setDays('');
      setReadOnly(false);
      setCreated(result.token);
      reload();
    } catch (e) {
      fromError(e);
    }
  };

  const revoke = (id: string, tokenName: string) =>
    act(() => api.revokeToken(id), t('account.tokenRevoked', { name: tokenName }));

  const tokens = data?.tokens ?? [];
  return (
    <section aria-labelledby="tokens-title" className="panel">
      <h2 id="tokens-title">{t('account.tokensTitle')}</h2>
      <p>{t('account.tokensIntro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : (actionError ?? errors.general)} />
      <StatusMessage message={message} />
      {loading && !data ? <Loading /> : null}
      {data && tokens.length === 0 ? <p>{t('account.tokensNone')}</p> : null}
      {tokens.length ? (
        <DataTable caption={t('account.tokensCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('account.col.name')}</th>
              {user.role === 'admin' ? <th scope="col">{t('account.col.user')}</th> : null}
              <th scope="col">{t('account.col.created')}</th>
              <th scope="col">{t('account.col.lastUsed')}</th>
              <th scope="col">{t('accounts.col.access')}</th>
              <th scope="col">{t('accounts.col.expires')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <th scope="row">{token.name}</th>
                {user.role === 'admin' ? <td>{token.user_email}</td> : null}
                <td>{formatTime(token.created_at, locale)}</td>
                <td>{token.last_used_at ? formatTime(token.last_used_at, locale) : t('account.never')}</td>
                <td>{token.read_only ? t('accounts.readOnly') : t('accounts.readWrite')}</td>
                <td>{token.expires_at ? formatTime(token.expires_at, locale) : t('account.never')}</td>
                <td>
                  <button type="button" className="button-small" onClick={() => revoke(token.id, token.name)}>
                    {t('account.tokenRevoke', { name: token.name })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      {created ? <CopyBox id="new-token" label={t('account.tokenShown')} value={created} /> : null}
      <form onSubmit={create} noValidate className="form form-inline">
        <TextField
          id="token-name"
          label={t('account.tokenName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          autoComplete="off"
        />
        <TextField
          id="token-days"
          label={t('accounts.tokenDays')}
          hint={t('accounts.tokenDaysHint')}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={errors.fields.expires_days}
          inputMode="numeric"
          autoComplete="off"
        />
        <div className="field field-checkbox">
          <input
            type="checkbox"
            id="token-read-only"
            checked={readOnly}
            onChange={(e) => setReadOnly(e.target.checked)}
          />
          <label htmlFor="token-read-only">{t('accounts.tokenReadOnly')}</label>
        </div>
        <button type="submit" className="button">
          {t('account.tokenCreate')}
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const t = useT();
  const { locale } = useLocale();
  const { signedOut } = useSession();
  const [error, setError] = useState<string | null>(null);
  const { data, reload } = useLoad(() => api.mySessions(), []);
  const { message, actionError, act } = useActions(reload);
  const sessions = data?.sessions ?? [];
  const logout = async () => {
    await api.logout().catch(() => {});
    signedOut();
  };
  const logoutAll = async () => {
    try {
      await api.logoutAll();
      signedOut();
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return (
    <section aria-labelledby="sessions-title" className="panel">
      <h2 id="sessions-title">{t('account.sessionsTitle')}</h2>
      <ErrorAlert message={error ?? actionError} />
      <StatusMessage message={message} />
      {sessions.length ? (
        <DataTable caption={t('accounts.mySessionsCaption')} className="stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t('accounts.col.started')}</th>
              <th scope="col">{t('accounts.col.seen')}</th>
              <th scope="col">{t('accounts.col.from')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <th scope="row">{formatTime(s.created_at, locale)}</th>
                <td data-label={t('accounts.col.seen')}>{formatTime(s.last_seen_at, locale)}</td>
                <td data-label={t('accounts.col.from')}>{[s.ip, s.user_agent].filter(Boolean).join(' · ')}</td>
                <td>
                  {s.current ? (
                    t('accounts.current')
                  ) : (
                    <button
                      type="button"
                      className="button-small"
                      aria-label={t('accounts.endSession', { started: formatTime(s.created_at, locale) })}
                      onClick={() => act(() => api.endMySession(s.id), t('accounts.sessionEnded'))}
                    >
                      {t('accounts.endSessionShort')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      <p id="logout-all-hint">{t('account.logoutAllHint')}</p>
      <div className="button-row">
        <button type="button" className="button-secondary" onClick={logout}>
          {t('account.logout')}
        </button>
        <button type="button" className="button-warning" aria-describedby="logout-all-hint" onClick={logoutAll}>
          {t('account.logoutAll')}
        </button>
      </div>
    </section>
  );
}
