import { useEffect } from 'react';
import { EXERCISE_MARK } from '../../../domain/incident/incident.js';
import '../../incident.css';
import { useLoad } from '../../components.js';
import { useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { incidentApi, onIncidentChange } from './incidentApi.js';

/**
 * The shell's banner while the open incident is an exercise: words, not colour alone, on every page
 * of the staff UI (and on paper: it is not hidden when printing).
 */
export function ExerciseBanner({ path }: { path: string }) {
  const t = useT();
  // Asked again on every page change, so that an incident opened or closed elsewhere shows at once.
  const { data, reload } = useLoad(() => incidentApi.active().catch(() => ({ incident: null })), [path]);
  useLiveReload(['incident.changed'], reload);
  useEffect(() => onIncidentChange(reload), [reload]);
  const incident = data?.incident;
  if (!incident?.exercise) return null;
  return (
    <section className="exercise-banner" aria-label={EXERCISE_MARK}>
      <strong className="exercise-mark">{t('exercise.banner')}</strong>{' '}
      <span>{t('exercise.bannerText', { title: incident.title })}</span>
    </section>
  );
}
