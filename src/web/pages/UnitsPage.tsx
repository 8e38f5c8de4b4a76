import { useMemo, useState } from 'react';
import { UNIT_KINDS, type UnitKind } from '../../domain/catalogue/types.js';
import { api } from '../api.js';
import { compareOptional, idAndNameProblems } from '../catalogueData.js';
import {
  DataTable,
  ErrorAlert,
  errorText,
  IdField,
  Loading,
  PageHeading,
  SelectField,
  SortHeader,
  StatusMessage,
  SubmitButton,
  TextField,
  useFormSubmit,
  useLoad,
  useSort,
} from '../components.js';
import { useLocale, useT } from '../i18n.js';
import { canEditCatalogue } from '../permissions.js';
import { Link } from '../router.js';
import { useSessionUser } from '../session.js';

type Column = 'name' | 'kind' | 'contacts';

/** Offices, companies and partners. */
export function UnitsPage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const { data, error, loading, reload } = useLoad(() => api.units(), []);
  const { sort, onSort } = useSort<Column>('name');
  const rows = useMemo(() => {
    const dir = sort.dir === 'ascending' ? 1 : -1;
    const units = [...(data?.units ?? [])];
    return units.sort((a, b) => {
      const va = sort.key === 'name' ? a.name : sort.key === 'kind' ? t(`unitKind.${a.kind}`) : a.contacts.length;
      const vb = sort.key === 'name' ? b.name : sort.key === 'kind' ? t(`unitKind.${b.kind}`) : b.contacts.length;
      return compareOptional(va, vb, dir, locale) || a.name.localeCompare(b.name, locale);
    });
  }, [data, sort, t, locale]);

  return (
    <>
      <PageHeading title={t('units.title')}>{t('units.title')}</PageHeading>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data && rows.length === 0 ? <p>{t('units.empty')}</p> : null}
      {rows.length ? (
        <DataTable caption={t('units.caption')}>
          <thead>
            <tr>
              <SortHeader column="name" label={t('units.col.name')} sort={sort} onSort={onSort} />
              <SortHeader column="kind" label={t('units.col.kind')} sort={sort} onSort={onSort} />
              <SortHeader column="contacts" label={t('units.col.contacts')} sort={sort} onSort={onSort} />
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <Link to={`/units/${encodeURIComponent(u.id)}`}>{u.name}</Link>
                  <span className="sub mono">{u.id}</span>
                </th>
                <td>{t(`unitKind.${u.kind}`)}</td>
                <td>
                  {u.contacts.length === 0 ? (
                    t('common.none')
                  ) : (
                    <ul className="plain-list">
                      {u.contacts.map((c) => (
                        <li key={`${c.name}-${c.phone ?? ''}-${c.email ?? ''}`}>
                          {c.name}
                          {c.phone ? (
                            <>
                              {', '}
                              <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      {canEditCatalogue(user.role) ? <AddUnit onAdded={reload} /> : null}
    </>
  );
}

const UNIT_FIELDS = ['id', 'name', 'kind'] as const;

function AddUnit({ onAdded }: { onAdded: () => void }) {
  const t = useT();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UnitKind>('office');
  const [added, setAdded] = useState<string | null>(null);
  const { errors, busy, handler } = useFormSubmit(UNIT_FIELDS);
  const submit = handler(
    () => {
      setAdded(null);
      return idAndNameProblems(id, name, t);
    },
    async () => {
      const { unit } = await api.createUnit({ id: id.trim(), name: name.trim(), kind, contacts: [] });
      setAdded(t('common.added', { name: unit.name }));
      setId('');
      setName('');
      onAdded();
      document.getElementById('unit-id')?.focus();
    },
  );
  return (
    <section aria-labelledby="add-unit-title" className="panel">
      <h2 id="add-unit-title">{t('units.add')}</h2>
      <StatusMessage message={added} />
      <form onSubmit={submit} noValidate className="form">
        <ErrorAlert message={errors.general} />
        <IdField id="unit-id" value={id} onChange={setId} error={errors.fields.id} />
        <TextField
          id="unit-name"
          label={t('units.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          required
        />
        <SelectField
          id="unit-kind"
          label={t('units.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as UnitKind)}
          error={errors.fields.kind}
        >
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`unitKind.${k}`)}
            </option>
          ))}
        </SelectField>
        <div className="button-row">
          <SubmitButton busy={busy}>{t('units.create')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
