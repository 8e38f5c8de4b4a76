import { PageHeading } from '../components.js';
import { useT } from '../i18n.js';
import { Link } from '../router.js';

/** Any address under /app/ that is not a page. */
export function NotFoundPage() {
  const t = useT();
  return (
    <>
      <PageHeading title={t('notFound.title')}>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
