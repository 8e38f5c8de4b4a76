import { useState } from 'react';
import { ROLES, type Role } from '../../domain/roles.js';
import { MESSAGES, type MessageKey } from '../../i18n/index.js';
import { type AuditEvent, api, type User } from '../api.js';
import { useLookups } from '../catalogueData.js';
import { DataTable, ErrorAlert, errorText, Loading, PageHeading, StatusMessage, useLoad } from '../components.js';
import { formatTime, type T, useLocale, useT } from '../i18n.js';
import { useSessionUser } from '../session.js';

const FIRST = 100;
// The API's ceiling for `?limit=`.
const MOST = 1000;
// Internal ids say nothing to a person reading the log; the server keeps them for correlation.
const HIDDEN_KEYS = new Set(['sessionId', 'invitationId', 'tokenId']);

/** The audit trail for administrators, /app/audit: who did what and when, newest first. */
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
  const [limit, setLimit] = useState(FIRST);
  const { data, error, loading } = useLoad(
    () => Promise.all([api.audit(limit), api.users()]).then(([a, u]) => ({ events: a.events, users: u.users })),
    [limit],
  );
  const users = new Map((data?.users ?? []).map((u) => [u.id, u]));
  const unitName = (id: string) => units.get(id)?.name;
  const events = data?.events ?? [];

  return (
    <>
      <PageHeading title={t('audit.title')}>{t('audit.title')}</PageHeading>
      <p className="lead">{t('audit.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? <StatusMessage message={t('audit.shown', { count: events.length })} /> : null}
      {data && !events.length ? <p>{t('audit.empty')}</p> : null}
      {events.length ? (
        <DataTable caption={t('audit.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('audit.col.when')}</th>
              <th scope="col">{t('audit.col.who')}</th>
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
                <td>{e.actorUserId ? personText(e.actorUserId, users) : t('audit.nobody')}</td>
                <th scope="row">{actionText(e.action, t)}</th>
                <td>{e.subject ? personText(e.subject, users) : t('common.none')}</td>
                <td>{detailText(e, t, users, unitName)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      {events.length === limit && limit < MOST ? (
        <button
          type="button"
          className="button-secondary"
          disabled={loading}
          onClick={() => setLimit((n) => Math.min(MOST, n + FIRST))}
        >
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
