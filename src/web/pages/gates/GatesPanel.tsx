import { type FormEvent, useState } from 'react';
import { may } from '../../../domain/access.js';
import type { System, SystemStatus } from '../../../domain/catalogue/types.js';
import { nextStatuses } from '../../../domain/gates/status.js';
import { ApiError } from '../../api.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  SelectField,
  StatusBadge,
  StatusMessage,
  SubmitButton,
  useLoad,
} from '../../components.js';
import { formatTime, type T, useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { gateLabel } from '../SystemForm.js';
import { type Blocking, blockingOf, type GateView, gatesApi } from './gatesApi.js';
import '../../gates.css';

const HOUR = 3_600_000;
// How long a waiver may hold, offered as choices: no time zone arithmetic on a phone at three in the morning.
const VALID_FOR = [0, 4, 12, 24, 72, 168] as const;

function validForLabel(hours: number, t: T): string {
  if (hours === 0) return t('gates.validFor.none');
  return hours >= 72 ? t('gates.validFor.days', { days: hours / 24 }) : t('gates.validFor.hours', { hours });
}

function stateWords(g: GateView, t: T): string {
  return g.expired ? t('gates.state.expired') : t(`gates.state.${g.state}`);
}

/**
 * The status of a system and its security gates: a control that offers the next steps (and lists what blocks a
 * refused one), and each gate with its state in words, who, when, the evidence or reason, and the expiry.
 */
export function GatesPanel({ system, onChanged }: { system: System; onChanged: () => void }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad(() => gatesApi.gates(system.id), [system.id]);
  useLiveReload(['gate.changed', 'system.status'], reload);
  return (
    <>
      <StatusControl system={system} onChanged={onChanged} />
      <section aria-labelledby="gates-title" className="panel gates-panel">
        <h2 id="gates-title">{t('gates.title')}</h2>
        <ErrorAlert message={error ? errorText(error, t) : null} />
        {loading && !data ? <Loading /> : null}
        {data ? <GateList systemId={system.id} gates={data.gates} left={data.gates_left} reload={reload} /> : null}
      </section>
    </>
  );
}

function GateList({
  systemId,
  gates,
  left,
  reload,
}: {
  systemId: string;
  gates: GateView[];
  left: string[];
  reload: () => void;
}) {
  const t = useT();
  const user = useSessionUser();
  const mayDecide = may(user.role, 'gate.decide');
  const [message, setMessage] = useState<string | null>(null);
  if (gates.length === 0) return <p>{t('gates.none')}</p>;
  return (
    <>
      <p>{left.length === 0 ? t('gates.allClear') : t('gates.left', { count: left.length, total: gates.length })}</p>
      {mayDecide ? null : <p>{t('gates.readOnly')}</p>}
      <StatusMessage message={message} />
      <ul className="gate-list" aria-label={t('gates.listLabel')}>
        {gates.map((g) => (
          <GateItem
            key={g.id}
            systemId={systemId}
            gate={g}
            mayDecide={mayDecide}
            onDone={(text) => {
              setMessage(text);
              reload();
            }}
          />
        ))}
      </ul>
    </>
  );
}

function GateItem({
  systemId,
  gate,
  mayDecide,
  onDone,
}: {
  systemId: string;
  gate: GateView;
  mayDecide: boolean;
  onDone: (message: string) => void;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [open, setOpen] = useState<'passed' | 'waived' | null>(null);
  const [note, setNote] = useState('');
  const [hours, setHours] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const name = gateLabel(gate.id, t);
  const base = `gate-${gate.id}`;
  const shown = gate.expired ? 'expired' : gate.state;

  const decide = async (body: Parameters<typeof gatesApi.decide>[2]) => {
    setBusy(true);
    setFailure(null);
    try {
      await gatesApi.decide(systemId, gate.id, body);
      setOpen(null);
      setNote('');
      onDone(t(`gates.done.${body.state}`, { gate: name }));
    } catch (e) {
      setFailure(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (open === 'passed') void decide({ state: 'passed', note });
    else if (open === 'waived') {
      // The expiry counts from the moment the waiver is recorded; the server refuses one in the past.
      const expires_at = hours ? new Date(Date.now() + hours * HOUR).toISOString() : undefined;
      void decide(expires_at ? { state: 'waived', note, expires_at } : { state: 'waived', note });
    }
  };

  return (
    <li className={`gate gate-${shown}`} id={base} aria-labelledby={`${base}-name`}>
      <h3 id={`${base}-name`}>
        {name} <span className={`gate-state gate-state-${shown}`}>{stateWords(gate, t)}</span>
      </h3>
      {gate.at ? (
        <dl className="details gate-details">
          <dt>{t('gates.by')}</dt>
          <dd>{gate.by}</dd>
          <dt>{t('gates.at')}</dt>
          <dd>
            <time dateTime={gate.at}>{formatTime(gate.at, locale)}</time>
          </dd>
          {gate.note ? (
            <>
              <dt>{gate.state === 'passed' ? t('gates.evidence') : t('gates.reason')}</dt>
              <dd className="gate-note">{gate.note}</dd>
            </>
          ) : null}
          {gate.state === 'waived' ? (
            <>
              <dt>{t('gates.expires')}</dt>
              <dd>
                {gate.expires_at ? (
                  <time dateTime={gate.expires_at}>{formatTime(gate.expires_at, locale)}</time>
                ) : (
                  t('gates.noExpiry')
                )}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <ErrorAlert message={failure} />
      {mayDecide && open ? (
        <form onSubmit={submit} className="gate-form" noValidate>
          <div className="field">
            <label htmlFor={`${base}-note`}>
              {open === 'passed' ? t('gates.passLabel', { gate: name }) : t('gates.waiveLabel', { gate: name })}
            </label>
            {open === 'passed' ? (
              <p className="hint" id={`${base}-hint`}>
                {t('gates.passHint')}
              </p>
            ) : null}
            <textarea
              id={`${base}-note`}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              rows={3}
              required
              maxLength={2000}
              aria-describedby={open === 'passed' ? `${base}-hint` : undefined}
            />
          </div>
          {open === 'waived' ? (
            <SelectField
              id={`${base}-valid`}
              label={t('gates.validFor')}
              value={String(hours)}
              onChange={(e) => setHours(Number(e.target.value))}
            >
              {VALID_FOR.map((h) => (
                <option key={h} value={h}>
                  {validForLabel(h, t)}
                </option>
              ))}
            </SelectField>
          ) : null}
          <div className="button-row">
            <SubmitButton busy={busy}>
              {open === 'passed' ? t('gates.confirmPass') : t('gates.confirmWaive')}
            </SubmitButton>
            <button type="button" className="button-secondary" onClick={() => setOpen(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {mayDecide && !open ? (
        <div className="button-row">
          {gate.state !== 'passed' || gate.expired ? (
            <button
              type="button"
              className="button-small"
              aria-label={`${t('gates.pass')}: ${name}`}
              onClick={() => setOpen('passed')}
            >
              {t('gates.pass')}
            </button>
          ) : null}
          {gate.state !== 'waived' || gate.expired ? (
            <button
              type="button"
              className="button-small"
              aria-label={`${t('gates.waive')}: ${name}`}
              onClick={() => setOpen('waived')}
            >
              {t('gates.waive')}
            </button>
          ) : null}
          {gate.at && gate.state !== 'pending' ? (
            <button
              type="button"
              className="button-small"
              aria-label={`${t('gates.reset')}: ${name}`}
              disabled={busy}
              onClick={() => void decide({ state: 'pending' })}
            >
              {t('gates.reset')}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function StatusControl({ system, onChanged }: { system: System; onChanged: () => void }) {
  const t = useT();
  const user = useSessionUser();
  const current: SystemStatus = system.status ?? 'down';
  const options = nextStatuses(current);
  const [to, setTo] = useState<SystemStatus>(options[0] ?? current);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<{ to: SystemStatus; blocking: Blocking } | null>(null);
  const mayChange = may(user.role, 'system.status');
  const mayOverride = may(user.role, 'status.override');
  const target = options.includes(to) ? to : (options[0] ?? current);

  const change = async (override?: string) => {
    setBusy(true);
    setMessage(null);
    setFailure(null);
    try {
      await gatesApi.setStatus(
        system.id,
        override ? { status: target, override_reason: override } : { status: target },
      );
      setBlocked(null);
      setReason('');
      setMessage(t('gates.status.changed', { status: t(`status.${target}`) }));
      onChanged();
    } catch (e) {
      const blocking = e instanceof ApiError && e.code === 'invalid_transition' ? blockingOf(e.details) : null;
      if (blocking) setBlocked({ to: target, blocking });
      else {
        setBlocked(null);
        setFailure(errorText(e, t));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="status-title" className="panel status-control">
      <h2 id="status-title">{t('gates.status.title')}</h2>
      <p>
        {t('gates.status.current')}: <StatusBadge status={current} />
      </p>
      <StatusMessage message={message} />
      <ErrorAlert message={failure} />
      {!mayChange ? (
        <p>{t('gates.status.readOnly')}</p>
      ) : (
        <>
          <p className="hint">{t('gates.status.rule')}</p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void change();
            }}
            className="inline-form"
          >
            <SelectField
              id="status-next"
              label={t('gates.status.next')}
              value={target}
              onChange={(e) => {
                setTo(e.target.value as SystemStatus);
                setBlocked(null);
              }}
            >
              {options.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </SelectField>
            <SubmitButton busy={busy}>{t('gates.status.submit')}</SubmitButton>
          </form>
        </>
      )}
      {blocked ? (
        <div className="alert alert-error status-blocked" role="alert">
          <p className="alert-title">
            {t('gates.status.blocked', { name: system.name, status: t(`status.${blocked.to}`) })}
          </p>
          {blocked.blocking.gates.length ? (
            <>
              <h3>{t('gates.status.blockingGates')}</h3>
              <ul className="ref-list">
                {blocked.blocking.gates.map((g) => (
                  <li key={g.id}>
                    <a href={`#gate-${g.id}`}>{gateLabel(g.id, t)}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {blocked.blocking.dependencies.length ? (
            <>
              <h3>{t('gates.status.blockingDeps')}</h3>
              <ul className="ref-list">
                {blocked.blocking.dependencies.map((d) => (
                  <li key={d.id}>
                    <Link to={`/systems/${encodeURIComponent(d.id)}`}>{d.name}</Link> <StatusBadge status={d.status} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {blocked && mayOverride ? (
        <form
          className="override-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void change(reason);
          }}
        >
          <h3>{t('gates.status.override')}</h3>
          <div className="field">
            <label htmlFor="override-reason">{t('gates.status.overrideLabel')}</label>
            <p className="hint" id="override-reason-hint">
              {t('gates.status.overrideHint')}
            </p>
            <textarea
              id="override-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={2}
              required
              maxLength={2000}
              aria-describedby="override-reason-hint"
            />
          </div>
          <SubmitButton busy={busy}>{t('gates.status.overrideSubmit')}</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}
