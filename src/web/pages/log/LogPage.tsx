import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { may } from '../../../domain/access.js';
import type { Unit } from '../../../domain/catalogue/types.js';
import { zoneFormatter } from '../../../domain/time.js';
import { api, type SystemRow } from '../../api.js';
import {
  DataTable,
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
import { formatTime, TIME_ZONE, useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { type LogFilters, logApi, type LogPage as Page } from './logApi.js';
import { KNOWN_KINDS, kindName, renderEntry } from './render.js';
import '../../log.css';

const PAGE = 50;
const FILTER_KEYS = ['kind', 'system', 'unit', 'author', 'from', 'to', 'q'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
/** The filters as the form holds them: times as wall-clock text of the organisation's zone. */
type Filters = Record<FilterKey, string>;
const NO_FILTERS: Filters = { kind: '', system: '', unit: '', author: '', from: '', to: '', q: '' };

// The filters live in the address, so that a filtered log can be bookmarked, shared and reloaded.
function filtersFromUrl(): Filters {
  const params = new URLSearchParams(window.location.search);
  const filters = { ...NO_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = params.get(key) ?? '';
  return filters;
}

function writeUrl(filters: Filters): void {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key].trim()) params.set(key, filters[key].trim());
  const query = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
}

// A datetime-local value (wall-clock time in the organisation's zone) as an instant the API compares with.
function instantOf(wallClock: string): string | undefined {
  if (!wallClock) return undefined;
  const wall = Date.parse(`${wallClock}Z`);
  if (Number.isNaN(wall)) return undefined;
  return new Date(zoneFormatter(TIME_ZONE).fromWallClock(wall)).toISOString();
}

function apiFilters(filters: Filters): LogFilters {
  return {
    kind: filters.kind || undefined,
    system: filters.system || undefined,
    unit: filters.unit || undefined,
    author: filters.author.trim() || undefined,
    from: instantOf(filters.from),
    to: instantOf(filters.to),
    q: filters.q.trim() || undefined,
  };
}

/** The event log, händelseloggen, /app/log: a manual entry at the top, filters, the entries newest first. */
export function LogPage() {
  const t = useT();
  const me = useSessionUser();
  if (!may(me.role, 'internal.read')) {
    return (
      <>
        <PageHeading title={t('log.title')}>{t('log.title')}</PageHeading>
        <p className="notice">{t('error.forbidden')}</p>
      </>
    );
  }
  return <EventLog canAdd={may(me.role, 'event.add')} />;
}

function EventLog({ canAdd }: { canAdd: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const [draft, setDraft] = useState<Filters>(filtersFromUrl);
  const [applied, setApplied] = useState<Filters>(filtersFromUrl);
  const [more, setMore] = useState<Page | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const query = useMemo(() => apiFilters(applied), [applied]);
  const { data, error, loading, reload } = useLoad(() => logApi.list(query, { limit: PAGE }), [query]);
  const refs = useLoad(
    () =>
      Promise.all([
        api.systems().then(
          (r) => r.systems,
          () => [] as SystemRow[],
        ),
        api.units().then(
          (r) => r.units,
          () => [] as Unit[],
        ),
      ]),
    [],
  );
  const [systems, units] = refs.data ?? [[], []];
  // A new entry anywhere reloads the first page; pages shown by "show more" would then overlap it.
  const refresh = useCallback(() => {
    setMore(null);
    reload();
  }, [reload]);
  useLiveReload(['event.added'], refresh);

  const entries = [...(data?.entries ?? []), ...(more?.entries ?? [])];
  const nextCursor = more ? more.next_cursor : (data?.next_cursor ?? null);
  const apply = (filters: Filters) => {
    writeUrl(filters);
    setMore(null);
    setMoreError(null);
    setApplied(filters);
  };
  const loadMore = async () => {
    if (!nextCursor) return;
    setBusy(true);
    try {
      const page = await logApi.list(query, { limit: PAGE, cursor: nextCursor });
      setMore((m) => ({ ...page, entries: [...(m?.entries ?? []), ...page.entries] }));
      setMoreError(null);
    } catch (e) {
      setMoreError(e);
    } finally {
      setBusy(false);
    }
  };
  const set = (key: FilterKey) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const ctx = { t, time: (iso: string) => formatTime(iso, locale) };
  const systemName = (id: string) => systems.find((s) => s.id === id)?.name ?? id;
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;
  const summary = FILTER_KEYS.filter((k) => applied[k].trim())
    .map((k) => {
      const value = applied[k].trim();
      const shown =
        k === 'kind'
          ? kindName(value, ctx)
          : k === 'system'
            ? systemName(value)
            : k === 'unit'
              ? unitName(value)
              : k === 'from' || k === 'to'
                ? formatTime(instantOf(value), locale) || value
                : value;
      return `${t(`log.filter.${k}`)}: ${shown}`;
    })
    .join('; ');
  const incident = data?.incident;

  return (
    <div className="event-log">
      <PageHeading title={t('log.title')}>{t('log.title')}</PageHeading>
      <p className="lead">{t('log.intro')}</p>
      {incident ? (
        <p className="log-incident">
          {t('log.incident', { title: incident.title })}
          {incident.exercise ? <span className="log-exercise">{t('log.exercise')}</span> : null}
        </p>
      ) : null}
      <p className="log-filter-summary">{t('log.filter.summary', { filters: summary || t('log.filter.none') })}</p>
      {canAdd ? <ManualEntryForm systems={systems} units={units} onAdded={refresh} /> : null}

      <form
        className="filters log-filters no-print"
        aria-label={t('log.filters')}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <TextField
          id="log-q"
          type="search"
          label={t('log.filter.q')}
          hint={t('log.filter.qHint')}
          value={draft.q}
          onChange={set('q')}
        />
        <SelectField id="log-kind" label={t('log.filter.kind')} value={draft.kind} onChange={set('kind')}>
          <option value="">{t('log.filter.anyKind')}</option>
          {KNOWN_KINDS.map((k) => (
            <option key={k} value={k}>
              {kindName(k, ctx)}
            </option>
          ))}
        </SelectField>
        <SelectField id="log-system" label={t('log.filter.system')} value={draft.system} onChange={set('system')}>
          <option value="">{t('log.filter.any')}</option>
          {systems.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="log-unit" label={t('log.filter.unit')} value={draft.unit} onChange={set('unit')}>
          <option value="">{t('log.filter.any')}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <TextField
          id="log-author"
          label={t('log.filter.author')}
          hint={t('log.filter.authorHint')}
          value={draft.author}
          onChange={set('author')}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          id="log-from"
          type="datetime-local"
          label={t('log.filter.from')}
          value={draft.from}
          onChange={set('from')}
        />
        <TextField id="log-to" type="datetime-local" label={t('log.filter.to')} value={draft.to} onChange={set('to')} />
        <div className="actions">
          <button type="submit" className="button">
            {t('log.filter.apply')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setDraft(NO_FILTERS);
              apply(NO_FILTERS);
            }}
          >
            {t('log.filter.clear')}
          </button>
        </div>
      </form>

      <p className="log-tools no-print">
        <span>{t('log.export')}:</span> <a href={logApi.exportHref('csv', query)}>{t('log.export.csv')}</a>{' '}
        <a href={logApi.exportHref('json', query)}>{t('log.export.json')}</a>{' '}
        <button type="button" className="button-secondary" onClick={() => window.print()}>
          {t('log.print')}
        </button>
      </p>

      <ErrorAlert message={error ? errorText(error, t) : moreError ? errorText(moreError, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? <StatusMessage message={t('log.shown', { count: entries.length })} /> : null}
      {data && !entries.length ? <p>{t('log.empty')}</p> : null}
      {entries.length ? (
        <DataTable caption={t('log.caption')} className="stack-on-phone log-table">
          <thead>
            <tr>
              <th scope="col">{t('log.col.when')}</th>
              <th scope="col">{t('log.col.kind')}</th>
              <th scope="col">{t('log.col.what')}</th>
              <th scope="col">{t('log.col.about')}</th>
              <th scope="col">{t('log.col.who')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className={`log-kind-${e.kind}`}>
                <td data-label={t('log.col.when')}>
                  <time dateTime={e.at}>{formatTime(e.at, locale)}</time>
                </td>
                <td data-label={t('log.col.kind')}>{kindName(e.kind, ctx)}</td>
                <th scope="row" className="log-text">
                  {renderEntry(e, ctx)}
                </th>
                <td data-label={t('log.col.about')}>
                  {e.system ? <Link to={`/systems/${encodeURIComponent(e.system.id)}`}>{e.system.name}</Link> : null}
                  {e.system && e.unit ? ', ' : null}
                  {e.unit ? <Link to={`/units/${encodeURIComponent(e.unit.id)}`}>{e.unit.name}</Link> : null}
                  {!e.system && !e.unit ? t('common.none') : null}
                </td>
                <td data-label={t('log.col.who')}>{e.author}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      {nextCursor ? (
        <button type="button" className="button-secondary no-print" disabled={busy || loading} onClick={loadMore}>
          {t('log.more')}
        </button>
      ) : null}
    </div>
  );
}

const ENTRY_FIELDS = ['text', 'at', 'system_id', 'unit_id'] as const;

/** The form for a manual entry; what is typed survives a refresh of the list (it lives here, not in the list). */
function ManualEntryForm({ systems, units, onAdded }: { systems: SystemRow[]; units: Unit[]; onAdded: () => void }) {
  const t = useT();
  const [text, setText] = useState('');
  const [at, setAt] = useState('');
  const [systemId, setSystemId] = useState('');
  const [unitId, setUnitId] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, clear, busy, handler } = useFormSubmit(ENTRY_FIELDS);
  const onSubmit = handler(
    () => (text.trim() ? {} : { text: t('common.required', { field: t('log.add.text') }) }),
    async () => {
      clear();
      await logApi.add({
        text: text.trim(),
        at: instantOf(at),
        system_id: systemId || undefined,
        unit_id: unitId || undefined,
      });
      setText('');
      setAt('');
      setSystemId('');
      setUnitId('');
      setSaved(t('log.add.saved'));
      onAdded();
    },
  );
  return (
    <form className="log-add no-print" aria-labelledby="log-add-title" onSubmit={onSubmit} noValidate>
      <h2 id="log-add-title">{t('log.add.title')}</h2>
      <ErrorAlert message={errors.general} />
      <div className={errors.fields.text ? 'field field-invalid' : 'field'}>
        <label htmlFor="log-add-text">{t('log.add.text')}</label>
        <p className="hint" id="log-add-text-hint">
          {t('log.add.textHint')}
        </p>
        {errors.fields.text ? (
          <p className="field-error" id="log-add-text-error">
            {errors.fields.text}
          </p>
        ) : null}
        <textarea
          id="log-add-text"
          rows={3}
          maxLength={4000}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setSaved(null);
          }}
          aria-describedby={errors.fields.text ? 'log-add-text-hint log-add-text-error' : 'log-add-text-hint'}
          aria-invalid={errors.fields.text ? true : undefined}
          required
        />
      </div>
      <div className="log-add-row">
        <TextField
          id="log-add-at"
          type="datetime-local"
          label={t('log.add.at')}
          hint={t('log.add.atHint')}
          error={errors.fields.at}
          value={at}
          onChange={(e) => setAt(e.target.value)}
        />
        <SelectField
          id="log-add-system"
          label={t('log.add.system')}
          error={errors.fields.system_id}
          value={systemId}
          onChange={(e) => setSystemId(e.target.value)}
        >
          <option value="">{t('log.add.none')}</option>
          {systems.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="log-add-unit"
          label={t('log.add.unit')}
          error={errors.fields.unit_id}
          value={unitId}
          onChange={(e) => setUnitId(e.target.value)}
        >
          <option value="">{t('log.add.none')}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      </div>
      <SubmitButton busy={busy}>{t('log.add.submit')}</SubmitButton>
      <StatusMessage message={saved} />
    </form>
  );
}
