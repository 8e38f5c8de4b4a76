import { useState } from 'react';
import { NEED_CATEGORIES, NEED_STATUSES, NEED_URGENCIES, type NeedStatus } from '../../../domain/situation/needs.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  SubmitButton,
  TextAreaField,
  TextField,
  useActions,
  useFormSubmit,
  useLoad,
} from '../../components.js';
import { type T, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { BASE } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { type NeedFilter, type NeedListResponse, needsApi } from './needsApi.js';
import { NeedCard } from './parts.js';
import './needs.css';

const FILTER_KEYS = ['status', 'unit', 'urgency', 'category', 'owner'] as const;

function filterFromUrl(): NeedFilter {
  const params = new URLSearchParams(window.location.search);
  const filter: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter as NeedFilter;
}

// The filters live in the address, so that a board can be shared, reloaded and printed as it is seen.
function filterToUrl(filter: NeedFilter): void {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filter[key]) params.set(key, String(filter[key]));
  const query = params.toString();
  window.history.replaceState(null, '', `${BASE}/needs${query ? `?${query}` : ''}`);
}

/**
 * `/app/needs`: the triage board. Staff and the other internal readers see the needs in columns by status
 * (stacked on a phone, where the status filter picks one), the most urgent and oldest first; staff act on a
 * card without leaving the board. A unit's reporter sees its own needs as a list. Both may raise a need.
 */
export function NeedsPage() {
  const t = useT();
  const user = useSessionUser();
  const reporter = user.role === 'reporter';
  const [filter, setFilter] = useState<NeedFilter>(reporter ? {} : filterFromUrl);
  const { data, error, loading, reload } = useLoad(
    () => needsApi.list(filter),
    FILTER_KEYS.map((k) => filter[k]),
  );
  useLiveReload(['need.changed'], reload);
  const actions = useActions(reload);
  const mayRaise = user.role === 'admin' || user.role === 'staff' || reporter;
  const change = (next: NeedFilter) => {
    filterToUrl(next);
    setFilter(next);
  };
  return (
    <>
      <PageHeading title={t('needs.title')}>{t('needs.title')}</PageHeading>
      <p className="lead">{reporter ? t('needs.introReporter') : t('needs.intro')}</p>
      {data && !data.incident ? <p className="notice">{t('needs.noIncident')}</p> : null}
      {mayRaise && data?.incident ? (
        <p className="no-print">
          <a href="#new-need-title">{t('needs.toNew')}</a>
        </p>
      ) : null}
      {!reporter ? <Filters filter={filter} data={data} onChange={change} /> : null}
      <ErrorAlert message={error ? errorText(error, t) : null} />
      <StatusMessage message={actions.message} />
      <ErrorAlert message={actions.actionError} />
      {loading && !data ? <Loading /> : null}
      {data && reporter ? <ReporterList data={data} /> : null}
      {data && !reporter ? <Board data={data} status={filter.status} act={actions.act} /> : null}
      {mayRaise && data?.incident ? <NewNeedForm data={data} onCreated={reload} /> : null}
    </>
  );
}

// A select of needs' choices with an empty first option: "all" on a filter (which clears it), "choose" on the form.
function ChoiceSelect({
  id,
  label,
  value,
  empty,
  options,
  onChange,
  error,
  required,
}: {
  id: string;
  label: string;
  value: string | undefined;
  empty: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string;
  required?: boolean;
}) {
  return (
    <SelectField
      id={id}
      label={label}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      required={required}
    >
      <option value="">{empty}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </SelectField>
  );
}

// The urgencies, most urgent first, and the categories, as a select's options.
const urgencyOptions = (t: T) =>
  [...NEED_URGENCIES].reverse().map((u) => ({ value: u, label: t(`needs.urgency.${u}`) }));
const categoryOptions = (t: T) => NEED_CATEGORIES.map((c) => ({ value: c, label: t(`needs.category.${c}`) }));

