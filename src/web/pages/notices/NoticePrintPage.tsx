import { ErrorAlert, errorText, Loading, PageHeading, useLoad } from '../../components.js';
import { useT } from '../../i18n.js';
import { Link } from '../../router.js';
import { formatAt } from '../tasks/format.js';
import { type NoticePrintResponse, noticesApi } from './noticesApi.js';
import './notices.css';

/**
 * `/app/notices/:id/print`: a published update as one A4 page for libraries and receptions, in the
 * organisation's language, with a QR code to its public page.
 */
export function NoticePrintPage({ id }: { id: string }) {
  const t = useT();
  const { data, error, loading } = useLoad(() => noticesApi.print(id), [id]);
  return (
    <div className="upd-print-page">
      <p className="breadcrumb no-print">
        <Link to={`/notices/${encodeURIComponent(id)}`}>{t('notices.backToUpdate')}</Link>
      </p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <Sheet data={data} />
      ) : (
        <PageHeading title={t('notices.print.title')}>{t('notices.print.title')}</PageHeading>
      )}
    </div>
  );
}

function Sheet({ data }: { data: NoticePrintResponse }) {
  const t = useT();
  // The sheet is in the organisation's language whatever the UI shows; its dates too.
  const locale = data.lang === 'en' ? 'en' : 'sv';
  const at = (iso: string) => formatAt(iso, locale, data.time_zone);
  const quiet = 4;
  const view = data.qr.size + quiet * 2;
  return (
    <>
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t('notices.print.button')}
        </button>
      </p>
      <article className="upd-sheet" lang={data.lang}>
        <p className="upd-sheet-org">{data.organisation}</p>
        <PageHeading title={data.title}>{data.title}</PageHeading>
        <p className="upd-sheet-time">
          {t('notices.print.published', { at: at(data.published_at) })}
          {data.amended_at ? ` · ${t('notices.print.amended', { at: at(data.amended_at) })}` : ''}
        </p>
        <div className="upd-sheet-body">
          {data.paragraphs.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no id and never move.
            <p key={i}>{p}</p>
          ))}
        </div>
        {data.next_update_at ? (
          <p className="upd-sheet-next">
            <strong>{t('notices.print.next', { at: at(data.next_update_at) })}</strong>
          </p>
        ) : null}
        <div className="upd-sheet-qr">
          <svg
            viewBox={`0 0 ${view} ${view}`}
            role="img"
            aria-label={t('notices.print.qr', { url: data.public_url })}
            data-testid="qr"
            shapeRendering="crispEdges"
          >
            <rect width={view} height={view} fill="#fff" />
            <path d={data.qr.path} transform={`translate(${quiet} ${quiet})`} fill="#000" />
          </svg>
          <div>
            <p>{t('notices.print.scan')}</p>
            <p className="upd-sheet-url">{data.public_url}</p>
          </div>
        </div>
      </article>
    </>
  );
}
