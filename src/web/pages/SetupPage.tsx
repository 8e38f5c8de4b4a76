import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { ErrorAlert, Loading, PageHeading, SubmitButton, TextField, useFormSubmit } from '../components.js';
import { useT } from '../i18n.js';
import { Link } from '../router.js';
import { EMPTY_ACCOUNT, type NewAccount, NewAccountFields, newAccountProblems, useNewSession } from './newAccount.js';
import { TotpEnrol } from './TotpEnrol.js';
import { takeTokenFromHash } from './tokenFromHash.js';

/** First-run set-up from the console link: the first administrator, then TOTP enrolment. */
export function SetupPage() {
  const t = useT();
  const { session, start, finish } = useNewSession();
  const [token] = useState(takeTokenFromHash);
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [email, setEmail] = useState('');
  const [account, setAccount] = useState<NewAccount>(EMPTY_ACCOUNT);
  const { errors, busy, handler } = useFormSubmit(['token', 'email', 'name', 'password']);

  useEffect(() => {
    api.setupNeeded().then(
      (r) => setNeeded(r.needed),
      () => setNeeded(true),
    );
  }, []);

  if (session?.totp === 'enroll') return <TotpEnrol asPage onDone={() => void finish()} />;

  const submit = handler(
    () => {
      const fields: Record<string, string> = {};
      if (!email.trim()) fields.email = t('common.required', { field: t('field.email').toLowerCase() });
      return Object.assign(fields, newAccountProblems(account, t));
    },
    async () => {
      const { name, password } = account;
      start(await api.setup({ token, email: email.trim(), name: name.trim(), password }));
    },
  );

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
            <NewAccountFields
              idPrefix="setup"
              account={account}
              onChange={(patch) => setAccount((a) => ({ ...a, ...patch }))}
              errors={errors.fields}
            />
            <SubmitButton busy={busy}>{t('setup.submit')}</SubmitButton>
          </form>
        </>
      ) : null}
    </section>
  );
}
