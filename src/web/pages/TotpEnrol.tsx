import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { ErrorAlert, errorText, Loading, PageHeading, SubmitButton, TextField, useFormSubmit } from '../components.js';
import { useT } from '../i18n.js';

/**
 * TOTP enrolment: QR code and key, a code to confirm, then the recovery codes once.
 * As a page step it owns the h1; inside the account page it uses h2.
 */
export function TotpEnrol({ asPage, onDone }: { asPage: boolean; onDone: () => void }) {
  const t = useT();
  const [enrolment, setEnrolment] = useState<{ secret: string; qr_data_url: string } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const { errors, busy, handler } = useFormSubmit(['code']);

  useEffect(() => {
    let live = true;
    api.totpEnroll().then(
      (r) => live && setEnrolment(r),
      (error: unknown) => live && setLoadError(errorText(error, t)),
    );
    return () => {
      live = false;
    };
  }, [t]);

  const value = code.replace(/\s+/g, '');
  const submit = handler(
    (): Record<string, string> => (/^\d{6}$/.test(value) ? {} : { code: t('totp.codeHint') }),
    async () => setRecoveryCodes((await api.totpConfirm(value)).recovery_codes),
  );

  if (recoveryCodes) {
    return (
      <section className="step" key="recovery">
        <StepHeading asPage={asPage} text={t('totp.recoveryTitle')} />
        <p>{t('totp.recoveryIntro')}</p>
        <ul className="recovery-codes mono" aria-label={t('totp.recoveryListLabel')}>
          {recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <button type="button" className="button" onClick={onDone}>
          {t('totp.saved')}
        </button>
      </section>
    );
  }

  return (
    <section className="step" key="enrol">
      <StepHeading asPage={asPage} text={t('totp.enrollTitle')} />
      <p>{t('totp.enrollIntro')}</p>
      <ErrorAlert message={loadError ?? errors.general} />
      {enrolment ? (
        <>
          <img className="qr" src={enrolment.qr_data_url} alt={t('totp.qrAlt')} width={220} height={220} />
          <dl className="secret-pair">
            <dt className="secret-label">{t('totp.secret')}</dt>
            <dd className="secret mono">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</dd>
          </dl>
          <form onSubmit={submit} noValidate className="form">
            <TextField
              id="totp-code"
              label={t('totp.code')}
              hint={t('totp.codeHint')}
              error={errors.fields.code}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              inputMode="numeric"
              className="input-short"
            />
            <SubmitButton busy={busy}>{t('totp.confirm')}</SubmitButton>
          </form>
        </>
      ) : loadError ? null : (
        <Loading />
      )}
    </section>
  );
}

function StepHeading({ asPage, text }: { asPage: boolean; text: string }) {
  return asPage ? <PageHeading title={text}>{text}</PageHeading> : <h2>{text}</h2>;
}
