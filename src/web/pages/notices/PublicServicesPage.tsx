import { may } from '../../../domain/access.js';
import {
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  StatusBadge,
  StatusMessage,
  TableScroll,
  useActions,
  useLoad,
} from '../../components.js';
import { useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { noticesApi } from './noticesApi.js';
import './notices.css';

/** `/app/public-services`: the public services, their status in words, and whether their expected return is shown. */
export function PublicServicesPage() {
  const t = useT();
  const user = useSessionUser();
  const { data, error, loading, reload } = useLoad(() => noticesApi.services(), []);
  useLiveReload(['site.changed', 'system.status', 'catalogue.changed'], reload);
  const { message, actionError, act } = useActions(reload);
  const writer = may(user.role, 'notice.write');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/notices">{t('notices.back')}</Link>
      </p>
      <PageHeading title={t('services.title')}>{t('services.title')}</PageHeading>
      <p className="lead">{t('services.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      <StatusMessage message={message} />
      <ErrorAlert message={actionError} />
      {loading && !data ? <Loading /> : null}
      {data && data.services.length === 0 ? <p>{t('services.empty')}</p> : null}
      {data && data.services.length > 0 ? (
        <TableScroll label={t('services.title')}>
          <table className="data-table services-table">
            <thead>
              <tr>
                <th scope="col">{t('services.col.service')}</th>
                <th scope="col">{t('services.col.status')}</th>
                <th scope="col">{t('services.col.forecast')}</th>
              </tr>
            </thead>
            <tbody>
              {data.services.map((s) => (
                <tr key={s.system_id}>
                  <th scope="row">{s.public_name}</th>
                  <td data-label={t('services.col.status')}>
                    <StatusBadge status={s.status} />
                  </td>
                  <td data-label={t('services.col.forecast')}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={s.forecast_shown}
                        disabled={!writer}
                        onChange={(e) =>
                          act(
                            () => noticesApi.setForecast(s.system_id, e.target.checked),
                            t(e.target.checked ? 'services.shown' : 'services.hidden', { name: s.public_name }),
                          )
                        }
                      />{' '}
                      {t('services.showShort')}
                      <span className="visually-hidden"> {t('services.show', { name: s.public_name })}</span>
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
    </>
  );
}
