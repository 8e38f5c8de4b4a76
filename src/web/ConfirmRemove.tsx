import { useEffect, useRef, useState } from 'react';
import { ErrorAlert, errorText } from './components.js';
import { useT } from './i18n.js';

/**
 * A remove button that asks first: a second button, "Yes, remove NAME", does it (no window.confirm, which
 * a screen reader and a test both handle badly). An error from `onConfirm` shows in the alert above.
 */
export function ConfirmRemove({
  id,
  label,
  name,
  errorTitle,
  describeError,
  onConfirm,
  small = false,
}: {
  id: string;
  label: string;
  name: string;
  errorTitle?: string;
  describeError?: (error: unknown) => string;
  onConfirm: () => Promise<void>;
  small?: boolean;
}) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    // The question takes focus when it opens; when it closes, focus goes back to the button that opened it.
    if (asking) confirmRef.current?.focus();
    else if (opened.current) document.getElementById(id)?.focus();
    opened.current = asking || opened.current;
  }, [asking, id]);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } catch (e) {
      setError(describeError ? describeError(e) : errorText(e, t));
      setAsking(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="confirm-remove">
      <ErrorAlert message={error} title={errorTitle} />
      {asking ? (
        <fieldset className="confirm-question">
          <legend>{t('common.removeQuestion', { name })}</legend>
          <div className="button-row">
            <button
              ref={confirmRef}
              type="button"
              className={small ? 'button-small button-warning' : 'button-warning'}
              disabled={busy}
              onClick={confirm}
            >
              {t('common.confirmRemove', { name })}
            </button>
            <button
              type="button"
              className={small ? 'button-small' : 'button-secondary'}
              onClick={() => setAsking(false)}
            >
              {t('common.cancel')}
            </button>
          </div>
        </fieldset>
      ) : (
        <button
          type="button"
          id={id}
          className={small ? 'button-small' : 'button-secondary'}
          onClick={() => {
            setError(null);
            setAsking(true);
          }}
        >
          {label}
        </button>
      )}
    </div>
  );
}
