import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { may } from '../../../domain/access.js';
import { zoneFormatter } from '../../../domain/time.js';
import { api } from '../../api.js';
import {
  CopyBox,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  SubmitButton,
  TextAreaField,
  TextField,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { formatTime, TIME_ZONE, useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { isoToWallClock } from '../tasks/format.js';
import { type ChainHead, type Decision, type DecisionDraft, decisionsApi } from './decisionsApi.js';
import './decisions.css';

const FIELDS = ['decision', 'basis', 'decided_by', 'mandate', 'decided_at', 'systems'] as const;

// "Now" as the datetime-local value of the organisation's wall clock.
function wallClockNow(): string {
  return isoToWallClock(new Date().toISOString(), TIME_ZONE);
}

// A datetime-local value (wall clock of the organisation's zone) as an instant for the API.
function instantOf(wallClock: string): string | undefined {
  if (!wallClock) return undefined;
  const wall = Date.parse(`${wallClock}Z`);
  if (Number.isNaN(wall)) return undefined;
  return new Date(zoneFormatter(TIME_ZONE).fromWallClock(wall)).toISOString();
}

/** The decision log, /app/decisions: the entries newest first, the chain's head, exports and the form. */
export function DecisionsPage() {
  const t = useT();
  const me = useSessionUser();
  if (!may(me.role, 'internal.read')) {
    return (
      <>
        <PageHeading title={t('decisions.title')}>{t('decisions.title')}</PageHeading>
        <p className="notice">{t('decisions.forbidden')}</p>
      </>
    );
  }
  return <DecisionLog />;
}

interface Filters {
  q: string;
  system: string;
}
const NO_FILTERS: Filters = { q: '', system: '' };

function DecisionLog() {
  const t = useT();
  const { locale } = useLocale();
  const me = useSessionUser();
  const canAdd = may(me.role, 'decision.add');
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [correcting, setCorrecting] = useState<Decision | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  // Closed at first: the log matters most to whoever opens the page; the form opens on demand.
  const [formOpen, setFormOpen] = useState(false);
  const formRef = useRef<HTMLElement>(null);
  const { data, error, loading, reload } = useLoad(
    () =>
      Promise.all([decisionsApi.list(applied), api.systems()]).then(([log, s]) => ({
        log,
        systems: s.systems.map((x) => ({ id: x.id, name: x.name })),
      })),
    [applied],
  );
  useLiveReload(['decision.added'], reload);
  const names = new Map((data?.systems ?? []).map((s) => [s.id, s.name]));
  // The seq of every entry shown, to name corrections by number rather than by id.
  const seqOf = new Map((data?.log.decisions ?? []).map((d) => [d.id, d.seq]));
  const head = data?.log.head;

  // The form is above the list: bring it into view and put the keyboard on its heading.
  const focusForm = () =>
    requestAnimationFrame(() => {
      formRef.current?.scrollIntoView({ block: 'start' });
      formRef.current?.querySelector('h2')?.focus();
    });
  const startCorrection = (d: Decision) => {
    setCorrecting(d);
    setFormOpen(true);
    setAdded(null);
    focusForm();
  };
  const closeForm = () => {
    setCorrecting(null);
    setFormOpen(false);
  };

  return (
    <>
      <PageHeading title={t('decisions.title')}>{t('decisions.title')}</PageHeading>
      <p className="lead">{t('decisions.intro')}</p>
      {head ? <HeadBox head={head} /> : null}
      <p className="decisions-exports no-print">
        <a href="/api/decisions/export.json" download>
          {t('decisions.exportJson')}
        </a>
        <a href="/api/decisions/export.csv" download>
          {t('decisions.exportCsv')}
        </a>
        <button type="button" className="button-secondary" onClick={() => window.print()}>
          {t('decisions.print')}
        </button>
      </p>
      {canAdd && formOpen ? (
        <section ref={formRef} className="decision-form no-print" aria-labelledby="decision-form-title">
          <DecisionForm
            key={correcting?.id ?? 'new'}
            correcting={correcting}
            systems={data?.systems ?? []}
            defaultName={me.name}
            onCancel={closeForm}
            onDone={(d) => {
              closeForm();
              setAdded(t('decisions.added', { seq: d.seq }));
              reload();
            }}
          />
        </section>
      ) : canAdd ? (
        <p className="no-print">
          <button
            type="button"
            className="button"
            aria-expanded={false}
            onClick={() => {
              setFormOpen(true);
              setAdded(null);
              focusForm();
            }}
          >
            {t('decisions.addTitle')}
          </button>
        </p>
      ) : (
        <p className="notice no-print">{t('decisions.readOnly')}</p>
      )}
      <StatusMessage message={added} />
      <form
        className="filters decisions-filters no-print"
        aria-label={t('decisions.filters')}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        <TextField
          id="decisions-q"
          type="search"
          label={t('decisions.search')}
          hint={t('decisions.searchHint')}
          value={draft.q}
          onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))}
        />
        <SelectField
          id="decisions-system"
          label={t('decisions.system')}
          value={draft.system}
          onChange={(e) => setDraft((d) => ({ ...d, system: e.target.value }))}
        >
          <option value="">{t('decisions.anySystem')}</option>
          {(data?.systems ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <div className="actions">
          <button type="submit" className="button">
            {t('decisions.apply')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setDraft(NO_FILTERS);
              setApplied(NO_FILTERS);
            }}
          >
            {t('decisions.clear')}
          </button>
        </div>
      </form>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? <StatusMessage message={t('decisions.shown', { count: data.log.decisions.length })} /> : null}
      {data && !data.log.decisions.length ? (
        <p>{head && head.seq > 0 ? t('decisions.empty') : t('decisions.headEmpty')}</p>
      ) : null}
      {data?.log.decisions.length ? (
        <ol className="decision-list" aria-label={t('decisions.listLabel')} reversed>
          {data.log.decisions.map((d) => (
            <li
              key={d.id}
              id={`decision-${d.id}`}
              className={d.corrected_by.length ? 'decision is-corrected' : 'decision'}
            >
              <article aria-labelledby={`decision-${d.id}-title`}>
                <h2 id={`decision-${d.id}-title`} className="decision-title">
                  <span>{t('decisions.entry', { seq: d.seq })}</span>
                  <time dateTime={d.decided_at}>{formatTime(d.decided_at, locale)}</time>
                  {d.corrected_by.length ? (
                    <span className="marker marker-corrected">{t('decisions.corrected')}</span>
                  ) : null}
                </h2>
                {d.corrected_by.length ? (
                  <p className="decision-note">
                    {t('decisions.correctedBy')}
                    {d.corrected_by.map((id, i) => (
                      <span key={id}>
                        {i > 0 ? ', ' : ''}
                        <a href={`#decision-${id}`}>{seqOf.get(id) ?? id}</a>
                      </span>
                    ))}
                  </p>
                ) : null}
                {d.corrects ? (
                  <p className="decision-note">
                    <a href={`#decision-${d.corrects}`}>
                      {t('decisions.correctionOf', { seq: seqOf.get(d.corrects) ?? d.corrects })}
                    </a>
                  </p>
                ) : null}
                <p className="decision-text">{d.decision}</p>
                <dl className="decision-facts">
                  <Fact label={t('decisions.basis')}>{d.basis || t('common.none')}</Fact>
                  <Fact label={t('decisions.decidedBy')}>{d.decided_by}</Fact>
                  <Fact label={t('decisions.mandate')}>{d.mandate || t('common.none')}</Fact>
                  <Fact label={t('decisions.systems')}>
                    {d.systems.length
                      ? d.systems.map((id, i) => (
                          <span key={id}>
                            {i > 0 ? ', ' : ''}
                            <Link to={`/systems/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</Link>
                          </span>
                        ))
                      : t('common.none')}
                  </Fact>
                  <Fact label={t('decisions.recorded')}>
                    {t('decisions.recordedBy', { time: formatTime(d.recorded_at, locale), who: d.recorded_by_label })}
                  </Fact>
                </dl>
                {canAdd ? (
                  <button type="button" className="button-small no-print" onClick={() => startCorrection(d)}>
                    {t('decisions.correct', { seq: d.seq })}
                  </button>
                ) : null}
              </article>
            </li>
          ))}
        </ol>
      ) : null}
      {head ? (
        <p className="print-only decisions-print-head">
          {t('decisions.printedAt', {
            time: formatTime(new Date().toISOString(), locale),
            seq: head.seq,
            hash: head.hash,
          })}
        </p>
      ) : null}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The chain's head: short on screen, the whole hash copyable, and what keeping it proves. */
function HeadBox({ head }: { head: ChainHead }) {
  const t = useT();
  if (head.seq === 0) return null;
  return (
    <section className="decisions-head" aria-labelledby="decisions-head-title">
      <h2 id="decisions-head-title" className="decisions-head-title">
        {t('decisions.head', { seq: head.seq, short: `${head.hash.slice(0, 12)}…` })}
      </h2>
      <div className="no-print">
        <CopyBox id="decisions-head-hash" label={t('decisions.headLabel')} value={head.hash} />
      </div>
      <p className="print-only mono decisions-head-full">{head.hash}</p>
      <p className="hint">{t('decisions.headHint')}</p>
    </section>
  );
}

/** The form that records a decision, or a correction of one (then prefilled with the entry it corrects). */
function DecisionForm({
  correcting,
  systems,
  defaultName,
  onCancel,
  onDone,
}: {
  correcting: Decision | null;
  systems: { id: string; name: string }[];
  defaultName: string;
  onCancel: () => void;
  onDone: (d: Decision) => void;
}) {
  const t = useT();
  const { errors, busy, handler } = useFormSubmit(FIELDS);
  const [decision, setDecision] = useState(correcting?.decision ?? '');
  const [basis, setBasis] = useState(correcting?.basis ?? '');
  const [decidedBy, setDecidedBy] = useState(correcting?.decided_by ?? defaultName);
  const [mandate, setMandate] = useState(correcting?.mandate ?? '');
  const [decidedAt, setDecidedAt] = useState(
    correcting ? isoToWallClock(correcting.decided_at, TIME_ZONE) : wallClockNow(),
  );
  const [chosen, setChosen] = useState<string[]>(correcting?.systems ?? []);
  const reset = () => {
    setDecision('');
    setBasis('');
    setMandate('');
    setChosen([]);
    setDecidedAt(wallClockNow());
  };
  const onSubmit = handler(
    () =>
      decision.trim() ? {} : { decision: t('common.required', { field: t('decisions.f.decision').toLowerCase() }) },
    async () => {
      const body: DecisionDraft = {
        decision,
        basis,
        decided_by: decidedBy.trim() || undefined,
        mandate,
        decided_at: instantOf(decidedAt),
        systems: chosen,
      };
      const answer = correcting ? await decisionsApi.correct(correcting.id, body) : await decisionsApi.add(body);
      reset();
      onDone(answer.decision);
    },
  );
  return (
    <form className="form decision-form-fields" onSubmit={onSubmit} noValidate>
      <h2 id="decision-form-title" tabIndex={-1}>
        {correcting ? t('decisions.correctTitle', { seq: correcting.seq }) : t('decisions.addTitle')}
      </h2>
      {correcting ? <p className="hint">{t('decisions.correctIntro', { seq: correcting.seq })}</p> : null}
      <ErrorAlert message={errors.general} />
      <TextAreaField
        id="decision-text"
        label={t('decisions.f.decision')}
        hint={t('decisions.f.decisionHint')}
        error={errors.fields.decision}
        value={decision}
        onChange={(e) => setDecision(e.target.value)}
        rows={3}
        maxLength={4000}
        required
      />
      <TextAreaField
        id="decision-basis"
        label={t('decisions.f.basis')}
        hint={t('decisions.f.basisHint')}
        error={errors.fields.basis}
        value={basis}
        onChange={(e) => setBasis(e.target.value)}
        rows={3}
        maxLength={8000}
      />
      <TextField
        id="decision-by"
        label={t('decisions.f.decidedBy')}
        hint={t('decisions.f.decidedByHint')}
        error={errors.fields.decided_by}
        value={decidedBy}
        onChange={(e) => setDecidedBy(e.target.value)}
        maxLength={200}
        autoComplete="off"
      />
      <TextField
        id="decision-mandate"
        label={t('decisions.f.mandate')}
        hint={t('decisions.f.mandateHint')}
        error={errors.fields.mandate}
        value={mandate}
        onChange={(e) => setMandate(e.target.value)}
        maxLength={500}
      />
      <TextField
        id="decision-at"
        type="datetime-local"
        label={t('decisions.f.decidedAt')}
        error={errors.fields.decided_at}
        value={decidedAt}
        onChange={(e) => setDecidedAt(e.target.value)}
      />
      <SelectField
        id="decision-systems"
        label={t('decisions.f.systems')}
        hint={t('decisions.f.systemsHint')}
        error={errors.fields.systems}
        multiple
        size={6}
        value={chosen}
        onChange={(e) => setChosen(Array.from(e.target.selectedOptions, (o) => o.value))}
      >
        {systems.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      <div className="actions">
        <SubmitButton busy={busy}>{correcting ? t('decisions.submitCorrection') : t('decisions.submit')}</SubmitButton>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {correcting ? t('decisions.cancel') : t('decisions.close')}
        </button>
      </div>
    </form>
  );
}
