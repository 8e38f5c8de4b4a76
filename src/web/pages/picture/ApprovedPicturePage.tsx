import { ErrorAlert, errorText, Loading, PageHeading, useLoad } from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { Link } from '../../router.js';
import { formatAt } from '../tasks/format.js';
import { PictureBody } from './PictureBody.js';
import { pictureApi } from './pictureApi.js';
import './picture.css';

/**
 * `/app/pictures/:id`: one approved picture as it was approved, made to print on one or two A4 pages: the
 * summary first, the decision log's head hash and who approved it when in the footer.
 */
export function ApprovedPicturePage({ id }: { id: string }) {
  const t = useT();
  const { locale } = useLocale();
  const { data, error, loading } = useLoad(() => pictureApi.one(id), [id]);
  const p = data?.picture;
  const at = (iso: string) => formatAt(iso, locale, p?.time_zone ?? 'Europe/Stockholm');
  const title = p ? t('picture.approvedTitle', { version: p.version }) : t('picture.title');
  const head = p?.decision_head ? t('picture.head', { hash: p.decision_head }) : t('picture.headNone');
  return (
    <article className="picture-approved">
      <PageHeading title={title}>
        {title}
        {p?.exercise ? <span className="picture-tag picture-tag-exercise">{t('picture.exercise')}</span> : null}
      </PageHeading>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {p ? (
        <>
          <p className="picture-meta">
            {t('picture.incident', { title: p.incident_title })} ·{' '}
            {t('picture.approvedMeta', { at: at(p.approved_at), by: p.approved_by_label })}
          </p>
          <p className="picture-actions no-print">
            <a href={pictureApi.exportHref(p.id)} download>
              {t('picture.export')}
            </a>{' '}
            <button type="button" className="button-secondary" onClick={() => window.print()}>
              {t('picture.print')}
            </button>{' '}
            <Link to="/picture">{t('picture.back')}</Link>
          </p>
          <section className="picture-summary" aria-labelledby="picture-summary-title">
            <h2 id="picture-summary-title">{t('picture.summary')}</h2>
            <p>{p.summary}</p>
          </section>
          <PictureBody picture={p.content} timeZone={p.time_zone} />
          <footer className="picture-footer">
            <p>{t('picture.footer', { at: at(p.approved_at), by: p.approved_by_label, head })}</p>
          </footer>
        </>
      ) : null}
    </article>
  );
}
