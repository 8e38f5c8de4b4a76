import { useState } from 'react';
import { may } from '../../../domain/access.js';
import {
  EXERCISE_MARK,
  INCIDENT_PHASES,
  INCIDENT_SEVERITIES,
  type Incident,
  type IncidentDetail,
  type IncidentPhase,
  type IncidentSeverity,
} from '../../../domain/incident/incident.js';
import { zoneFormatter } from '../../../domain/time.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  SubmitButton,
  TextField,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { formatTime, type T, TIME_ZONE, useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { formatHours } from '../plan/format.js';
import { announceIncidentChange, type IncidentInput, incidentApi } from './incidentApi.js';
import '../../incident.css';

const FIELDS = ['title', 'detected_at', 'phase', 'severity', 'exercise'];

// A datetime-local value is wall-clock time in the organisation's zone; the API speaks instants.
function wallClockOf(iso: string): string {
  return zoneFormatter(TIME_ZONE).format(new Date(iso).getTime()).slice(0, 16);
}
function instantOf(wallClock: string): string | null {
  const wall = Date.parse(`${wallClock}Z`);
  return Number.isNaN(wall) ? null : new Date(zoneFormatter(TIME_ZONE).fromWallClock(wall)).toISOString();
}

/** The exercise mark beside an incident's title: words, never colour alone. */
export function ExerciseBadge({ incident }: { incident: Pick<Incident, 'exercise'> }) {
  const t = useT();
  return incident.exercise ? <span className="exercise-badge">{t('exercise.badge')}</span> : null;
}

/** The facts of one incident as a description list. */
function IncidentFacts({ incident, t }: { incident: IncidentDetail | Incident; t: T }) {
  const { locale } = useLocale();
  const forecast = 'forecast' in incident ? incident.forecast : null;
  return (
    <>
      <dl className="incident-facts">
        <dt>{t('incident.field.phase')}</dt>
        <dd>{t(`incident.phase.${incident.phase}`)}</dd>
        <dt>{t('incident.field.severity')}</dt>
        <dd>{t(`incident.severity.${incident.severity}`)}</dd>
        <dt>{t('incident.field.kind')}</dt>
        <dd>{incident.exercise ? t('exercise.banner') : t('incident.kind.real')}</dd>
        <dt>{t('incident.field.detected')}</dt>
        <dd>{formatTime(incident.detected_at, locale)}</dd>
        <dt>{t('incident.field.opened')}</dt>
        <dd>{formatTime(incident.created_at, locale)}</dd>
        {incident.closed_at ? (
          <>
            <dt>{t('incident.field.closed')}</dt>
            <dd>{formatTime(incident.closed_at, locale)}</dd>
          </>
        ) : null}
      </dl>
      {forecast ? (
        <p>
          {t('incident.forecastStored', {
            p50: formatHours(forecast.p50_h, locale),
            p90: formatHours(forecast.p90_h, locale),
            total: forecast.total,
          })}
        </p>
      ) : null}
    </>
  );
}

/** The form that opens an incident, or changes the open one. */
function IncidentForm({ initial, onDone }: { initial: IncidentDetail | null; onDone: (message: string) => void }) {
  const t = useT();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [detected, setDetected] = useState(initial ? wallClockOf(initial.detected_at) : '');
  const [phase, setPhase] = useState<IncidentPhase>(initial?.phase ?? 'detection_analysis');
  const [severity, setSeverity] = useState<IncidentSeverity>(initial?.severity ?? 'high');
  const [exercise, setExercise] = useState(initial?.exercise ?? false);
  const { errors, busy, handler } = useFormSubmit(FIELDS);
  const prefix = initial ? 'edit' : 'new';
  const submit = handler(
    () => {
      const problems: Record<string, string> = {};
      if (!title.trim()) problems.title = t('incident.required');
      if (!detected || !instantOf(detected)) problems.detected_at = t('incident.required');
      return problems;
    },
    async () => {
      const body: IncidentInput = {
        title: title.trim(),
        detected_at: instantOf(detected) ?? '',
        phase,
        severity,
        exercise,
      };
      if (initial) {
        await incidentApi.update(initial.id, body);
        onDone(t('incident.saved'));
      } else {
        await incidentApi.open(body);
        onDone(t('incident.opened'));
      }
    },
  );
  return (
    <form onSubmit={submit} noValidate className="incident-form">
      <ErrorAlert message={errors.general} />
      <TextField
        id={`${prefix}-title`}
        label={t('incident.field.title')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={errors.fields.title}
        maxLength={200}
        required
      />
      <TextField
        id={`${prefix}-detected`}
        label={t('incident.field.detected')}
        hint={t('incident.field.detectedHint')}
        type="datetime-local"
        value={detected}
        onChange={(e) => setDetected(e.target.value)}
        error={errors.fields.detected_at}
        required
      />
      <SelectField
        id={`${prefix}-phase`}
        label={t('incident.field.phase')}
        value={phase}
        onChange={(e) => setPhase(e.target.value as IncidentPhase)}
        error={errors.fields.phase}
      >
        {INCIDENT_PHASES.map((p) => (
          <option key={p} value={p}>
            {t(`incident.phase.${p}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${prefix}-severity`}
        label={t('incident.field.severity')}
        value={severity}
        onChange={(e) => setSeverity(e.target.value as IncidentSeverity)}
        error={errors.fields.severity}
      >
        {INCIDENT_SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`incident.severity.${s}`)}
          </option>
        ))}
      </SelectField>
      <div className="field field-checkbox">
        <input
          type="checkbox"
          id={`${prefix}-exercise`}
          checked={exercise}
          onChange={(e) => setExercise(e.target.checked)}
          aria-describedby={`${prefix}-exercise-hint`}
        />
        <label htmlFor={`${prefix}-exercise`}>{t('incident.field.exercise')}</label>
        <p className="hint" id={`${prefix}-exercise-hint`}>
          {t('incident.field.exerciseHint')}
        </p>
      </div>
      <SubmitButton busy={busy}>{initial ? t('common.save') : t('incident.openButton')}</SubmitButton>
    </form>
  );
}

/** Closing asks once more, in the page (no browser dialog). */
function CloseIncident({ incident, onDone }: { incident: IncidentDetail; onDone: (message: string) => void }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = async () => {
    try {
      await incidentApi.close(incident.id);
      onDone(t('incident.closedDone'));
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return (
    <div className="incident-close">
      <ErrorAlert message={error} />
      {asking ? (
        <>
          <p>{t('incident.closeConfirm', { title: incident.title })}</p>
          <button type="button" className="button" onClick={close}>
            {t('incident.closeYes')}
          </button>{' '}
          <button type="button" className="button-secondary" onClick={() => setAsking(false)}>
            {t('common.cancel')}
          </button>
        </>
      ) : (
        <button type="button" className="button-secondary" onClick={() => setAsking(true)}>
          {t('incident.closeButton')}
        </button>
      )}
    </div>
  );
}

/** /app/incident: the open incident (edit and close for staff and admin), the form to open one, past incidents. */
export function IncidentPage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const manager = may(user.role, 'incident.manage');
  const active = useLoad(() => incidentApi.active(), []);
  const list = useLoad(() => incidentApi.list(), []);
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const reload = () => {
    active.reload();
    list.reload();
  };
  useLiveReload(['incident.changed'], reload);
  const done = (text: string) => {
    announceIncidentChange();
    setMessage(text);
    setEditing(false);
    reload();
  };
  const incident = active.data?.incident ?? null;
  const past = (list.data?.incidents ?? []).filter((i) => i.closed_at !== null);
  return (
    <>
      <PageHeading title={t('incident.title')}>{t('incident.title')}</PageHeading>
      <StatusMessage message={message} />
      <ErrorAlert message={active.error ? errorText(active.error, t) : null} />
      {active.loading && !active.data ? <Loading /> : null}
      {active.data && incident ? (
        <section aria-labelledby="active-title" className="incident-active">
          <h2 id="active-title">
            {t('incident.active')}: {incident.title} <ExerciseBadge incident={incident} />
          </h2>
          <IncidentFacts incident={incident} t={t} />
          {manager ? (
            editing ? (
              <section aria-labelledby="edit-title">
                <h3 id="edit-title">{t('incident.editTitle')}</h3>
                <IncidentForm initial={incident} onDone={done} />
                <button type="button" className="button-secondary" onClick={() => setEditing(false)}>
                  {t('common.cancel')}
                </button>
              </section>
            ) : (
              <div className="incident-actions">
                <button type="button" className="button" onClick={() => setEditing(true)}>
                  {t('incident.editTitle')}
                </button>
                <CloseIncident incident={incident} onDone={done} />
              </div>
            )
          ) : null}
        </section>
      ) : null}
      {active.data && !incident ? (
        manager ? (
          <section aria-labelledby="open-title">
            <h2 id="open-title">{t('incident.openTitle')}</h2>
            <p>{t('incident.none')}</p>
            <p className="hint">{t('incident.openIntro')}</p>
            <IncidentForm initial={null} onDone={done} />
          </section>
        ) : (
          <p className="notice">{t('incident.noneReader')}</p>
        )
      ) : null}
      <section aria-labelledby="past-title">
        <h2 id="past-title">{t('incident.past')}</h2>
        <ErrorAlert message={list.error ? errorText(list.error, t) : null} />
        {list.data && past.length === 0 ? <p>{t('incident.pastNone')}</p> : null}
        {past.length ? (
          <ul className="incident-past">
            {past.map((i) => (
              <li key={i.id}>
                <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link> <ExerciseBadge incident={i} /> ·{' '}
                {formatTime(i.detected_at, locale)} – {formatTime(i.closed_at, locale)} ·{' '}
                {t(`incident.severity.${i.severity}`)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}

/** /app/incidents/:id: one incident, read-only (a closed one, or the open one). */
export function IncidentViewPage({ id }: { id: string }) {
  const t = useT();
  const { data, error, loading } = useLoad(() => incidentApi.get(id), [id]);
  const incident = data?.incident;
  const title = incident ? t('incident.detailTitle', { title: incident.title }) : t('incident.title');
  return (
    <>
      {/* The shell's banner covers the open exercise; a past one is marked as plainly on its own page. */}
      {incident?.exercise && incident.closed_at ? (
        <section className="exercise-banner" aria-label={EXERCISE_MARK}>
          <strong className="exercise-mark">{t('exercise.banner')}</strong>{' '}
          <span>{t('exercise.pastText', { title: incident.title })}</span>
        </section>
      ) : null}
      <PageHeading title={title}>
        {title} {incident ? <ExerciseBadge incident={incident} /> : null}
      </PageHeading>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {incident ? <IncidentFacts incident={incident} t={t} /> : null}
      <p>
        <Link to="/incident">{t('incident.backToList')}</Link>
      </p>
    </>
  );
}
