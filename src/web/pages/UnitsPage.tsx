import { useMemo } from 'react';
import { api } from '../api.js';
import { compareOptional } from '../catalogueData.js';
import { DataTable, ErrorAlert, errorText, Loading, PageHeading, SortHeader, useLoad, useSort } from '../components.js';
import { useLocale, useT } from '../i18n.js';
import { Link } from '../router.js';

type Column = 'name' | 'kind' | 'contacts';

/** Offices, companies and partners. */
export function UnitsPage() {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, loading } = useLoad(() => api.units(), []);
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
    </>
  );
}
