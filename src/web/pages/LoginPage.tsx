import { useState } from 'react';
import { ApiError, api } from '../api.js';
import { ErrorAlert, PageHeading, SubmitButton, TextField, useFormSubmit } from '../components.js';
import { useT } from '../i18n.js';
import { useSession } from '../session.js';
import { TotpEnrol } from './TotpEnrol.js';

/** Login: e-mail and password, then the TOTP code or the enrolment when the server asks for it. */
export function LoginPage() {
  const { auth, signedIn, refresh, signedOut } = useSession();
  const pending = auth.status === 'pending' ? auth.session.totp : null;
  if (pending === 'verify') return <CodeStep onVerified={signedIn} onCancel={signedOut} />;
  if (pending === 'enroll') return <TotpEnrol asPage onDone={() => void refresh()} />;
  return <CredentialsStep setupNeeded={auth.status === 'anonymous' && auth.setupNeeded} />;
}

function CredentialsStep({ setupNeeded }: { setupNeeded: boolean }) {
  const t = useT();
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, setErrors, busy, handler } = useFormSubmit(['email', 'password']);

  const submit = handler(
    () => {
      const fields: Record<string, string> = {};
      if (!email.trim()) fields.email = t('common.required', { field: t('field.email').toLowerCase() });
      if (!password) fields.password = t('common.required', { field: t('field.password').toLowerCase() });
      return fields;
    },
    async () => {
      try {
        signedIn(await api.login({ email: email.trim(), password }));
      } catch (error) {
        // A wrong e-mail or password is one message for both, never a field's.
        if (!(error instanceof ApiError && error.code === 'unauthenticated')) throw error;
        setErrors({ fields: {}, general: t('error.badLogin') });
      }
    },
  );

  return (
    <section className="narrow">
      <PageHeading title={t('login.title')}>{t('login.title')}</PageHeading>
      {setupNeeded ? <p className="notice">{t('login.setupNeeded')}</p> : null}
      <ErrorAlert message={errors.general} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id="login-email"
          label={t('field.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
        />
        <TextField
          id="login-password"
          label={t('field.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
        />
        <SubmitButton busy={busy}>{t('login.submit')}</SubmitButton>
      </form>
    </section>
  );
}

/** The second step of login: a TOTP code or a recovery code. */
export function CodeStep({
  onVerified,
  onCancel,
}: {
  onVerified: (session: Awaited<ReturnType<typeof api.totpVerify>>) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [code, setCode] = useState('');
  const { errors, setErrors, busy, handler } = useFormSubmit(['code']);

  const submit = handler(
    (): Record<string, string> => (code.trim().replace(/[\s-]/g, '').length < 6 ? { code: t('login.codeHint') } : {}),
    async () => {
      try {
        onVerified(await api.totpVerify(code.trim()));
      } catch (error) {
        // A wrong code is the code field's error, not the page's.
        if (!(error instanceof ApiError && error.status === 401 && !error.field)) throw error;
        setErrors({ fields: { code: errorText401(t) }, general: null });
      }
    },
  );

  const cancel = async () => {
    await api.logout().catch(() => {});
    onCancel();
  };

  return (
    <section className="narrow">
      <PageHeading title={t('login.codeTitle')}>{t('login.codeTitle')}</PageHeading>
      <p>{t('login.codeIntro')}</p>
      <ErrorAlert message={errors.general} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id="login-code"
          label={t('login.code')}
          hint={t('login.codeHint')}
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.fields.code}
          className="input-medium"
        />
        <SubmitButton busy={busy}>{t('login.verify')}</SubmitButton>
      </form>
      <p>
        <button type="button" className="link-button" onClick={cancel}>
          {t('login.other')}
        </button>
      </p>
    </section>
  );
}

function errorText401(t: ReturnType<typeof useT>): string {
  return `${t('error.validation_failed')} ${t('login.codeHint')}`;
}
