import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { INTERNAL } from '../../domain/live/events.js';
import {
  type AttemptOutcome,
  claimDue,
  type QueuedMessage,
  recordAttempt,
  releaseClaim,
} from '../../store/outgoing/outgoing.repository.js';
import type { AppDeps } from '../deps.js';
import { emit, unitOfWork } from '../tx.js';
import { CHANNEL_NAMES, type Channels, createChannels, PermanentSendError } from './channels.js';

/** How the worker runs; tests drive `runOnce` and switch the timer off. */
export interface OutgoingOptions {
  /** Whether the app runs the worker on a timer (tests set false and call `runOnce`). */
  enabled: boolean;
  /** How often the queue is looked at even when nobody pokes. */
  intervalMs: number;
  /** Messages claimed at a time. */
  batch: number;
  /** How long a claim holds; after that another server may send the message (a crash loses nothing). */
  claimMs: number;
  /** The first retry's delay; each next one is four times longer, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A number in [0, 1) for the jitter (tests pass a fixed one). */
  random: () => number;
  /** This server's name in `claimed_by`. */
  workerId: string;
  /** Channels in place of those built from the configuration (tests). */
  channels?: Partial<Channels>;
  /** The fetch the SMS channel uses (tests). */
  fetch?: typeof fetch;
  /** Where failures are reported (never with a secret). */
  log?: { warn: (details: object, text: string) => void };
}

/** What one pass over the queue did. */
export interface RunResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/** The running worker. */
export interface OutgoingWorker {
  channels: Channels;
  options: OutgoingOptions;
  /** Claims due messages, sends them and records each attempt; `now` defaults to the app's clock. */
  runOnce(now?: Date): Promise<RunResult>;
  /** Says that something was queued: look soon. */
  poke(): void;
  start(): void;
  stop(): Promise<void>;
}

/** The delay before attempt `attempts + 1`, after `attempts` failures: 30 s, 2 min, 8 min … capped, ±20 % jitter. */
export function retryDelayMs(
  attempts: number,
  options: Pick<OutgoingOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const plain = Math.min(options.maxDelayMs, options.baseDelayMs * 4 ** Math.max(0, attempts - 1));
  const jittered = plain * (0.8 + 0.4 * options.random());
  return Math.round(Math.min(options.maxDelayMs, jittered));
}

/** The text kept in the queue instead of a sent invitation (its link must not stay readable). */
export const CLEARED_BODY = '(sent; the one-time link is not kept)';

// Whatever an error says, a password or a one-time link must not reach `last_error` or the logs.
/** The text of a send failure as it may be stored and logged: no secrets, no one-time links, not too long. */
export function safeError(error: unknown, secrets: readonly string[]): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && depth < 3; depth++) {
    if (e instanceof Error) {
      parts.push(e.name === 'TimeoutError' ? 'timed out' : e.message);
      e = (e as { cause?: unknown }).cause;
    } else {
      parts.push(String(e));
      e = undefined;
    }
  }
  let text = parts.filter((p) => p !== '').join(': ') || 'unknown error';
  for (const secret of secrets) if (secret.length >= 3) text = text.split(secret).join('***');
  text = text.replace(/(\w+:\/\/)[^/\s@]*@/g, '$1***@').replace(/#[A-Za-z0-9_-]{8,}/g, '#***');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function secretsOf(deps: Pick<AppDeps, 'config'>): string[] {
  const out: string[] = [];
  const smtp = deps.config.channels.smtp;
  if (smtp) {
    try {
      const u = new URL(smtp.url);
      if (u.password) out.push(u.password, decodeURIComponent(u.password));
    } catch {
      // config.ts refused an unreadable URL already.
    }
  }
  const sms = deps.config.channels.sms;
  if (sms?.password) out.push(sms.password);
  return out;
}

