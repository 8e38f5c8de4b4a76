import { useState } from 'react';
import { may } from '../../../domain/access.js';
import { ConfirmRemove } from '../../ConfirmRemove.js';
import {
  CopyBox,
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  StatusMessage,
  SubmitButton,
  TextField,
  useActions,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { useSessionUser } from '../../session.js';
import { formatAt } from '../tasks/format.js';
import { type WebhookSecretResponse, webhooksApi } from './webhooksApi.js';

/**
 * The partners' webhooks: add one (its secret shown once, to copy), send a test, give it a new secret, remove
 * it; and how many residents subscribe by e-mail, never who.
 */
export function WebhooksPage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const { data, error, loading, reload } = useLoad(() => webhooksApi.list(), []);
  const { message, setMessage, actionError, act } = useActions(reload);
  const [secret, setSecret] = useState<WebhookSecretResponse | null>(null);
  if (!may(user.role, 'notice.write')) return <ErrorAlert message={t('err.auth.roleForbids')} />;
  const showSecret = (answer: WebhookSecretResponse) => {
    setMessage(null);
    setSecret(answer);
    reload();
  };
  return (
    <>
      <PageHeading title={t('webhooks.title')}>{t('webhooks.title')}</PageHeading>
      <p>{t('webhooks.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      <ErrorAlert message={actionError} />
      {data ? <p>{t('webhooks.residents', { active: data.email.active, pending: data.email.pending })}</p> : null}
      <StatusMessage message={message} />
      {secret ? (
        <section aria-labelledby="webhook-secret-title" className="panel">
          <h2 id="webhook-secret-title">{t('webhooks.secretTitle', { name: secret.webhook.name })}</h2>
          <p>{t('webhooks.secretText')}</p>
          <CopyBox id="webhook-secret" label={t('webhooks.secretLabel')} value={secret.secret} />
          <p>
            <button type="button" className="button-secondary" onClick={() => setSecret(null)}>
              {t('webhooks.secretDone')}
            </button>
          </p>
        </section>
      ) : null}
      {loading && !data ? <Loading /> : null}
      {data && data.webhooks.length === 0 ? (
        <>
          <h2>{t('webhooks.listTitle')}</h2>
          <p>{t('webhooks.empty')}</p>
        </>
      ) : null}
      {data?.webhooks.length ? (
        <DataTable caption={t('webhooks.listTitle')} className="stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t('webhooks.col.name')}</th>
              <th scope="col">{t('webhooks.col.url')}</th>
              <th scope="col">{t('webhooks.col.created')}</th>
              <th scope="col">{t('webhooks.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.webhooks.map((hook) => (
              <tr key={hook.id}>
                <th scope="row">{hook.name}</th>
                <td className="mono" data-label={t('webhooks.col.url')}>
                  {hook.url}
                </td>
                <td data-label={t('webhooks.col.created')}>{formatAt(hook.created_at, locale, data.time_zone)}</td>
                <td>
                  <div className="button-row">
                    <button
                      type="button"
                      className="button-secondary button-small"
                      onClick={() =>
                        act(() => webhooksApi.test(hook.id), t('webhooks.testQueued', { name: hook.name }))
                      }
                    >
                      {t('webhooks.test', { name: hook.name })}
                    </button>
                    <button
                      type="button"
                      className="button-secondary button-small"
                      onClick={() => act(async () => showSecret(await webhooksApi.rotate(hook.id)), null)}
                    >
                      {t('webhooks.rotate', { name: hook.name })}
                    </button>
                    <ConfirmRemove
                      id={`remove-webhook-${hook.id}`}
                      label={t('webhooks.remove', { name: hook.name })}
                      name={hook.name}
                      small
                      onConfirm={async () => {
                        await webhooksApi.remove(hook.id);
                        if (secret?.webhook.id === hook.id) setSecret(null);
                        setMessage(t('webhooks.removed', { name: hook.name }));
                        reload();
                        document.getElementById('main')?.focus();
                      }}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      <AddWebhook onAdded={showSecret} />
    </>
  );
}

const FIELDS = ['name', 'url'] as const;

function AddWebhook({ onAdded }: { onAdded: (answer: WebhookSecretResponse) => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const { errors, busy, handler } = useFormSubmit(FIELDS);
  const submit = handler(
    () => ({
      name: name.trim() ? undefined : t('common.required', { field: t('webhooks.name') }),
      url: /^https?:\/\//.test(url.trim()) ? undefined : t('webhooks.urlHint'),
    }),
    async () => {
      const answer = await webhooksApi.create({ name: name.trim(), url: url.trim() });
      setName('');
      setUrl('');
      onAdded(answer);
      document.getElementById('webhook-secret')?.focus();
    },
  );
  return (
    <section aria-labelledby="add-webhook-title" className="panel">
      <h2 id="add-webhook-title">{t('webhooks.addTitle')}</h2>
      <form onSubmit={submit} noValidate className="form">
        <ErrorAlert message={errors.general} />
        <TextField
          id="webhook-name"
          label={t('webhooks.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          maxLength={200}
        />
        <TextField
          id="webhook-url"
          label={t('webhooks.url')}
          hint={t('webhooks.urlHint')}
          type="url"
          inputMode="url"
          spellCheck={false}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={errors.fields.url}
          maxLength={2000}
        />
        <SubmitButton busy={busy}>{t('webhooks.add')}</SubmitButton>
      </form>
    </section>
  );
}
