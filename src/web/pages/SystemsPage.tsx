import { useMemo, useState } from 'react';
import { SYSTEM_KINDS, SYSTEM_STATUSES } from '../../domain/catalogue/types.js';
import { api, type SystemRow } from '../api.js';
import { compareOptional, useLookups } from '../catalogueData.js';
import {
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  SortHeader,
  StatusBadge,
  TextField,
  useLoad,
  useSort,
} from '../components.js';
import { useLocale, useT } from '../i18n.js';
import { useLiveReload } from '../live.js';
import { canEditCatalogue } from '../permissions.js';
import { Link } from '../router.js';
import { useSessionUser } from '../session.js';
import { gateLabel } from './SystemForm.js';
import '../systems.css';

type Column = 'name' | 'kind' | 'team' | 'owner' | 'status' | 'society' | 'organisation' | 'rto';

// GET /api/systems adds each system's gates left now (passed or waived ones are not in it).
type Row = SystemRow & { gates_left?: string[] };

/** The catalogue as a searchable, sortable, filterable list of systems. */
export function SystemsPage() {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, loading, reload } = useLoad(() => api.systems(), []);
  // Another user's edit, an import or a status change shows here without reloading the page.
  useLiveReload(['catalogue.changed', 'system.status', 'gate.changed'], reload);
  const { units, teams } = useLookups();
  const user = useSessionUser();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const { sort, onSort } = useSort<Column>('name');

  const systems: Row[] = data?.systems ?? [];
  const rows = useMemo(() => {
    const q = query.trim().toLocaleLowerCase(locale);
    const value = (s: Row, key: Column): string | number | undefined => {
      switch (key) {
        case 'name':
          return s.name;
        case 'kind':
          return t(`kind.${s.kind}`);
        case 'team':
          return s.team ? (teams.get(s.team)?.name ?? s.team) : undefined;
        case 'owner':
          return s.owner ? (units.get(s.owner)?.name ?? s.owner) : undefined;
        case 'status':
          return SYSTEM_STATUSES.indexOf(s.status ?? 'down');
        case 'society':
          return s.society;
        case 'organisation':
          return s.organisation;
        case 'rto':
          return s.rto_hours;
      }
    };
    const dir = sort.dir === 'ascending' ? 1 : -1;
    return systems
      .filter((s) => !kind || s.kind === kind)
      .filter((s) => !status || (s.status ?? 'down') === status)
      .filter(
        (s) => !q || [s.name, s.id, s.public_name ?? ''].some((field) => field.toLocaleLowerCase(locale).includes(q)),
      )
      .sort(
        (a, b) =>
          compareOptional(value(a, sort.key), value(b, sort.key), dir, locale) ||
          a.name.localeCompare(b.name, locale) ||
          a.id.localeCompare(b.id),
      );
  }, [systems, query, kind, status, sort, locale, t, teams, units]);

  const header = (key: Column, label: string) => <SortHeader column={key} label={label} sort={sort} onSort={onSort} />;

  return (
    <>
      <PageHeading title={t('systems.title')}>{t('systems.title')}</PageHeading>
      {canEditCatalogue(user.role) ? (
        <p className="page-actions">
          <Link to="/systems/new" className="button-link">
            {t('system.add')}
          </Link>
        </p>
      ) : null}
      <search aria-label={t('systems.filters')}>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <TextField
            id="systems-search"
            label={t('systems.search')}
            hint={t('systems.searchHint')}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <SelectField
            id="systems-kind"
            label={t('systems.kindFilter')}
            value={kind}
            onChange={(e) => setKind(e.target.value)}
          >
            <option value="">{t('systems.all')}</option>
            {SYSTEM_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="systems-status"
            label={t('systems.statusFilter')}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
          >
            <option value="">{t('systems.all')}</option>
            {SYSTEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </SelectField>
        </form>
      </search>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <p role="status" className="result-count">
            {t('systems.shown', { shown: rows.length, total: systems.length })}
          </p>
          <DataTable caption={t('systems.caption')} className="stack-on-phone systems-table">
            <thead>
              <tr>
                {header('name', t('systems.col.name'))}
                {header('kind', t('systems.col.kind'))}
                {header('team', t('systems.col.team'))}
                {header('owner', t('systems.col.owner'))}
                {header('status', t('systems.col.status'))}
                {header('society', t('systems.col.society'))}
                {header('organisation', t('systems.col.organisation'))}
                {header('rto', t('systems.col.rto'))}
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/systems/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                    <span className="sub mono">{s.id}</span>
                  </th>
                  <td data-label={t('systems.col.kind')}>{t(`kind.${s.kind}`)}</td>
                  <td data-label={t('systems.col.team')}>
                    {s.team ? (teams.get(s.team)?.name ?? s.team) : t('common.none')}
                  </td>
                  <td data-label={t('systems.col.owner')}>
                    {s.owner ? (
                      <Link to={`/units/${encodeURIComponent(s.owner)}`}>{units.get(s.owner)?.name ?? s.owner}</Link>
                    ) : (
                      t('common.none')
                    )}
                  </td>
                  <td data-label={t('systems.col.status')}>
                    <StatusBadge status={s.status} />
                    <GatesLeft left={s.gates_left ?? []} />
                  </td>
                  <td className="num" data-label={t('systems.col.society')}>
                    {s.society ?? t('common.none')}
                  </td>
                  <td className="num" data-label={t('systems.col.organisation')}>
                    {s.organisation ?? t('common.none')}
                  </td>
                  <td className="num" data-label={t('systems.col.rto')}>
                    {s.rto_hours ?? t('common.none')}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          {rows.length === 0 ? <p>{t('systems.empty')}</p> : null}
        </>
      ) : null}
    </>
  );
}

/**
 * A system's gates left, compact under its status: the count, with the names on hover and in text (read aloud,
 * and shown on a phone, where there is no hover). Nothing when none is left.
 */
function GatesLeft({ left }: { left: string[] }) {
  const t = useT();
  if (left.length === 0) return null;
  const names = left.map((g) => gateLabel(g, t)).join(', ');
  return (
    <span className="gates-left sub" title={t('systems.gatesLeftNames', { names })}>
      {t('systems.gatesLeft', { count: left.length })}
      <span className="gates-left-names">: {names}</span>
    </span>
  );
}
