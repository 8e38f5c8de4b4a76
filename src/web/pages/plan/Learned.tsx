import { type T, useLocale, useT } from '../../i18n.js';
import { formatFactor } from './format.js';
import type { Learning } from './planApi.js';
import '../../plan.css';

// "Learned from 12 finished systems: the work runs 1.4× the estimates (90 % interval 1.2–1.7)".
function learnedText(learning: Learning, t: T, factor: (x: number) => string): string {
  const systems =
    learning.finished === 1 ? t('learned.systems.one') : t('learned.systems.many', { count: learning.finished });
  return t('learned.line', {
    systems,
    progress: learning.in_progress > 0 ? t('learned.inProgress', { count: learning.in_progress }) : '',
    factor: factor(learning.factor_p50),
    low: factor(learning.factor_p05),
    high: factor(learning.factor_p95),
  });
}

/** What the forecast learned from the recovery so far, as one line; nothing when it learned nothing. */
export function LearnedLine({ learning }: { learning: Learning | undefined }) {
  const t = useT();
  const { locale } = useLocale();
  if (!learning) return null;
  return (
    <p className="learned" data-testid="learned">
      {learnedText(learning, t, (x) => formatFactor(x, locale))}
    </p>
  );
}
