import { useState } from 'react';
import { SYSTEM_FIELDS, type System } from '../../domain/catalogue/types.js';
import type { MessageKey } from '../../i18n/index.js';
import { ApiError, api, type Change, type SystemRef } from '../api.js';
import { ConfirmRemove } from '../ConfirmRemove.js';
import { type Lookups, useLookups } from '../catalogueData.js';
import {
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  StatusBadge,
  StatusMessage,
  useLoad,
} from '../components.js';
import { formatTime, type T, useLocale, useT } from '../i18n.js';
import { useLiveReload } from '../live.js';
import { canEditCatalogue, canEditStatus, canReadAll } from '../permissions.js';
import { Link, navigate } from '../router.js';
import { useSessionUser } from '../session.js';
import { same } from '../systemForm.js';
import { GatesPanel } from './gates/GatesPanel.js';
import { ExpectedBack } from './plan/ExpectedBack.js';
import { WhyNotYetPanel } from './plan/WhyNotYetPanel.js';
import { gateLabel, SystemForm } from './SystemForm.js';

/** One system: its fields, what it needs and what needs it, an edit form and its history. */
export function SystemPage({ id }: { id: string }) {
  const t = useT();
  const user = useSessionUser();
  const lookups = useLookups();
  const { data, error, loading, reload } = useLoad(() => api.system(id), [id]);
  // Someone else may move the status or a gate: the page follows.
  useLiveReload(['system.status', 'gate.changed'], reload);
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
          {/* "When is it back?" is the first question in a staff meeting; the plan is for internal readers only. */}
          {canReadAll(user.role) ? (
            <ExpectedBack
              id={id}
              estimate={data.system.estimate_hours}
              key={`expected-${data.system.status ?? 'down'}`}
            />
          ) : null}
          <SystemDetails system={data.system} lookups={lookups} />
          {canReadAll(user.role) ? <GatesPanel system={data.system} onChanged={reload} /> : null}
          <div className="two-col">
            <RefList title={t('system.needs')} refs={data.needs} empty={t('system.needsNone')} id="needs" />
            <RefList
              title={t('system.neededBy')}
              refs={data.needed_by}
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
          {full ? (
            <section aria-labelledby="remove-title" className="panel">
              <h2 id="remove-title">{t('system.removeTitle')}</h2>
              <ConfirmRemove
                id="remove-system"
                label={t('system.remove')}
                name={data.system.name}
                errorTitle={t('system.removeFailed')}
                describeError={(e) => removeError(e, data.needed_by, t)}
                onConfirm={async () => {
                  await api.deleteSystem(id);
                  navigate('/systems');
                }}
              />
            </section>
          ) : null}
          {data.changes && <History changes={data.changes} />}
        </>
      ) : null}
    </>
  );
}

// A 409 names the systems that still need this one: say so by their names, in the UI's language.
function removeError(error: unknown, neededBy: SystemRef[], t: T): string {
  const dependents = error instanceof ApiError && error.code === 'conflict' ? dependentsOf(error.details) : null;
  if (!dependents) return errorText(error, t);
  const names = dependents.map((d) => neededBy.find((r) => r.id === d)?.name ?? d);
  return t('system.removeBlocked', { names: names.join(', ') });
}

function dependentsOf(details: unknown): string[] | null {
  if (typeof details !== 'object' || details === null || !('dependents' in details)) return null;
  const list = (details as { dependents: unknown }).dependents;
  return Array.isArray(list) && list.every((d) => typeof d === 'string') && list.length ? list : null;
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
        {system.public_help !== undefined ? (
          <>
            <dt>{t('sf.public_help')}</dt>
            <dd>
              {typeof system.public_help === 'string' ? (
                system.public_help
              ) : (
                <ul className="plain-list">
                  {Object.entries(system.public_help).map(([lang, text]) => (
                    <li key={lang} lang={lang}>
                      <span className="mono">{lang}</span>: {text}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        ) : null}
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

function changedFields(change: Change): string[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !same(before[k], after[k])).sort();
}

const LABELLED_FIELDS = new Set<string>(SYSTEM_FIELDS);

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
