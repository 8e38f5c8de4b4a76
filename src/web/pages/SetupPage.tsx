import { type FormEvent, useEffect, useState } from 'react';
import { api, type Session } from '../api.js';
import { ErrorAlert, Loading, PageHeading, TextField, useFormErrors } from '../components.js';
import { useT } from '../i18n.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';
import { PasswordFields, passwordProblems } from './PasswordFields.js';
import { TotpEnrol } from './TotpEnrol.js';
import { takeTokenFromHash } from './tokenFromHash.js';

/** First-run set-up from the console link: the first administrator, then TOTP enrolment. */
export function SetupPage() {
  const t = useT();
  const { signedIn, refresh } = useSession();
  const [token] = useState(takeTokenFromHash);
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, fromError } = useFormErrors(['token', 'email', 'name', 'password']);

  useEffect(() => {
    api.setupNeeded().then(
      (r) => setNeeded(r.needed),
      () => setNeeded(true),
    );
  }, []);

  const finish = async () => {
    await refresh();
    navigate('/');
  };

  if (session?.totp === 'enroll') return <TotpEnrol asPage onDone={() => void finish()} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!email.trim()) fields.email = t('common.required', { field: t('field.email').toLowerCase() });
    if (!name.trim()) fields.name = t('common.required', { field: t('field.name').toLowerCase() });
    Object.assign(fields, passwordProblems(password, again, t));
    if (Object.keys(fields).length) {
      setErrors({ fields, general: null });
      return;
    }
    setBusy(true);
    try {
      const result = await api.setup({ token, email: email.trim(), name: name.trim(), password });
      signedIn(result);
      setSession(result);
      if (result.totp === 'ok') navigate('/');
    } catch (error) {
      fromError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <PageHeading title={t('setup.title')}>{t('setup.title')}</PageHeading>
      {needed === null ? <Loading /> : null}
      {needed === false ? (
        <>
          <p className="notice">{t('setup.notNeeded')}</p>
          <p>
            <Link to="/login">{t('setup.toLogin')}</Link>
          </p>
        </>
      ) : null}
      {needed && !token ? <p className="notice notice-warning">{t('setup.noToken')}</p> : null}
      {needed && token ? (
        <>
          <p>{t('setup.intro')}</p>
          <ErrorAlert message={errors.general ?? errors.fields.token ?? null} />
          <form onSubmit={submit} noValidate className="form">
            <TextField
              id="setup-email"
              label={t('field.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={errors.fields.email}
            />
            <TextField
              id="setup-name"
              label={t('field.name')}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={errors.fields.name}
            />
            <PasswordFields
              idPrefix="setup"
              password={password}
              again={again}
              onPassword={setPassword}
              onAgain={setAgain}
              errors={errors.fields}
            />
            <button type="submit" className="button" disabled={busy}>
              {t('setup.submit')}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
