import { useEffect, useRef } from 'react';
import { CopyBox } from '../components.js';
import { useT } from '../i18n.js';
import { spokenCode } from '../links.js';
import { SmsInvitationForm } from './channels/SmsInvitationForm.js';

/** The id of the link's field: focused when a new link appears. */
export const INVITATION_LINK_ID = 'invitation-link';

/**
 * A one-time link shown once: copyable, and with its code grouped for reading aloud. Each new link is
 * brought into view and its field focused (with the link selected), wherever on the page the button
 * that made it was: after "add and create link" at the foot of a long list the reader would otherwise
 * not see it appear.
 */
export function InvitationLink({ url, name, userId }: { url: string; name: string; userId?: string }) {
  // A new link is a new panel: it moves the reader again, and its copy button starts afresh.
  return <LinkPanel key={url} url={url} name={name} userId={userId} />;
}

function LinkPanel({ url, name, userId }: { url: string; name: string; userId?: string }) {
  const t = useT();
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    // The panel's top (its heading) first, then the field without another jump.
    section.current?.scrollIntoView({ block: 'start' });
    document.getElementById(INVITATION_LINK_ID)?.focus({ preventScroll: true });
  }, []);
  return (
    <section ref={section} aria-labelledby="link-title" className="panel panel-highlight">
      <h2 id="link-title">{t('users.linkTitle', { name })}</h2>
      <p>{t('users.linkIntro')}</p>
      <CopyBox id={INVITATION_LINK_ID} label={t('users.link')} value={url} />
      <dl className="secret-pair">
        <dt className="secret-label">{t('users.linkFull')}</dt>
        <dd className="link-text mono">{url}</dd>
        <dt className="secret-label">{t('users.linkSpoken')}</dt>
        <dd className="secret mono">{spokenCode(url)}</dd>
      </dl>
      {userId ? <SmsInvitationForm userId={userId} url={url} /> : null}
    </section>
  );
}
