import { useLookups } from '../catalogueData.js';
import { PageHeading } from '../components.js';
import { useT } from '../i18n.js';
import { canEditCatalogue } from '../permissions.js';
import { Link, navigate } from '../router.js';
import { useSessionUser } from '../session.js';
import { SystemForm } from './SystemForm.js';

/** Adds a system to the catalogue, /app/systems/new; on success the new system's page opens. */
export function NewSystemPage() {
  const t = useT();
  const user = useSessionUser();
  const lookups = useLookups();
  return (
    <>
      <p className="breadcrumb">
        <Link to="/systems">{t('nav.systems')}</Link>
      </p>
      <PageHeading title={t('system.newTitle')}>{t('system.newTitle')}</PageHeading>
      {canEditCatalogue(user.role) ? (
        <>
          <p>{t('system.newIntro')}</p>
          <SystemForm
            full
            lookups={lookups}
            onCancel={() => navigate('/systems')}
            onSaved={(id) => navigate(`/systems/${encodeURIComponent(id)}`)}
          />
        </>
      ) : (
        <p>{t('system.readOnly')}</p>
      )}
    </>
  );
}
