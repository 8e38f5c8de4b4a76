import { SYSTEM_STATUSES } from '../../domain/catalogue/types.js';
import { api } from '../api.js';
import { ErrorAlert, errorText, Loading, PageHeading, StatusBadge, useLoad } from '../components.js';
import { useT } from '../i18n.js';
import { canEditCatalogue, canReadAll } from '../permissions.js';
import { Link } from '../router.js';
import { useSessionUser } from '../session.js';
import { ActiveIncidentLine } from './incident/ActiveIncidentLine.js';
import { Headline } from './plan/Headline.js';
import { DeadlineSummary } from './tasks/DeadlineSummary.js';

/** The start page: systems by status and the ways into the catalogue. */
export function OverviewPage() {
  const t = useT();
  const user = useSessionUser();
  const { data, error, loading } = useLoad(() => api.systems(), []);
  const systems = data?.systems ?? [];
  const counts = SYSTEM_STATUSES.map((status) => ({
    status,
    count: systems.filter((s) => (s.status ?? 'down') === status).length,
  }));
  return (
    <>
      <PageHeading title={t('overview.title')}>{t('overview.title')}</PageHeading>
      {canReadAll(user.role) ? <ActiveIncidentLine /> : null}
      {/* The forecast opens the page for those who may read the plan; a reporter would only get a 403. */}
      {canReadAll(user.role) ? <Headline /> : null}
      <DeadlineSummary obligations={canReadAll(user.role)} />
      <p className="lead">{t('overview.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data && systems.length === 0 ? (
        <p className="notice">
          {t('overview.empty')} {canEditCatalogue(user.role) ? <Link to="/import">{t('nav.import')}</Link> : null}
        </p>
      ) : null}
      {systems.length ? (
        <section aria-labelledby="status-title">
          <h2 id="status-title">{t('overview.statusTitle')}</h2>
          <table className="data-table compact">
            <caption className="visually-hidden">{t('overview.statusCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('systems.col.status')}</th>
                <th scope="col" className="num">
                  {t('overview.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {counts.map(({ status, count }) => (
                <tr key={status}>
                  <th scope="row">
                    <StatusBadge status={status} />
                  </th>
                  <td className="num">{count}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('overview.total')}</th>
                <td className="num">{systems.length}</td>
              </tr>
            </tfoot>
          </table>
        </section>
      ) : null}
      <section aria-labelledby="links-title">
        <h2 id="links-title">{t('overview.links')}</h2>
        <ul className="card-list">
          <li>
            <Link to="/systems">{t('nav.systems')}</Link>
          </li>
          <li>
            <Link to="/units">{t('nav.units')}</Link>
          </li>
          <li>
            <Link to="/teams">{t('nav.teams')}</Link>
          </li>
          {canReadAll(user.role) ? (
            <li>
              <Link to="/import">{t('nav.import')}</Link>
            </li>
          ) : null}
        </ul>
      </section>
    </>
  );
}
