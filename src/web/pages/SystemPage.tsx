import { type FormEvent, useEffect, useState } from 'react';
import {
  DEFAULT_GATES,
  SYSTEM_KINDS,
  SYSTEM_STATUSES,
  type System,
  type SystemKind,
  type SystemStatus,
} from '../../domain/catalogue/types.js';
import type { MessageKey } from '../../i18n/index.js';
import { api, type Change, type SystemRef } from '../api.js';
import { type Lookups, useLookups } from '../catalogueData.js';
import {
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusBadge,
  StatusMessage,
  TextField,
  useFormErrors,
  useLoad,
} from '../components.js';
import { formatTime, type T, useLocale, useT } from '../i18n.js';
import { canEditCatalogue, canEditStatus, canReadAll } from '../permissions.js';
import { Link } from '../router.js';
import { useSessionUser } from '../session.js';
import { type FormState, same, toForm, toPatch } from '../systemForm.js';
import { WhyNotYetPanel } from './plan/WhyNotYetPanel.js';

/** One system: its fields, what it needs and what needs it, an edit form and its history. */
export function SystemPage({ id }: { id: string }) {
  const t = useT();
  const user = useSessionUser();
  const lookups = useLookups();
  const { data, error, loading, reload } = useLoad(() => api.system(id), [id]);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const title = data ? t('system.title', { name: data.system.name }) : t('systems.title');
  const full = canEditCatalogue(user.role);
  const limited = !full && canEditStatus(user.role);

  return (
    <>
      <p className="breadcrumb">
        <Link to="/systems">{t('nav.systems')}</Link>
      </p>
      <PageHeading title={title}>{data ? data.system.name : t('systems.title')}</PageHeading>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <SystemDetails system={data.system} lookups={lookups} />
          <div className="two-col">
            <RefList title={t('system.needs')} refs={data.needs} empty={t('system.needsNone')} id="needs" />
            <RefList
              title={t('system.neededBy')}
              refs={data.neededBy}
              empty={t('system.neededByNone')}
              id="needed-by"
            />
          </div>
          {/* The plan is for internal readers only: a reporter would only get a 403. */}
          {canReadAll(user.role) ? <WhyNotYetPanel id={id} key={`why-${data.system.status ?? 'down'}`} /> : null}
          <section aria-labelledby="edit-title" className="panel">
            <h2 id="edit-title">{t('system.edit')}</h2>
            <StatusMessage message={saved} />
            {full || limited ? (
              <>
                {limited ? <p>{t('system.editLimited')}</p> : null}
                {editing ? (
                  <SystemForm
                    system={data.system}
                    full={full}
                    lookups={lookups}
                    onCancel={() => {
                      setEditing(false);
                      focusSoon('edit-system');
                    }}
                    onSaved={() => {
                      setEditing(false);
                      setSaved(t('common.saved'));
                      reload();
                      focusSoon('edit-system');
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    className="button"
                    id="edit-system"
                    onClick={() => {
                      setSaved(null);
                      setEditing(true);
                    }}
                  >
                    {t('common.edit')}
                  </button>
                )}
              </>
            ) : (
              <p>{t('system.readOnly')}</p>
            )}
          </section>
          <History changes={data.changes} />
        </>
      ) : null}
    </>
  );
}

// After the form closes, focus goes back to the button that opened it.
function focusSoon(id: string): void {
  window.setTimeout(() => document.getElementById(id)?.focus(), 0);
}