function Filters({
  filter,
  data,
  onChange,
}: {
  filter: NeedFilter;
  data: NeedListResponse | null;
  onChange: (next: NeedFilter) => void;
}) {
  const t = useT();
  const set = (key: (typeof FILTER_KEYS)[number], value: string) => onChange({ ...filter, [key]: value || undefined });
  const any = FILTER_KEYS.some((k) => filter[k]);
  const more = FILTER_KEYS.some((k) => k !== 'status' && filter[k]);
  return (
    <form
      className="board-filters need-filters no-print"
      aria-label={t('needs.filters')}
      onSubmit={(e) => e.preventDefault()}
    >
      <ChoiceSelect
        id="need-filter-status"
        label={t('needs.filter.status')}
        value={filter.status}
        empty={t('needs.filter.all')}
        onChange={(v) => set('status', v)}
        options={NEED_STATUSES.map((s) => ({
          value: s,
          label: `${t(`needs.status.${s}`)}${data ? ` (${data.counts[s]})` : ''}`,
        }))}
      />
      <details className="need-more-filters" open={more}>
        <summary>{t('needs.moreFilters')}</summary>
        <div className="need-filter-row">
          <ChoiceSelect
            id="need-filter-urgency"
            label={t('needs.filter.urgency')}
            value={filter.urgency}
            empty={t('needs.filter.all')}
            onChange={(v) => set('urgency', v)}
            options={urgencyOptions(t)}
          />
          <ChoiceSelect
            id="need-filter-unit"
            label={t('needs.filter.unit')}
            value={filter.unit}
            empty={t('needs.filter.all')}
            onChange={(v) => set('unit', v)}
            options={(data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
          <ChoiceSelect
            id="need-filter-category"
            label={t('needs.filter.category')}
            value={filter.category}
            empty={t('needs.filter.all')}
            onChange={(v) => set('category', v)}
            options={categoryOptions(t)}
          />
          <ChoiceSelect
            id="need-filter-owner"
            label={t('needs.filter.owner')}
            value={filter.owner}
            empty={t('needs.filter.all')}
            onChange={(v) => set('owner', v)}
            options={[
              { value: 'none', label: t('needs.filter.noOwner') },
              ...(data?.owners ?? []).map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
        </div>
      </details>
      {any ? (
        <button type="button" className="button-secondary" onClick={() => onChange({})}>
          {t('needs.filter.clear')}
        </button>
      ) : null}
    </form>
  );
}

function Board({
  data,
  status,
  act,
}: {
  data: NeedListResponse;
  status: NeedStatus | undefined;
  act: (fn: () => Promise<unknown>, done: string | null) => Promise<void>;
}) {
  const t = useT();
  const columns = status ? [status] : NEED_STATUSES;
  const total = NEED_STATUSES.reduce((n, s) => n + data.counts[s], 0);
  const triage = data.may_triage ? { owners: data.owners, act } : null;
  return (
    <>
      <section aria-labelledby="need-counts-title" className="board-counts">
        <h2 id="need-counts-title" className="visually-hidden">
          {t('needs.counts')}
        </h2>
        <ul>
          {NEED_STATUSES.map((s) => (
            <li key={s}>
              <a href={`#need-col-${s}`}>
                <span className="count">{data.counts[s]}</span> {t(`needs.status.${s}`)}
              </a>
            </li>
          ))}
        </ul>
        <p>{t('needs.total', { count: total })}</p>
      </section>
      <div className={status ? 'need-columns need-columns-one' : 'need-columns'}>
        {columns.map((s) => {
          const cards = data.needs.filter((n) => n.status === s);
          return (
            <section key={s} aria-labelledby={`need-col-${s}`} className={`board-column need-column need-column-${s}`}>
              <h2 id={`need-col-${s}`} tabIndex={-1}>
                {t(`needs.status.${s}`)} <span className="count">({data.counts[s]})</span>
              </h2>
              {cards.length === 0 ? <p className="hint">{t('needs.column.empty')}</p> : null}
              <ul className="need-cards">
                {cards.map((need) => (
                  <NeedCard
                    key={need.id}
                    need={need}
                    now={data.now}
                    timeZone={data.time_zone}
                    showStatus={false}
                    triage={triage}
                  />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </>
  );
}

function ReporterList({ data }: { data: NeedListResponse }) {
  const t = useT();
  if (data.needs.length === 0) return <p>{t('needs.empty')}</p>;
  return (
    <ul className="need-cards need-list" aria-label={t('needs.listLabel')}>
      {data.needs.map((need) => (
        <NeedCard key={need.id} need={need} now={data.now} timeZone={data.time_zone} showStatus triage={null} />
      ))}
    </ul>
  );
}

function NewNeedForm({ data, onCreated }: { data: NeedListResponse; onCreated: () => void }) {
  const t = useT();
  const only = data.units.length === 1 ? (data.units[0]?.id ?? '') : '';
  const [unit, setUnit] = useState(only);
  const [title, setTitle] = useState('');
  const [detail, setDetail] = useState('');
  const [category, setCategory] = useState('');
  const [urgency, setUrgency] = useState('');
  const [systems, setSystems] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(['unit_id', 'title', 'detail', 'category', 'urgency', 'system_ids']);
  const submit = handler(
    () => ({
      unit_id: unit ? undefined : t('needs.required'),
      title: title.trim() ? undefined : t('needs.required'),
      category: category ? undefined : t('needs.required'),
      urgency: urgency ? undefined : t('needs.required'),
    }),
    async () => {
      const created = await needsApi.raise({
        unit_id: unit,
        title: title.trim(),
        detail: detail.trim(),
        category: category as NeedListResponse['needs'][number]['category'],
        urgency: urgency as NeedListResponse['needs'][number]['urgency'],
        system_ids: systems,
      });
      setTitle('');
      setDetail('');
      setCategory('');
      setUrgency('');
      setSystems([]);
      setDone(t('needs.created', { title: created.need.title }));
      onCreated();
    },
  );
  const toggle = (id: string, on: boolean) => setSystems((list) => (on ? [...list, id] : list.filter((s) => s !== id)));
  return (
    <section aria-labelledby="new-need-title" className="need-new no-print">
      <h2 id="new-need-title">{t('needs.new')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorAlert message={errors.general} />
        <StatusMessage message={done} />
        <SelectField
          id="need-unit"
          label={t('needs.field.unit')}
          value={unit}
          onChange={(e) => setUnit(e.target.value)}
          error={errors.fields.unit_id}
          required
        >
          {only ? null : <option value="">{t('needs.field.choose')}</option>}
          {data.units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <TextField
          id="need-title"
          label={t('needs.field.title')}
          hint={t('needs.field.titleHint')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.fields.title}
          maxLength={200}
          required
        />
        <TextAreaField
          id="need-detail"
          label={t('needs.field.detail')}
          value={detail}
          onChange={(e) => setDetail(e.target.value)}
          error={errors.fields.detail}
          maxLength={4000}
        />
        <ChoiceSelect
          id="need-category"
          label={t('needs.field.category')}
          value={category}
          empty={t('needs.field.choose')}
          options={categoryOptions(t)}
          onChange={setCategory}
          error={errors.fields.category}
          required
        />
        <ChoiceSelect
          id="need-urgency"
          label={t('needs.field.urgency')}
          value={urgency}
          empty={t('needs.field.choose')}
          options={urgencyOptions(t)}
          onChange={setUrgency}
          error={errors.fields.urgency}
          required
        />
        {data.systems.length ? (
          <fieldset className={errors.fields.system_ids ? 'field field-invalid' : 'field'}>
            <legend>{t('needs.field.systems')}</legend>
            {errors.fields.system_ids ? <p className="field-error">{errors.fields.system_ids}</p> : null}
            <div className="need-systems">
              {data.systems.map((s) => (
                <label key={s.id} className="need-system">
                  <input
                    type="checkbox"
                    checked={systems.includes(s.id)}
                    onChange={(e) => toggle(s.id, e.target.checked)}
                  />
                  {s.name}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <SubmitButton busy={busy}>{t('needs.create')}</SubmitButton>
      </form>
    </section>
  );
}
