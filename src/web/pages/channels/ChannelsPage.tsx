import { useState } from 'react';
import {
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  SubmitButton,
  TextField,
  useActions,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { type T, useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { formatAt } from '../tasks/format.js';
import {
  type ChannelState,
  channelsApi,
  looksLikeEmail,
  looksLikePhone,
  type MessageState,
  type QueueMessage,
} from './channelsApi.js';
import './channels.css';

const ENV_VARS: Record<string, string> = {
  email: 'LIFEBOAT_SMTP_URL, LIFEBOAT_SMTP_FROM',
  sms: 'LIFEBOAT_SMS_URL, LIFEBOAT_SMS_USER, LIFEBOAT_SMS_PASSWORD, LIFEBOAT_SMS_FROM',
};

type Show = MessageState | 'all';

function purposeText(purpose: string, t: T): string {
  const key = `channels.purpose.${purpose}`;
  const known = ['test', 'invitation', 'reminder', 'notice', 'confirm'];
  return known.includes(purpose) ? t(key as Parameters<T>[0]) : purpose;
}

/** `/app/channels`: each outgoing channel's state and a test-send, and the queue with its attempts (admin). */
export function ChannelsPage() {
  const t = useT();
  const [show, setShow] = useState<Show>('all');
  const channels = useLoad(() => channelsApi.channels(), []);
  const queue = useLoad(() => channelsApi.messages(show), [show]);
  const reload = () => {
    channels.reload();
    queue.reload();
  };
  useLiveReload(['outgoing.changed'], reload);
  const actions = useActions(reload);
  const zone = channels.data?.time_zone ?? 'Europe/Stockholm';
  return (
    <>
      <PageHeading title={t('channels.title')}>{t('channels.title')}</PageHeading>
      <p className="lead">{t('channels.intro')}</p>
      <ErrorAlert message={channels.error ? errorText(channels.error, t) : null} />
      <h2>{t('channels.stateHeading')}</h2>
      {channels.loading && !channels.data ? <Loading /> : null}
      {channels.data ? (
        <ul className="channel-list">
          {channels.data.channels.map((c) => (
            <ChannelCard key={c.name} channel={c} zone={zone} onQueued={reload} />
          ))}
        </ul>
      ) : null}
      <h2 id="queue-title">{t('channels.queueHeading')}</h2>
      <div className="tasks-toolbar">
        <SelectField
          id="queue-show"
          label={t('channels.show')}
          value={show}
          onChange={(e) => setShow(e.target.value as Show)}
        >
          <option value="all">{t('channels.show.all')}</option>
          <option value="pending">{t('channels.state.pending')}</option>
          <option value="failed">{t('channels.state.failed')}</option>
          <option value="sent">{t('channels.state.sent')}</option>
        </SelectField>
      </div>
      <StatusMessage message={actions.message} />
      <ErrorAlert message={actions.actionError ?? (queue.error ? errorText(queue.error, t) : null)} />
      {queue.loading && !queue.data ? <Loading /> : null}
      {queue.data && queue.data.messages.length === 0 ? <p>{t('channels.queueEmpty')}</p> : null}
      {queue.data && queue.data.messages.length > 0 ? (
        <QueueTable
          messages={queue.data.messages}
          zone={zone}
          onRetry={(m) => actions.act(() => channelsApi.retry(m.id), t('channels.retried'))}
        />
      ) : null}
    </>
  );
}

function ChannelCard({ channel, zone, onQueued }: { channel: ChannelState; zone: string; onQueued: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const at = (iso: string | null) => (iso ? formatAt(iso, locale, zone) : t('channels.never'));
  const titleId = `channel-${channel.name}-title`;
  return (
    <li className={channel.configured ? 'channel-card' : 'channel-card channel-card-off'} aria-labelledby={titleId}>
      <h3 id={titleId} className="channel-title">
        {t(`channels.name.${channel.name}` as Parameters<T>[0])}{' '}
        <span className={channel.configured ? 'channel-badge channel-badge-on' : 'channel-badge channel-badge-off'}>
          {channel.configured ? t('channels.configured') : t('channels.notConfigured')}
        </span>
      </h3>
      {!channel.configured && ENV_VARS[channel.name] ? (
        <p className="hint">{t('channels.notConfiguredHint', { vars: ENV_VARS[channel.name] ?? '' })}</p>
      ) : null}
      {channel.name === 'webhook' ? <p className="hint">{t('channels.webhookHint')}</p> : null}
      <dl className="task-facts">
        {channel.target ? (
          <>
            <dt>{t('channels.target')}</dt>
            <dd className="mono">{channel.target}</dd>
          </>
        ) : null}
        {channel.from ? (
          <>
            <dt>{t('channels.from')}</dt>
            <dd>{channel.from}</dd>
          </>
        ) : null}
        <dt>{t('channels.lastSuccess')}</dt>
        <dd>{at(channel.last_success_at)}</dd>
        <dt>{t('channels.lastFailure')}</dt>
        <dd>{at(channel.last_failure_at)}</dd>
        {channel.last_error ? (
          <>
            <dt>{t('channels.lastError')}</dt>
            <dd className="channel-error">{channel.last_error}</dd>
          </>
        ) : null}
      </dl>
      <p className="channel-counts">
        {t('channels.counts', { pending: channel.pending, sent: channel.sent, failed: channel.failed })}
      </p>
      {channel.name === 'email' || channel.name === 'sms' ? (
        <TestSendForm channel={channel.name} onQueued={onQueued} />
      ) : null}
    </li>
  );
}

function TestSendForm({ channel, onQueued }: { channel: 'email' | 'sms'; onQueued: () => void }) {
  const t = useT();
  const [recipient, setRecipient] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['recipient']);
  const id = `test-${channel}`;
  const submit = handler(
    // Checked here as the server does, so that a typo never costs a round trip.
    () => ({
      recipient: !recipient.trim()
        ? t('channels.required')
        : channel === 'email'
          ? looksLikeEmail(recipient)
            ? undefined
            : t('err.outgoing.email')
          : looksLikePhone(recipient)
            ? undefined
            : t('err.outgoing.phone'),
    }),
    async () => {
      const { message } = await channelsApi.testSend({ channel, recipient: recipient.trim() });
      setDone(t('channels.testQueued', { recipient: message.recipient }));
      onQueued();
    },
  );
  return (
    <form
      className="channel-test"
      onSubmit={submit}
      noValidate
      aria-label={`${t('channels.testHeading')}: ${t(`channels.name.${channel}`)}`}
    >
      <ErrorAlert message={errors.general} />
      <StatusMessage message={done} />
      <TextField
        id={id}
        label={channel === 'email' ? t('channels.testEmail') : t('channels.testSms')}
        type={channel === 'email' ? 'email' : 'tel'}
        autoComplete="off"
        value={recipient}
        onChange={(e) => setRecipient(e.target.value)}
        error={errors.fields.recipient}
        maxLength={254}
      />
      <SubmitButton busy={busy}>
        {channel === 'email' ? t('channels.testSubmitEmail') : t('channels.testSubmitSms')}
      </SubmitButton>
    </form>
  );
}

function QueueTable({
  messages,
  zone,
  onRetry,
}: {
  messages: QueueMessage[];
  zone: string;
  onRetry: (m: QueueMessage) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const at = (iso: string | null) => (iso ? formatAt(iso, locale, zone) : '');
  return (
    <DataTable caption={t('channels.queueLabel')} className="queue-table">
      <thead>
        <tr>
          <th scope="col">{t('channels.col.created')}</th>
          <th scope="col">{t('channels.col.state')}</th>
          <th scope="col">{t('channels.col.recipient')}</th>
          <th scope="col">{t('channels.col.channel')}</th>
          <th scope="col">{t('channels.col.purpose')}</th>
          <th scope="col">{t('channels.col.attempts')}</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((m) => (
          <tr key={m.id} className={m.state === 'failed' ? 'queue-failed' : undefined}>
            <td>{at(m.created_at)}</td>
            <td>
              <span className={`queue-state queue-state-${m.state}`}>
                {t(`channels.state.${m.state}` as Parameters<T>[0])}
              </span>
              {m.state === 'pending' && m.attempts > 0 ? (
                <span className="hint"> {t('channels.nextAttempt', { at: at(m.next_attempt_at) })}</span>
              ) : null}
              {m.state === 'failed' ? (
                <p>
                  <button type="button" className="button-secondary" onClick={() => onRetry(m)}>
                    {t('channels.retry')}
                    <span className="visually-hidden">: {m.recipient}</span>
                  </button>
                </p>
              ) : null}
            </td>
            <td className="mono">{m.recipient}</td>
            <td>{t(`channels.name.${m.channel}` as Parameters<T>[0])}</td>
            <td>{purposeText(m.purpose, t)}</td>
            <td>
              {m.attempt_log.length === 0 ? (
                '0'
              ) : (
                <details>
                  <summary>
                    {m.attempt_log.length}
                    <span className="visually-hidden"> {t('channels.attemptLog', { recipient: m.recipient })}</span>
                  </summary>
                  <ol className="attempt-log">
                    {m.attempt_log.map((a) => (
                      <li key={a.at + String(a.ok) + (a.error ?? '')}>
                        {a.ok
                          ? t('channels.attemptOk', { at: at(a.at) })
                          : t('channels.attemptFailed', { at: at(a.at), error: a.error ?? '' })}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
