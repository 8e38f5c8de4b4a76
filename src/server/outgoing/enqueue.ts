import type { Db } from '../../store/database.js';
import { enqueueOutgoing, type NewOutgoing } from '../../store/outgoing/outgoing.repository.js';
import type { AppDeps } from '../deps.js';

/**
 * Queues an e-mail, SMS or webhook call inside the caller's unit of work; the outgoing worker sends it after
 * commit, retries it with back-off and logs every attempt. Features never send anything themselves.
 */
export async function enqueue(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  message: Omit<NewOutgoing, 'id'>,
): Promise<boolean> {
  return enqueueOutgoing(trx, { ...message, id: deps.ids() }, deps.clock().toISOString());
}