function SystemDetails({ system, lookups }: { system: System; lookups: Lookups }) {
  const t = useT();
  const none = t('system.notSet');
  const owner = system.owner ? (lookups.units.get(system.owner)?.name ?? system.owner) : null;
  const team = system.team ? (lookups.teams.get(system.team)?.name ?? system.team) : null;
  const gates = system.gates === undefined ? null : system.gates;
  const estimate = system.estimate_hours;
  return (
    <section aria-labelledby="details-title">
      <h2 id="details-title">{t('system.details')}</h2>
      <dl className="details">
        <dt>{t('sf.id')}</dt>
        <dd className="mono">{system.id}</dd>
        <dt>{t('sf.status')}</dt>
        <dd>
          <StatusBadge status={system.status} />
        </dd>
        <dt>{t('sf.kind')}</dt>
        <dd>{t(`kind.${system.kind}`)}</dd>
        <dt>{t('sf.public_name')}</dt>
        <dd>{system.public_name ?? none}</dd>
        <dt>{t('sf.owner')}</dt>
        <dd>{owner && system.owner ? <Link to={`/units/${encodeURIComponent(system.owner)}`}>{owner}</Link> : none}</dd>
        <dt>{t('sf.team')}</dt>
        <dd>{team ?? none}</dd>
        <dt>{t('sf.society')}</dt>
        <dd>{system.society ?? none}</dd>
        <dt>{t('sf.organisation')}</dt>
        <dd>{system.organisation ?? none}</dd>
        <dt>{t('sf.rto_hours')}</dt>
        <dd>{system.rto_hours ?? none}</dd>
        <dt>{t('sf.estimate_hours')}</dt>
        <dd>{estimate ? `${estimate.low} / ${estimate.likely} / ${estimate.high}` : t('sf.estimateNone')}</dd>
        {system.status === 'restoring' || system.status === 'verifying' || system.remaining_hours !== undefined ? (
          <>
            <dt>{t('sf.remaining_hours')}</dt>
            <dd>{system.remaining_hours ?? none}</dd>
          </>
        ) : null}
        <dt>{t('sf.gates')}</dt>
        <dd>
          {gates === null ? (
            t('system.allDefaultGates')
          ) : gates.length === 0 ? (
            t('system.gatesNone')
          ) : (
            <ul className="plain-list">
              {gates.map((g) => (
                <li key={g}>{gateLabel(g, t)}</li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}

function gateLabel(gate: string, t: T): string {
  return (DEFAULT_GATES as readonly string[]).includes(gate) ? t(`gate.${gate}` as MessageKey) : gate;
}

function RefList({ title, refs, empty, id }: { title: string; refs: SystemRef[]; empty: string; id: string }) {
  const t = useT();
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {refs.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="ref-list" aria-labelledby={`${id}-title`}>
          {refs.map((r) => (
            <li key={r.id}>
              <Link to={`/systems/${encodeURIComponent(r.id)}`}>{r.name}</Link>{' '}
              <span className="sub">{t(`kind.${r.kind}`)}</span> <StatusBadge status={r.status} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const FIELDS = [
  'name',
  'kind',
  'public_name',
  'owner',
  'team',
  'depends_on',
  'society',
  'organisation',
  'rto_hours',
  'estimate_hours.low',
  'estimate_hours.likely',
  'estimate_hours.high',
  'estimate_hours',
  'gates',
  'status',
  'remaining_hours',
] as const;

function SystemForm({
  system,
  full,
  lookups,
  onCancel,
  onSaved,
}: {
  system: System;
  full: boolean;
  lookups: Lookups;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState<FormState>(() => toForm(system));
  const [busy, setBusy] = useState(false);
  const { errors, setErrors, fromError } = useFormErrors(FIELDS);
  const update = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const err = (key: string) => errors.fields[key];
  useEffect(() => {
    document.getElementById(full ? 'sf-name' : 'sf-estimate-low')?.focus();
  }, [full]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { patch, problems } = toPatch(form, system, full, t);
    if (Object.keys(problems).length) {
      setErrors({ fields: problems, general: null });
      return;
    }
    if (Object.keys(patch).length === 0) {
      onSaved();
      return;
    }
    setBusy(true);
    try {
      await api.updateSystem(system.id, patch);
      onSaved();
    } catch (error) {
      fromError(error);
    } finally {
      setBusy(false);
    }
  };

  const scoreOptions = (
    <>
      <option value="">{t('system.notSet')}</option>
      {[1, 2, 3, 4, 5].map((n) => (
        <option key={n} value={String(n)}>
          {n}
        </option>
      ))}
    </>
  );
  const customGates = form.gates.filter((g) => !(DEFAULT_GATES as readonly string[]).includes(g));
  const allGates = [...DEFAULT_GATES, ...customGates];
  const estimateError = err('estimate_hours');

  return (
    <form onSubmit={submit} noValidate className="form system-form">
      <ErrorAlert message={errors.general} />
      {full ? (
        <>
          <TextField
            id="sf-name"
            label={t('sf.name')}
            value={form.name}
            onChange={(e) => update('name', e.target.value)}
            error={err('name')}
          />
          <SelectField
            id="sf-kind"
            label={t('sf.kind')}
            value={form.kind}
            onChange={(e) => update('kind', e.target.value as SystemKind)}
            error={err('kind')}
          >
            {SYSTEM_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            id="sf-public_name"
            label={t('sf.public_name')}
            value={form.public_name}
            onChange={(e) => update('public_name', e.target.value)}
            error={err('public_name')}
          />
          <SelectField
            id="sf-owner"
            label={t('sf.owner')}
            value={form.owner}
            onChange={(e) => update('owner', e.target.value)}
            error={err('owner')}
          >
            <option value="">{t('system.notSet')}</option>
            {[...lookups.units.values()].map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
            {form.owner && !lookups.units.has(form.owner) ? <option value={form.owner}>{form.owner}</option> : null}
          </SelectField>
          <SelectField
            id="sf-team"
            label={t('sf.team')}
            value={form.team}
            onChange={(e) => update('team', e.target.value)}
            error={err('team')}
          >
            <option value="">{t('system.notSet')}</option>
            {[...lookups.teams.values()].map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
            {form.team && !lookups.teams.has(form.team) ? <option value={form.team}>{form.team}</option> : null}
          </SelectField>
          <TextField
            id="sf-depends_on"
            label={t('sf.depends_on')}
            hint={t('system.dependsHint')}
            value={form.depends_on}
            onChange={(e) => update('depends_on', e.target.value)}
            error={err('depends_on')}
            className="mono"
            spellCheck={false}
            autoCapitalize="off"
          />
          <SelectField
            id="sf-society"
            label={t('sf.society')}
            hint={t('system.scoreHint')}
            value={form.society}
            onChange={(e) => update('society', e.target.value)}
            error={err('society')}
          >
            {scoreOptions}
          </SelectField>
          <SelectField
            id="sf-organisation"
            label={t('sf.organisation')}
            hint={t('system.scoreHint')}
            value={form.organisation}
            onChange={(e) => update('organisation', e.target.value)}
            error={err('organisation')}
          >
            {scoreOptions}
          </SelectField>
          <TextField
            id="sf-rto_hours"
            label={t('sf.rto_hours')}
            inputMode="decimal"
            value={form.rto_hours}
            onChange={(e) => update('rto_hours', e.target.value)}
            error={err('rto_hours')}
            className="input-short"
          />
        </>
      ) : null}
      <fieldset
        className={estimateError ? 'field-invalid' : undefined}
        aria-describedby={estimateError ? 'sf-estimate-error' : undefined}
      >
        <legend>{t('sf.estimate_hours')}</legend>
        {estimateError ? (
          <p className="field-error" id="sf-estimate-error">
            {estimateError}
          </p>
        ) : null}
        <div className="inline-fields">
          {(['low', 'likely', 'high'] as const).map((key) => (
            <TextField
              key={key}
              id={`sf-estimate-${key}`}
              label={t(`sf.estimate_${key}`)}
              inputMode="decimal"
              value={form[key]}
              onChange={(e) => update(key, e.target.value)}
              error={err(`estimate_hours.${key}`)}
              className="input-short"
            />
          ))}
        </div>
      </fieldset>
      <SelectField
        id="sf-status"
        label={t('sf.status')}
        value={form.status}
        onChange={(e) => update('status', e.target.value as SystemStatus)}
        error={err('status')}
      >
        {SYSTEM_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        id="sf-remaining_hours"
        label={t('sf.remaining_hours')}
        inputMode="decimal"
        value={form.remaining_hours}
        onChange={(e) => update('remaining_hours', e.target.value)}
        error={err('remaining_hours')}
        className="input-short"
      />
      {full ? (
        <fieldset
          className={err('gates') ? 'field-invalid' : undefined}
          aria-describedby={err('gates') ? 'sf-gates-error' : undefined}
        >
          <legend>{t('sf.gates')}</legend>
          {err('gates') ? (
            <p className="field-error" id="sf-gates-error">
              {err('gates')}
            </p>
          ) : null}
          <ul className="checkbox-list">
            {allGates.map((g) => (
              <li key={g}>
                <input
                  type="checkbox"
                  id={`sf-gate-${g}`}
                  checked={form.gates.includes(g)}
                  onChange={(e) =>
                    update(
                      'gates',
                      e.target.checked
                        ? allGates.filter((x) => x === g || form.gates.includes(x))
                        : form.gates.filter((x) => x !== g),
                    )
                  }
                />
                <label htmlFor={`sf-gate-${g}`}>{gateLabel(g, t)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function changedFields(change: Change): string[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !same(before[k], after[k])).sort();
}

const LABELLED_FIELDS = new Set([
  'id',
  'name',
  'kind',
  'public_name',
  'owner',
  'team',
  'depends_on',
  'society',
  'organisation',
  'rto_hours',
  'estimate_hours',
  'gates',
  'status',
  'remaining_hours',
]);

/** A system field's name as the form labels it. */
export function fieldLabel(field: string, t: T): string {
  return LABELLED_FIELDS.has(field) ? t(`sf.${field}` as MessageKey) : field;
}

function History({ changes }: { changes: Change[] }) {
  const t = useT();
  const { locale } = useLocale();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('system.history')}</h2>
      {changes.length === 0 ? (
        <p>{t('system.historyNone')}</p>
      ) : (
        <DataTable caption={t('system.historyCaption')}>
          <thead>
            <tr>
              <th scope="col">{t('change.when')}</th>
              <th scope="col">{t('change.who')}</th>
              <th scope="col">{t('change.how')}</th>
              <th scope="col">{t('change.what')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.id}>
                <td>
                  <time dateTime={c.at}>{formatTime(c.at, locale)}</time>
                </td>
                <td>{c.actor ?? t('common.none')}</td>
                <td>{t(`change.source.${c.source}`)}</td>
                <td>
                  {c.action === 'change'
                    ? t('change.action.change', {
                        fields: changedFields(c)
                          .map((f) => fieldLabel(f, t))
                          .join(', '),
                      })
                    : t(`change.action.${c.action}`)}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
