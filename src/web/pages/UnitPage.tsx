import { api } from '../api.js';
import { ConfirmRemove } from '../ConfirmRemove.js';
import { ErrorAlert, errorText, Loading, PageHeading, StatusBadge, useLoad } from '../components.js';
import { useT } from '../i18n.js';
import { canEditCatalogue } from '../permissions.js';
import { Link, navigate } from '../router.js';
import { useSessionUser } from '../session.js';

/** One office, company or partner: its kind, its contacts and the systems it owns. */
export function UnitPage({ id }: { id: string }) {
  const t = useT();
  const user = useSessionUser();
  const { data, error, loading } = useLoad(() => api.unit(id), [id]);
  const name = data?.unit.name ?? t('units.title');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/units">{t('nav.units')}</Link>
      </p>
      <PageHeading title={name}>{name}</PageHeading>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <dl className="details">
            <dt>{t('sf.id')}</dt>
            <dd className="mono">{data.unit.id}</dd>
            <dt>{t('unit.kind')}</dt>
            <dd>{t(`unitKind.${data.unit.kind}`)}</dd>
          </dl>
          <section aria-labelledby="contacts-title">
            <h2 id="contacts-title">{t('unit.contacts')}</h2>
            {data.unit.contacts.length === 0 ? (
              <p>{t('unit.contactsNone')}</p>
            ) : (
              <ul className="contact-list">
                {data.unit.contacts.map((c) => (
                  <li key={`${c.name}-${c.phone ?? ''}-${c.email ?? ''}`} className="contact">
                    <span className="contact-name">{c.name}</span>
                    {c.phone ? (
                      <a
                        href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}
                        aria-label={t('unit.phone', { name: c.name, phone: c.phone })}
                      >
                        {c.phone}
                      </a>
                    ) : null}
                    {c.email ? (
                      <a href={`mailto:${c.email}`} aria-label={t('unit.mail', { name: c.name, email: c.email })}>
                        {c.email}
                      </a>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="owned-title">
            <h2 id="owned-title">{t('unit.systems', { name: data.unit.name })}</h2>
            {data.systems.length === 0 ? (
              <p>{t('unit.systemsNone')}</p>
            ) : (
              <ul className="ref-list">
                {data.systems.map((s) => (
                  <li key={s.id}>
                    <Link to={`/systems/${encodeURIComponent(s.id)}`}>{s.name}</Link>{' '}
                    <span className="sub">{t(`kind.${s.kind}`)}</span> <StatusBadge status={s.status} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {canEditCatalogue(user.role) ? (
            <section aria-labelledby="remove-title" className="panel">
              <h2 id="remove-title">{t('unit.removeTitle', { name: data.unit.name })}</h2>
              <ConfirmRemove
                id="remove-unit"
                label={t('unit.remove')}
                name={data.unit.name}
                errorTitle={t('unit.removeFailed')}
                onConfirm={async () => {
                  await api.deleteUnit(id);
                  navigate('/units');
                }}
              />
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
