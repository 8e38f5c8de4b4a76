import { useState } from 'react';
import { ErrorAlert, StatusMessage, SubmitButton, TextField, useFormSubmit } from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { channelsApi, looksLikePhone } from './channelsApi.js';

/** "Send by SMS" under a user's one-time link: queues the link for a phone number (the link stays valid). */
export function SmsInvitationForm({ userId, url }: { userId: string; url: string }) {
  const t = useT();
  const { locale } = useLocale();
  const [phone, setPhone] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['phone']);
  const submit = handler(
    () => ({
      phone: !phone.trim() ? t('channels.required') : looksLikePhone(phone) ? undefined : t('err.outgoing.phone'),
    }),
    async () => {
      const { message } = await channelsApi.invitationBySms(userId, {
        invitation_url: url,
        phone: phone.trim(),
        lang: locale,
      });
      setDone(t('channels.invite.queued', { phone: message.recipient }));
    },
  );
  return (
    <form className="channel-test" onSubmit={submit} noValidate aria-label={t('channels.invite.heading')}>
      {/* Not a heading: the panel's one heading names the link, and the form carries this as its name. */}
      <p>
        <strong>{t('channels.invite.heading')}</strong>
      </p>
      <ErrorAlert message={errors.general} />
      <StatusMessage message={done} />
      <TextField
        id="invitation-sms-phone"
        label={t('channels.invite.phone')}
        type="tel"
        autoComplete="off"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        error={errors.fields.phone}
        maxLength={40}
      />
      <SubmitButton busy={busy}>{t('channels.invite.submit')}</SubmitButton>
    </form>
  );
}
