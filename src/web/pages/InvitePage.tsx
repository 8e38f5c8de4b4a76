import { useEffect, useState } from 'react';
import type { Role } from '../../domain/roles.js';
import { api } from '../api.js';
import { ErrorAlert, Loading, PageHeading, SubmitButton, useFormSubmit } from '../components.js';
import { useT } from '../i18n.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { CodeStep } from './LoginPage.js';
import { EMPTY_ACCOUNT, type NewAccount, NewAccountFields, newAccountProblems, useNewSession } from './newAccount.js';
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
  const { signedIn, signedOut } = useSession();
  const { session, start, finish } = useNewSession();
  const [token] = useState(takeTokenFromHash);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [account, setAccount] = useState<NewAccount>(EMPTY_ACCOUNT);
  const { errors, busy, handler } = useFormSubmit(['name', 'password']);

  useEffect(() => {
    if (!token) return;
    api.inspectInvitation(token).then(
      (r) => {
        setInvitation(r);
        setAccount((a) => ({ ...a, name: r.name }));
      },
      () => setInvalid(true),
    );
  }, [token]);

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

  const submit = handler(
    () => newAccountProblems(account, t),
    async () => start(await api.acceptInvitation({ token, password: account.password, name: account.name.trim() })),
  );

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
            <NewAccountFields
              idPrefix="invite"
              account={account}
              onChange={(patch) => setAccount((a) => ({ ...a, ...patch }))}
              errors={errors.fields}
            />
            <SubmitButton busy={busy}>{t('invite.submit')}</SubmitButton>
          </form>
        </>
      ) : null}
    </section>
  );
}
