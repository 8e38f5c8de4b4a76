import type { Db } from '../../store/database.js';
import { claimDue, enqueueOutgoing, findMessage, recordAttempt } from '../../store/outgoing/outgoing.repository.js';
import type { AppDeps } from '../deps.js';

const MINUTE = 60_000;

/**
 * A short history in the outgoing queue, so that the channels page shows something: a test e-mail that
 * went, an SMS reminder the gateway refused until it gave up, and an e-mail still waiting (the demo has no
 * channels configured, so it stays waiting).
 */
export async function seedDemoOutgoing(trx: Db, deps: Pick<AppDeps, 'clock' | 'ids'>): Promise<void> {
  const now = deps.clock().getTime();
  const iso = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE).toISOString();
  const sent = deps.ids();
  await enqueueOutgoing(
    trx,
    {
      id: sent,
      channel: 'email',
      purpose: 'test',
      recipient: 'beredskap@demo.sjovik.se',
      subject: 'Lifeboat: test',
      body: 'Det här är ett testmeddelande från Lifeboat.',
    },
    iso(180),
  );
  await settle(trx, deps, sent, [null]);
  const failed = deps.ids();
  await enqueueOutgoing(
    trx,
    {
      id: failed,
      channel: 'sms',
      purpose: 'reminder',
      recipient: '+46701234567',
      body: 'Lifeboat: lägesrapporten ska vara inne kl. 10.00.',
    },
    iso(95),
  );
  const refused = 'the SMS gateway https://api.46elks.com/a1/sms answered 401';
  await settle(trx, deps, failed, [refused, refused]);
  await enqueueOutgoing(
    trx,
    {
      id: deps.ids(),
      channel: 'email',
      purpose: 'reminder',
      recipient: 'rektor@demo.sjovik.se',
      subject: 'Lägesrapport senast 14.00',
      body: 'Lifeboat: lägesrapporten ska vara inne kl. 14.00.',
    },
    iso(5),
  );
}

// Plays the attempts through the same claim and record as the worker, one minute apart.
async function settle(trx: Db, deps: Pick<AppDeps, 'ids'>, id: string, errors: (string | null)[]): Promise<void> {
  for (const [i, error] of errors.entries()) {
    const at = (await findMessage(trx, id))?.nextAttemptAt;
    if (at === undefined) throw new Error(`demo message ${id} is gone`);
    // The demo's queue holds nothing else due yet: the claim takes this message.
    await claimDue(trx, { now: at, until: at, worker: 'demo', channels: ['email', 'sms'], limit: 1 });
    const last = i === errors.length - 1;
    await recordAttempt(trx, id, 'demo', {
      attemptId: deps.ids(),
      at,
      ok: error === null,
      error,
      durationMs: 120,
      state: error === null ? 'sent' : last ? 'failed' : 'pending',
      nextAttemptAt: new Date(Date.parse(at) + MINUTE).toISOString(),
    });
  }
}
