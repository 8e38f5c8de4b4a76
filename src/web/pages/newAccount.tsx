import { useState } from 'react';
import type { Session } from '../api.js';
import { TextField } from '../components.js';
import { type T, useT } from '../i18n.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { PasswordFields, passwordProblems } from './PasswordFields.js';

/** The name and password of an account being set up (first run, or from an invitation link). */
export interface NewAccount {
  name: string;
  password: string;
  again: string;
}

/** A new account with nothing filled in yet. */
export const EMPTY_ACCOUNT: NewAccount = { name: '', password: '', again: '' };

/** Client-side checks of a new account's name and password; the server checks again. */
export function newAccountProblems(account: NewAccount, t: T): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!account.name.trim()) problems.name = t('common.required', { field: t('field.name').toLowerCase() });
  return Object.assign(problems, passwordProblems(account.password, account.again, t));
}

/** The name, password and repeated password of a new account; errors come from the caller. */
export function NewAccountFields({
  idPrefix,
  account,
  onChange,
  errors,
}: {
  idPrefix: string;
  account: NewAccount;
  onChange: (patch: Partial<NewAccount>) => void;
  errors: Record<string, string>;
}) {
  const t = useT();
  return (
    <>
      <TextField
        id={`${idPrefix}-name`}
        label={t('field.name')}
        autoComplete="name"
        value={account.name}
        onChange={(e) => onChange({ name: e.target.value })}
        error={errors.name}
      />
      <PasswordFields
        idPrefix={idPrefix}
        password={account.password}
        again={account.again}
        onPassword={(password) => onChange({ password })}
        onAgain={(again) => onChange({ again })}
        errors={errors}
      />
    </>
  );
}

/**
 * Set-up and invitations end in a new session: sign in with it and go home, unless a TOTP step
 * comes first; `finish` goes home after that step.
 */
export function useNewSession() {
  const { signedIn, refresh } = useSession();
  const [session, setSession] = useState<Session | null>(null);
  const start = (result: Session) => {
    signedIn(result);
    setSession(result);
    if (result.totp === 'ok') navigate('/');
  };
  // Enrolment completes the session on the server: read it again before going home.
  const finish = async () => {
    await refresh();
    navigate('/');
  };
  return { session, start, finish };
}
