import { TextField } from '../components.js';
import { useT } from '../i18n.js';

/** Password and repeated password, with the length hint; errors come from the caller. */
export function PasswordFields({
  idPrefix,
  password,
  again,
  onPassword,
  onAgain,
  errors,
  labels = 'plain',
}: {
  idPrefix: string;
  password: string;
  again: string;
  onPassword: (value: string) => void;
  onAgain: (value: string) => void;
  errors: Record<string, string>;
  labels?: 'plain' | 'new';
}) {
  const t = useT();
  return (
    <>
      <TextField
        id={`${idPrefix}-password`}
        label={labels === 'new' ? t('field.newPassword') : t('field.password')}
        hint={t('field.passwordHint')}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={errors.password ?? errors.new_password}
      />
      <TextField
        id={`${idPrefix}-again`}
        label={labels === 'new' ? t('field.newPasswordAgain') : t('field.passwordAgain')}
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={(e) => onAgain(e.target.value)}
        error={errors.again}
      />
    </>
  );
}

/** Client-side checks of a new password, in the UI's language; the server checks again. */
export function passwordProblems(
  password: string,
  again: string,
  t: ReturnType<typeof useT>,
  field: 'password' | 'new_password' = 'password',
): Record<string, string> {
  const problems: Record<string, string> = {};
  if ([...password].length < 12) problems[field] = t('field.passwordShort');
  else if (password !== again) problems.again = t('field.passwordMismatch');
  return problems;
}