/** The default options: a look every 5 s, 20 at a time, claims that outlast a batch (of that size) of timeouts. */
export function outgoingDefaults(deps: Pick<AppDeps, 'config'>, batch = 20): OutgoingOptions {
  return {
    enabled: true,
    intervalMs: 5000,
    batch,
    claimMs: batch * deps.config.channels.timeoutMs + 60_000,
    baseDelayMs: 30_000,
    maxDelayMs: 3_600_000,
    random: Math.random,
    workerId: `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
  };
}

/**
 * The outgoing worker: claims due messages in a short transaction of their own, sends each through its
 * channel outside any transaction, then records the attempt and marks the message sent, or schedules a
 * retry with back-off, or gives up after `maxAttempts`. Runs on a timer and when poked; never in a request.
 */
export function createOutgoingWorker(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'ids' | 'live'>,
  given: Partial<OutgoingOptions> = {},
): OutgoingWorker {
  const options = { ...outgoingDefaults(deps, given.batch), ...given };
  const built = createChannels({ db: deps.db, config: deps.config, fetch: options.fetch, now: deps.clock });
  const channels: Channels = { ...built, ...options.channels };
  const secrets = secretsOf(deps);
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  const sendOne = async (message: QueuedMessage, now: Date, result: RunResult) => {
    const channel = channels[message.channel as keyof Channels];
    if (!channel?.configured) {
      await releaseClaim(deps.db, message.id, options.workerId);
      return;
    }
    const started = performance.now();
    let error: string | null = null;
    let permanent = false;
    try {
      await channel.send({
        id: message.id,
        purpose: message.purpose,
        recipient: message.recipient,
        subject: message.subject,
        body: message.body,
        meta: message.meta,
      });
    } catch (e) {
      error = safeError(e, secrets);
      permanent = e instanceof PermanentSendError;
    }
    const durationMs = performance.now() - started;
    const attempts = message.attempts + 1;
    const at = now.toISOString();
    const outcome: AttemptOutcome =
      error === null
        ? {
            attemptId: deps.ids(),
            at,
            ok: true,
            error: null,
            durationMs,
            state: 'sent',
            nextAttemptAt: message.nextAttemptAt,
            ...(message.purpose === 'invitation' ? { clearBody: CLEARED_BODY } : {}),
          }
        : permanent || attempts >= deps.config.channels.maxAttempts
          ? { attemptId: deps.ids(), at, ok: false, error, durationMs, state: 'failed', nextAttemptAt: at }
          : {
              attemptId: deps.ids(),
              at,
              ok: false,
              error,
              durationMs,
              state: 'pending',
              nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, options)).toISOString(),
            };
    if (error !== null)
      options.log?.warn(
        { message_id: message.id, channel: message.channel, attempts, state: outcome.state },
        `outgoing: ${error}`,
      );
    const recorded = await unitOfWork(deps, async (trx) => {
      if (!(await recordAttempt(trx, message.id, options.workerId, outcome))) return false;
      await emit(trx, now, {
        type: 'outgoing.changed',
        audience: INTERNAL,
        data: { message_id: message.id, state: outcome.state, attempts },
      });
      return true;
    });
    if (!recorded) return;
    if (outcome.state === 'sent') result.sent++;
    else if (outcome.state === 'failed') result.failed++;
    else result.retried++;
  };

  const runOnce = async (now: Date = deps.clock()): Promise<RunResult> => {
    const result: RunResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    const configured = CHANNEL_NAMES.filter((name) => channels[name]?.configured);
    const claimed = await unitOfWork({ db: deps.db }, (trx) =>
      claimDue(trx, {
        now: now.toISOString(),
        until: new Date(now.getTime() + options.claimMs).toISOString(),
        worker: options.workerId,
        channels: configured,
        limit: options.batch,
      }),
    );
    result.claimed = claimed.length;
    for (const message of claimed) await sendOne(message, now, result);
    return result;
  };

  const loop = async () => {
    do {
      again = false;
      try {
        const result = await runOnce();
        if (result.claimed === options.batch) again = true;
      } catch (e) {
        // The database is away for a moment: the next tick tries again; claims expire on their own.
        options.log?.warn({}, `outgoing: ${safeError(e, secrets)}`);
      }
    } while (again && !stopped);
  };

  const poke = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => {
      running = null;
    });
  };

  return {
    channels,
    options,
    runOnce,
    poke,
    start() {
      if (!stopped || !options.enabled) return;
      stopped = false;
      timer = setInterval(poke, options.intervalMs);
      timer.unref();
      // A message queued by a unit of work on any server announces itself (`attempts: 0`): send it now.
      unsubscribe = deps.live?.subscribe((events) => {
        if (events.some((e) => e.type === 'outgoing.changed' && e.data.attempts === 0)) poke();
      });
      poke();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      await running;
    },
  };
}
