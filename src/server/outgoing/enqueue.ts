import { INTERNAL } from '../../domain/live/events.js';
import type { Db } from '../../store/database.js';
import { enqueueOutgoing, type NewOutgoing } from '../../store/outgoing/outgoing.repository.js';
import type { AppDeps } from '../deps.js';
import { emit } from '../tx.js';

/**
 * Queues an e-mail, SMS or webhook call inside the caller's unit of work; the outgoing worker sends it after
 * commit, retries it with back-off and logs every attempt. Features never send anything themselves.
 */
export async function enqueue(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  message: Omit<NewOutgoing, 'id'>,
): Promise<boolean> {
  const id = deps.ids();
  const now = deps.clock();
  const queued = await enqueueOutgoing(trx, { ...message, id }, now.toISOString());
  // After commit this wakes the worker on every server (the hub hears it), and refreshes the admin page.
  if (queued)
    await emit(trx, now, {
      type: 'outgoing.changed',
      audience: INTERNAL,
      data: { message_id: id, state: 'pending', attempts: 0 },
    });
  return queued;
}
