import { useState } from 'react';
import { NEED_CATEGORIES, NEED_URGENCIES } from '../../../domain/situation/needs.js';
import { OVERALL_STATES } from '../../../domain/situation/report.js';
import { ApiError } from '../../api.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  TextAreaField,
  TextField,
  useLoad,
} from '../../components.js';
import { type T, useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { useSessionUser } from '../../session.js';
import { formatAt, isoToWallClock, wallClockToIso } from '../tasks/format.js';
import { clearDraft, draftKey, type LocalDraft, loadDraft, newIdempotencyKey, storeDraft } from './draftStore.js';
import { type ReportContent, type ReportFormData, type ReportView, reportApi } from './reportApi.js';
import './report.css';

/** `/app/report`: a unit's situation report for one deadline, made for a phone; nothing typed is lost offline. */
export function ReportPage() {
  const t = useT();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [cycleAt, setCycleAt] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(() => reportApi.form(unitId, cycleAt), [unitId, cycleAt]);
  useLiveReload(['report.changed', 'rhythm.changed'], reload);
  return (
    <div className="report-page">
      <PageHeading title={t('report.title')}>{t('report.title')}</PageHeading>
      <p className="lead">{t('report.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <ReportChooser
          data={data}
          onUnit={(id) => {
            setUnitId(id);
            setCycleAt(null);
          }}
          onDeadline={setCycleAt}
        />
      ) : null}
      {data && !data.incident ? <p className="notice">{t('report.noIncident')}</p> : null}
      {data?.incident && !data.cycle_at ? <p className="notice">{t('report.noDeadline')}</p> : null}
      {data?.incident && data.unit && data.cycle_at ? (
        <ReportEditor
          key={`${data.unit.id}|${data.cycle_at}`}
          data={data}
          unitId={data.unit.id}
          cycleAt={data.cycle_at}
          onSaved={reload}
        />
      ) : null}
    </div>
  );
}

function ReportChooser({
  data,
  onUnit,
  onDeadline,
}: {
  data: ReportFormData;
  onUnit: (id: string) => void;
  onDeadline: (at: string) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <div className="report-choose">
      {data.units.length > 1 ? (
        <SelectField
          id="report-unit"
          label={t('report.unit')}
          value={data.unit?.id ?? ''}
          onChange={(e) => onUnit(e.target.value)}
        >
          {data.units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {data.deadlines.length ? (
        <SelectField
          id="report-deadline"
          label={t('report.deadline')}
          value={data.cycle_at ?? ''}
          onChange={(e) => onDeadline(e.target.value)}
        >
          {data.deadlines.map((d) => {
            const time = formatAt(d.at, locale, data.time_zone);
            return (
              <option key={d.at} value={d.at}>
                {d.passed ? t('report.deadlinePassed', { time }) : time}
              </option>
            );
          })}
        </SelectField>
      ) : null}
    </div>
  );
}

function emptyContent(): ReportContent {
  return {
    overall: null,
    situation: '',
    consequences: '',
    life_health_risk: false,
    actions: '',
    workarounds: [],
    missing_systems: [],
    staffing: '',
    needs: [],
    forecast: '',
    questions: '',
  };
}

type Phase = 'idle' | 'sending' | 'failed';

function ReportEditor({
  data,
  unitId,
  cycleAt,
  onSaved,
}: {
  data: ReportFormData;
  unitId: string;
  cycleAt: string;
  onSaved: () => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const storageKey = draftKey(user.id, unitId, cycleAt);
  const [kept] = useState<LocalDraft | null>(() => loadDraft(storageKey));
  const [content, setContent] = useState<ReportContent>(() => kept?.content ?? data.report?.content ?? emptyContent());
  const [local, setLocal] = useState(kept !== null);
  const [key, setKey] = useState<string | null>(kept?.key ?? null);
  // A key kept on the device means a send was never confirmed: say so, and resend with the same key.
  const [phase, setPhase] = useState<Phase>(kept?.key ? 'failed' : 'idle');
  const [sent, setSent] = useState<ReportView | null>(null);
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [search, setSearch] = useState('');
  const report = sent && (!data.report || sent.version >= data.report.version) ? sent : data.report;
  const submitted = report?.state === 'submitted';
  const zone = data.time_zone;

  const change = (patch: Partial<ReportContent>) => {
    const next = { ...content, ...patch };
    setContent(next);
    setLocal(true);
    // Changed text is a new request: it gets a new key when it is sent.
    setKey(null);
    if (phase === 'failed') setPhase('idle');
    storeDraft(storageKey, { content: next, key: null, saved_at: new Date().toISOString() });
  };
  const fieldError = (field: string) => (problem?.field === field ? problem.message : undefined);

  const confirmed = (answer: ReportView) => {
    clearDraft(storageKey);
    setLocal(false);
    setKey(null);
    setSent(answer);
    setContent(answer.content);
    setPhase('idle');
    setProblem(null);
    onSaved();
  };
  const refused = (error: unknown) => {
    if (error instanceof ApiError && (error.code === 'network' || error.status >= 500)) {
      setPhase('failed');
      return;
    }
    setPhase('idle');
    if (error instanceof ApiError && error.status === 409 && error.field === 'cycle_at') {
      // Sent already (perhaps from another device): the text stays, to go as an amendment.
      setKey(null);
      setProblem({ field: null, message: t('report.conflict') });
      onSaved();
      return;
    }
    setProblem({ field: error instanceof ApiError ? (error.field ?? null) : null, message: errorText(error, t) });
  };

  const send = async () => {
    const sendKey = key ?? newIdempotencyKey();
    setKey(sendKey);
    storeDraft(storageKey, { content, key: sendKey, saved_at: new Date().toISOString() });
    setPhase('sending');
    setProblem(null);
    try {
      const answer =
        report && submitted
          ? await reportApi.amend(report.id, content, sendKey)
          : await reportApi.submit({ unit_id: unitId, cycle_at: cycleAt, content }, sendKey);
      confirmed(answer.report);
    } catch (error) {
      refused(error);
    }
  };
  const saveDraft = async () => {
    setPhase('sending');
    setProblem(null);
    try {
      const answer = await reportApi.saveDraft({ unit_id: unitId, cycle_at: cycleAt, content });
      clearDraft(storageKey);
      setLocal(false);
      setSent(answer.report);
      setPhase('idle');
      onSaved();
    } catch (error) {
      refused(error);
    }
  };

  let status: string;
  if (phase === 'sending') status = t('report.status.sending');
  else if (local) status = t('report.status.local');
  else if (report && submitted && report.submitted_at) {
    const time = formatAt(report.submitted_at, locale, zone);
    status =
      report.version > 1
        ? t('report.status.amended', { time, version: report.version })
        : t('report.status.sent', { time });
  } else if (report) status = t('report.status.serverDraft', { time: formatAt(report.updated_at, locale, zone) });
  else status = t('report.status.empty');

  const chosen = new Set(content.missing_systems.map((m) => m.system_id));
  const nameOf = (id: string) => {
    const s = data.systems.find((x) => x.id === id);
    return s ? (s.public_name && s.public_name !== s.name ? `${s.name} (${s.public_name})` : s.name) : id;
  };
  const q = search.trim().toLowerCase();
  const matches = q
    ? data.systems
        .filter((s) => !chosen.has(s.id))
        .filter((s) => [s.name, s.public_name ?? '', s.id].some((n) => n.toLowerCase().includes(q)))
        .slice(0, 8)
    : [];

  return (
    <form
      className="report-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <p className={`report-status report-status-${local ? 'local' : submitted ? 'sent' : 'none'}`} role="status">
        {status}
        {report?.late && submitted && !local ? <span className="report-late"> · {t('report.status.late')}</span> : null}
      </p>
      <ErrorAlert message={phase === 'failed' ? t('report.failed') : null} />
      <ErrorAlert message={problem?.message ?? null} />

      <fieldset className={fieldError('content.overall') ? 'field-invalid' : undefined}>
        <legend>{t('report.overall')}</legend>
        {fieldError('content.overall') ? <p className="field-error">{fieldError('content.overall')}</p> : null}
        <div className="report-choices">
          {OVERALL_STATES.map((state) => (
            <label key={state} className={`report-choice report-overall-${state}`}>
              <input
                type="radio"
                name="overall"
                value={state}
                checked={content.overall === state}
                onChange={() => change({ overall: state })}
              />
              {t(`report.overall.${state}`)}
            </label>
          ))}
        </div>
      </fieldset>

      <TextAreaField
        id="report-situation"
        label={t('report.situation')}
        hint={t('report.situationHint')}
        value={content.situation}
        error={fieldError('content.situation')}
        onChange={(e) => change({ situation: e.target.value })}
        maxLength={8000}
      />
      <TextAreaField
        id="report-consequences"
        label={t('report.consequences')}
        value={content.consequences}
        onChange={(e) => change({ consequences: e.target.value })}
        maxLength={8000}
      />
      <label className="report-check">
        <input
          type="checkbox"
          checked={content.life_health_risk}
          onChange={(e) => change({ life_health_risk: e.target.checked })}
        />
        {t('report.lifeHealth')}
      </label>
      <TextAreaField
        id="report-actions"
        label={t('report.actions')}
        value={content.actions}
        onChange={(e) => change({ actions: e.target.value })}
        maxLength={8000}
      />

      <section className="report-section" aria-labelledby="report-workarounds">
        <h2 id="report-workarounds">{t('report.workarounds')}</h2>
        {content.workarounds.map((w, i) => {
          const n = i + 1;
          const put = (patch: Partial<typeof w>) =>
            change({ workarounds: content.workarounds.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; their place is their name.
            <div className="report-row" key={i}>
              <TextField
                id={`report-workaround-${n}`}
                label={t('report.workaroundDescription', { n })}
                value={w.description}
                error={fieldError(`content.workarounds.${i}.description`)}
                onChange={(e) => put({ description: e.target.value })}
                maxLength={2000}
              />
              <TextField
                id={`report-workaround-${n}-until`}
                type="datetime-local"
                label={t('report.workaroundUntil', { n })}
                value={isoToWallClock(w.lasts_until, zone)}
                error={fieldError(`content.workarounds.${i}.lasts_until`)}
                onChange={(e) => put({ lasts_until: wallClockToIso(e.target.value, zone) })}
              />
              <button
                type="button"
                className="button-secondary"
                onClick={() => change({ workarounds: content.workarounds.filter((_, j) => j !== i) })}
              >
                {t('report.removeWorkaround', { n })}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="button-secondary"
          onClick={() => change({ workarounds: [...content.workarounds, { description: '', lasts_until: null }] })}
        >
          {t('report.addWorkaround')}
        </button>
      </section>

      <section className="report-section" aria-labelledby="report-missing">
        <h2 id="report-missing">{t('report.missing')}</h2>
        {content.missing_systems.map((m, i) => (
          <div className="report-row" key={m.system_id}>
            <TextField
              id={`report-need-by-${m.system_id}`}
              type="datetime-local"
              label={t('report.needBy', { name: nameOf(m.system_id) })}
              value={isoToWallClock(m.need_by, zone)}
              error={
                fieldError(`content.missing_systems.${i}.need_by`) ??
                fieldError(`content.missing_systems.${i}.system_id`)
              }
              onChange={(e) =>
                change({
                  missing_systems: content.missing_systems.map((x, j) =>
                    j === i ? { ...x, need_by: wallClockToIso(e.target.value, zone) } : x,
                  ),
                })
              }
            />
            <button
              type="button"
              className="button-secondary"
              onClick={() => change({ missing_systems: content.missing_systems.filter((_, j) => j !== i) })}
            >
              {t('report.removeSystem', { name: nameOf(m.system_id) })}
            </button>
          </div>
        ))}
        <TextField
          id="report-system-search"
          type="search"
          label={t('report.systemSearch')}
          value={search}
          autoComplete="off"
          onChange={(e) => setSearch(e.target.value)}
        />
        {q ? (
          matches.length ? (
            <ul className="report-matches" aria-label={t('report.systemMatches')}>
              {matches.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() => {
                      change({ missing_systems: [...content.missing_systems, { system_id: s.id, need_by: null }] });
                      setSearch('');
                    }}
                  >
                    {t('report.addSystem', { name: nameOf(s.id) })}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="hint">{t('report.noMatch')}</p>
          )
        ) : null}
      </section>

      <TextAreaField
        id="report-staffing"
        label={t('report.staffing')}
        value={content.staffing}
        onChange={(e) => change({ staffing: e.target.value })}
        maxLength={8000}
      />

      <section className="report-section" aria-labelledby="report-needs">
        <h2 id="report-needs">{t('report.needs')}</h2>
        {content.needs.map((need, i) => (
          <NeedRow
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until raised; their place is their name.
            key={i}
            t={t}
            n={i + 1}
            need={need}
            fieldError={(f) => fieldError(`content.needs.${i}.${f}`)}
            onChange={(patch) => change({ needs: content.needs.map((x, j) => (j === i ? { ...x, ...patch } : x)) })}
            onRemove={() => change({ needs: content.needs.filter((_, j) => j !== i) })}
          />
        ))}
        <button
          type="button"
          className="button-secondary"
          onClick={() =>
            change({
              needs: [...content.needs, { title: '', detail: '', category: 'it', urgency: 'medium', system_ids: [] }],
            })
          }
        >
          {t('report.addNeed')}
        </button>
      </section>

      <TextAreaField
        id="report-forecast"
        label={t('report.forecast')}
        value={content.forecast}
        onChange={(e) => change({ forecast: e.target.value })}
        maxLength={8000}
      />
      <TextAreaField
        id="report-questions"
        label={t('report.questions')}
        value={content.questions}
        onChange={(e) => change({ questions: e.target.value })}
        maxLength={8000}
      />

      <div className="report-actions">
        <button type="submit" className="button" disabled={phase === 'sending'}>
          {submitted ? t('report.amend') : t('report.submit')}
        </button>
        {!submitted ? (
          <button
            type="button"
            className="button-secondary"
            disabled={phase === 'sending'}
            onClick={() => void saveDraft()}
          >
            {t('report.saveDraft')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

function NeedRow({
  t,
  n,
  need,
  fieldError,
  onChange,
  onRemove,
}: {
  t: T;
  n: number;
  need: ReportContent['needs'][number];
  fieldError: (field: string) => string | undefined;
  onChange: (patch: Partial<ReportContent['needs'][number]>) => void;
  onRemove: () => void;
}) {
  return (
    <fieldset className="report-row">
      <legend>{t('report.need', { n })}</legend>
      {need.need_id ? <p className="hint">{t('report.needRaised')}</p> : null}
      <TextField
        id={`report-need-${n}-title`}
        label={t('report.needTitle', { n })}
        value={need.title}
        error={fieldError('title')}
        onChange={(e) => onChange({ title: e.target.value })}
        maxLength={300}
      />
      <TextAreaField
        id={`report-need-${n}-detail`}
        label={t('report.needDetail', { n })}
        value={need.detail}
        onChange={(e) => onChange({ detail: e.target.value })}
        maxLength={4000}
      />
      <SelectField
        id={`report-need-${n}-category`}
        label={t('report.needCategory', { n })}
        value={need.category}
        onChange={(e) => onChange({ category: e.target.value as typeof need.category })}
      >
        {NEED_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(`report.category.${c}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`report-need-${n}-urgency`}
        label={t('report.needUrgency', { n })}
        value={need.urgency}
        onChange={(e) => onChange({ urgency: e.target.value as typeof need.urgency })}
      >
        {NEED_URGENCIES.map((u) => (
          <option key={u} value={u}>
            {t(`report.urgency.${u}`)}
          </option>
        ))}
      </SelectField>
      {/* A raised need lives on with the crisis staff: the report cannot take it back. */}
      {need.need_id ? null : (
        <button type="button" className="button-secondary" onClick={onRemove}>
          {t('report.removeNeed', { n })}
        </button>
      )}
    </fieldset>
  );
}
