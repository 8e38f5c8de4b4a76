import type { PublishedNotice } from '../../domain/site/notice.js';
import type { Db } from '../../store/database.js';
import type { AppDeps } from '../deps.js';

/**
 * Queues a publication (or an amendment) for every active subscriber, inside the publishing unit of work:
 * an e-mail per resident with an unsubscribe link, a signed webhook call per partner. Never called for an
 * exercise (the caller checks `mayPublish`).
 */
export async function deliverPublication(
  _trx: Db,
  _deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>,
  _notice: PublishedNotice,
): Promise<void> {
  // Filled in by the subscriptions feature.
}
