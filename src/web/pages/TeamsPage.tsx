import { api } from '../api.js';
import { DataTable, ErrorAlert, errorText, Loading, PageHeading, useLoad } from '../components.js';
import { useLocale, useT } from '../i18n.js';

/** The recovery teams and their capacity. */
export function TeamsPage() {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, loading } = useLoad(
    () => Promise.all([api.teams(), api.systems().catch(() => ({ systems: [] }))]),
    [],
  );
  const teams = [...(data?.[0].teams ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale));
  const counts = new Map<string, number>();
  for (const s of data?.[1].systems ?? []) if (s.team) counts.set(s.team, (counts.get(s.team) ?? 0) + 1);
  return (
    <>
      <PageHeading title={t('teams.title')}>{t('teams.title')}</PageHeading>
      <p>{t('teams.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data && teams.length === 0 ? <p>{t('teams.empty')}</p> : null}
      {teams.length ? (
        <DataTable caption={t('teams.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('teams.col.name')}</th>
              <th scope="col">{t('teams.col.id')}</th>
              <th scope="col" className="num">
                {t('teams.col.capacity')}
              </th>
              <th scope="col" className="num">
                {t('teams.col.systems')}
              </th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.id}>
                <th scope="row">{team.name}</th>
                <td className="mono">{team.id}</td>
                <td className="num">{team.capacity}</td>
                <td className="num">{counts.get(team.id) ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
    </>
  );
}
