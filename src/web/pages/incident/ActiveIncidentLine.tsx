import { useLoad } from '../../components.js';
import { useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { ExerciseBadge } from './IncidentPage.js';
import { incidentApi } from './incidentApi.js';

/** The overview's first line while an incident is open: its title and phase, with a link to it. */
export function ActiveIncidentLine() {
  const t = useT();
  const { data, reload } = useLoad(() => incidentApi.active(), []);
  useLiveReload(['incident.changed'], reload);
  const incident = data?.incident;
  if (!incident) return null;
  return (
    <p className="notice active-incident">
      {t('overview.incident', { title: incident.title, phase: t(`incident.phase.${incident.phase}`) })}{' '}
      <ExerciseBadge incident={incident} /> <Link to="/incident">{t('overview.incidentLink')}</Link>
    </p>
  );
}
