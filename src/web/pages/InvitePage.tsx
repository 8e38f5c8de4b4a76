import { type FormEvent, useEffect, useState } from 'react';
import type { Role } from '../../domain/roles.js';
import { api, type Session } from '../api.js';
import { ErrorAlert, Loading, PageHeading, TextField, useFormErrors } from '../components.js';
import { useT } from '../i18n.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { CodeStep } from './LoginPage.js';
import { PasswordFields, passwordProblems } from './PasswordFields.js';
import { TotpEnrol } from './TotpEnrol.js';
import { takeTokenFromHash } from './tokenFromHash.js';

interface Invitation {
  email: string;
  name: string;
  role: Role;
  purpose: string;
}

/** An invitation or password-reset link: choose name and password, then log in as usual. */
export function InvitePage() {
  const t = useT();
  const { signedIn, refresh, signedOut } = useSession();
  const [token] = useState(takeTokenFromHash);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [session, setSession] = useState<Session | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, fromError } = useFormErrors(['name', 'password']);

  useEffect(() => {
    if (!token) return;
    api.inspectInvitation(token).then(
      (r) => {
        setInvitation(r);
        setName(r.name);
      },
      () => setInvalid(true),
    );
  }, [token]);

  const finish = async () => {
    await refresh();
    navigate('/');
  };

  if (session?.totp === 'enroll') return <TotpEnrol asPage onDone={() => void finish()} />;
  if (session?.totp === 'verify')
    return (
      <CodeStep
        onVerified={(s) => {
          signedIn(s);
          navigate('/');
        }}
        onCancel={signedOut}
      />
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = t('common.required', { field: t('field.name').toLowerCase() });
    Object.assign(fields, passwordProblems(password, again, t));
    if (Object.keys(fields).length) {
      setErrors({ fields, general: null });
      return;
    }
    setBusy(true);
    try {
      const result = await api.acceptInvitation({ token, password, name: name.trim() });
      signedIn(result);
      setSession(result);
      if (result.totp === 'ok') navigate('/');
    } catch (error) {
      fromError(error);
    } finally {
      setBusy(false);
    }
  };

  const intro = invitation
    ? invitation.purpose === 'reset'
      ? t('invite.resetIntro', { email: invitation.email })
      : t('invite.intro', { email: invitation.email, role: t(`role.${invitation.role}`).toLowerCase() })
    : '';

  return (
    <section className="narrow">
      <PageHeading title={t('invite.title')}>{t('invite.title')}</PageHeading>
      {!token ? <p className="notice notice-warning">{t('invite.noToken')}</p> : null}
      {token && invalid ? <p className="notice notice-warning">{t('invite.invalid')}</p> : null}
      {token && !invalid && !invitation ? <Loading /> : null}
      {invitation ? (
        <>
          <p>{intro}</p>
          <ErrorAlert message={errors.general} />
          <form onSubmit={submit} noValidate className="form">
            <TextField
              id="invite-name"
              label={t('field.name')}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={errors.fields.name}
            />
            <PasswordFields
              idPrefix="invite"
              password={password}
              again={again}
              onPassword={setPassword}
              onAgain={setAgain}
              errors={errors.fields}
            />
            <button type="submit" className="button" disabled={busy}>
              {t('invite.submit')}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}
