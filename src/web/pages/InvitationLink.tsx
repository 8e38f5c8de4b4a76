import { CopyBox } from '../components.js';
import { useT } from '../i18n.js';
import { spokenCode } from '../links.js';

/** A one-time link shown once: copyable, and with its code grouped for reading aloud. */
export function InvitationLink({ url, name }: { url: string; name: string }) {
  const t = useT();
  return (
    <section aria-labelledby="link-title" className="panel panel-highlight">
      <h2 id="link-title">{t('users.linkTitle', { name })}</h2>
      <p>{t('users.linkIntro')}</p>
      <CopyBox id="invitation-link" label={t('users.link')} value={url} />
      <dl className="secret-pair">
        <dt className="secret-label">{t('users.linkFull')}</dt>
        <dd className="link-text mono">{url}</dd>
        <dt className="secret-label">{t('users.linkSpoken')}</dt>
        <dd className="secret mono">{spokenCode(url)}</dd>
      </dl>
    </section>
  );
}
