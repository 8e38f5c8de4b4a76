import { type FormEvent, useState } from 'react';
import { ROLES, type Role } from '../../domain/roles.js';
import { zoneFormatter } from '../../domain/time.js';
import { MESSAGES, type MessageKey } from '../../i18n/index.js';
import { type AuditEvent, api, type AuditPage as Page, type User } from '../api.js';
import { useLookups } from '../catalogueData.js';
import {
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  TextField,
  useLoad,
} from '../components.js';
import { formatTime, type T, TIME_ZONE, useLocale, useT } from '../i18n.js';
import { useSessionUser } from '../session.js';

const PAGE = 100;
// Internal ids say nothing to a person reading the log; the server keeps them for correlation.
const HIDDEN_KEYS = new Set(['sessionId', 'invitationId', 'tokenId']);
// Every action the catalogue names, for the filter's list.
const ACTIONS = Object.keys(MESSAGES.sv)
  .filter((k) => k.startsWith('audit.action.'))
  .map((k) => k.slice('audit.action.'.length));

/** The filters as applied: the form's fields, times as wall-clock text of the organisation's zone. */
interface Filters {
  action: string;
  actor: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { action: '', actor: '', from: '', to: '' };

// A datetime-local value (wall-clock time in the organisation's zone) as an instant the API compares with.
function instantOf(wallClock: string): string | undefined {
  if (!wallClock) return undefined;
  const wall = Date.parse(`${wallClock}Z`);
  if (Number.isNaN(wall)) return undefined;
  return new Date(zoneFormatter(TIME_ZONE).fromWallClock(wall)).toISOString();
}

function queryOf(filters: Filters) {
  return {
    limit: PAGE,
    action: filters.action || undefined,
    actor: filters.actor.trim() || undefined,
    from: instantOf(filters.from),
    to: instantOf(filters.to),
  };
}

/** The audit trail for administrators, /app/audit: who did what, when and from where, newest first. */
export function AuditPage() {
  const t = useT();
  const me = useSessionUser();
  if (me.role !== 'admin') {
    return (
      <>
        <PageHeading title={t('audit.title')}>{t('audit.title')}</PageHeading>
        <p className="notice">{t('audit.forbidden')}</p>
      </>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const t = useT();
  const { locale } = useLocale();
  const { units } = useLookups();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  // Pages fetched by "show more" after the first, for the filters applied.
  const [more, setMore] = useState<Page | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { data, error, loading } = useLoad(
    () => Promise.all([api.audit(queryOf(applied)), api.users()]).then(([page, u]) => ({ page, users: u.users })),
    [applied],
  );
  const users = new Map((data?.users ?? []).map((u) => [u.id, u]));
  const unitName = (id: string) => units.get(id)?.name;
  const events = [...(data?.page.events ?? []), ...(more?.events ?? [])];
  const nextCursor = more ? more.next_cursor : (data?.page.next_cursor ?? null);
  const head = data?.page.head;

  const apply = (filters: Filters) => {
    setMore(null);
    setMoreError(null);
    setApplied(filters);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const loadMore = async () => {
    if (!nextCursor) return;
    setBusy(true);
    try {
      const page = await api.audit({ ...queryOf(applied), cursor: nextCursor });
      setMore((m) => ({ ...page, events: [...(m?.events ?? []), ...page.events] }));
      setMoreError(null);
    } catch (e) {
      setMoreError(e);
    } finally {
      setBusy(false);
    }
  };
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  return (
    <>
      <PageHeading title={t('audit.title')}>{t('audit.title')}</PageHeading>
      <p className="lead">{t('audit.intro')}</p>
      {head ? (
        <p className="audit-head">
          {t('audit.head', { seq: head.seq })} <code className="mono">{head.hash}</code>
          <br />
          <span className="hint">{t('audit.headHint')}</span>
        </p>
      ) : null}
      <form className="filters audit-filters" aria-label={t('audit.filters')} onSubmit={onSubmit}>
        <SelectField id="audit-action" label={t('audit.filter.action')} value={draft.action} onChange={set('action')}>
          <option value="">{t('audit.filter.anyAction')}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionText(a, t)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="audit-actor"
          label={t('audit.filter.actor')}
          hint={t('audit.filter.actorHint')}
          value={draft.actor}
          onChange={set('actor')}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="audit-from"
          type="datetime-local"
          label={t('audit.filter.from')}
          hint={t('audit.filter.timeHint')}
          value={draft.from}
          onChange={set('from')}
        />
        <TextField
          id="audit-to"
          type="datetime-local"
          label={t('audit.filter.to')}
          hint={t('audit.filter.timeHint')}
          value={draft.to}
          onChange={set('to')}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t('audit.filter.apply')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setDraft(NO_FILTERS);
              apply(NO_FILTERS);
            }}
          >
            {t('audit.filter.clear')}
          </button>
        </div>
      </form>
      <ErrorAlert message={error ? errorText(error, t) : moreError ? errorText(moreError, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? <StatusMessage message={t('audit.shownMore', { count: events.length })} /> : null}
      {data && !events.length ? <p>{t('audit.empty')}</p> : null}
      {events.length ? (
        <DataTable caption={t('audit.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('audit.col.when')}</th>
              <th scope="col">{t('audit.col.who')}</th>
              <th scope="col">{t('audit.col.ip')}</th>
              <th scope="col">{t('audit.col.action')}</th>
              <th scope="col">{t('audit.col.subject')}</th>
              <th scope="col">{t('audit.col.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{formatTime(e.at, locale)}</time>
                </td>
                <td>{e.actor_email ?? (e.actor_user_id ? personText(e.actor_user_id, users) : t('audit.nobody'))}</td>
                <td className="mono">{e.ip ?? t('common.none')}</td>
                <th scope="row">
                  {actionText(e.action, t)}
                  {e.count && e.count > 1 ? ` (${t('audit.times', { count: e.count })})` : null}
                </th>
                <td>{e.subject ? personText(e.subject, users) : t('common.none')}</td>
                <td>{detailText(e, t, users, unitName)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      {nextCursor ? (
        <button type="button" className="button-secondary" disabled={busy || loading} onClick={loadMore}>
          {t('audit.more')}
        </button>
      ) : null}
    </>
  );
}

function isKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES.sv, key);
}

/** An action code (`login_ok`) as words; an unknown code shows as itself. */
function actionText(action: string, t: T): string {
  const key = `audit.action.${action}`;
  return isKey(key) ? t(key) : action;
}

// Subjects and actors are user ids, or an e-mail address for a failed login: show the address.
function personText(value: string, users: Map<string, User>): string {
  return users.get(value)?.email ?? value;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function valueText(
  value: unknown,
  t: T,
  users: Map<string, User>,
  unitName: (id: string) => string | undefined,
): string {
  if (value === null || value === undefined) return t('common.none');
  if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  if (isRole(value)) return t(`role.${value}`);
  const key = `audit.value.${value}`;
  if (isKey(key)) return t(key);
  return users.get(value)?.email ?? unitName(value) ?? value;
}

function detailText(
  event: AuditEvent,
  t: T,
  users: Map<string, User>,
  unitName: (id: string) => string | undefined,
): string {
  if (!event.detail) return '';
  let detail: unknown;
  try {
    detail = JSON.parse(event.detail);
  } catch {
    return event.detail;
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return valueText(detail, t, users, unitName);
  }
  const fields = detail as Record<string, unknown>;
  const show = (v: unknown) => valueText(v, t, users, unitName);
  if ('from' in fields && 'to' in fields) return t('audit.change', { from: show(fields.from), to: show(fields.to) });
  return Object.entries(fields)
    .filter(([k]) => !HIDDEN_KEYS.has(k))
    .map(([k, v]) => {
      const key = `audit.key.${k}`;
      return `${isKey(key) ? t(key) : k}: ${show(v)}`;
    })
    .join('; ');
}
