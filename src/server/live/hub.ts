import type { PoolClient } from 'pg';
import type { PublishedEvent } from '../../domain/live/events.js';
import { type Db, pgPoolOf } from '../../store/database.js';
import { outboxBounds, pruneOutbox, readOutboxAfter } from '../../store/outbox/outbox.repository.js';
import type { Clock } from '../deps.js';
import { OUTBOX_CHANNEL } from '../tx.js';

/** How the hub and the event streams behave; tests shorten the times. */
export interface LiveOptions {
  /** How often the outbox is read anyway, catching writes made outside this server's units of work (CLI). */
  pollMs: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  heartbeatMs: number;
  /** How often a stream checks that its session or token still holds. */
  recheckMs: number;
  /** The `retry:` hint sent to browsers (how long to wait before reconnecting). */
  retryMs: number;
  /** Open streams one user may hold (tabs, devices). */
  maxStreamsPerUser: number;
  /** How long events are kept for resuming; older ones are pruned. */
  keepHours: number;
  /** How often old events are pruned. */
  pruneEveryMs: number;
  /** How long to wait before listening again when the PostgreSQL connection drops. */
  reconnectMs: number;
}

/** The defaults: a slow poll, a heartbeat every 20 s, a day of history. */
export const LIVE_DEFAULTS: LiveOptions = {
  pollMs: 1000,
  heartbeatMs: 20_000,
  recheckMs: 30_000,
  retryMs: 3000,
  maxStreamsPerUser: 10,
  keepHours: 24,
  pruneEveryMs: 600_000,
  reconnectMs: 1000,
};

/** Receives each batch of newly committed events, oldest first. */
export type LiveListener = (events: readonly PublishedEvent[]) => void;

/** Publishes committed outbox rows to this server's streams. */
export interface LiveHub {
  options: LiveOptions;
  /** Starts polling (and LISTENing on PostgreSQL); resolves once the starting point is known. */
  start(): Promise<void>;
  /** Stops polling and listening; streams are ended by their own onClose. */
  stop(): Promise<void>;
  /** Says that rows may have been committed: read them soon. */
  poke(): void;
  /** Reads new rows now; resolves when they have been handed out. */
  drain(): Promise<void>;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: LiveListener): () => void;
  /** Deletes events older than `keepHours`. */
  prune(): Promise<number>;
  /** Whether the hub is LISTENing on PostgreSQL (false on SQLite). */
  listening(): boolean;
}

const PAGE = 500;

/**
 * The hub: reads outbox rows after commit and fans them out to listeners in id order. Woken by
 * `poke()` (units of work on this server), by PostgreSQL NOTIFY (any server on the database), and by
 * a slow poll (anything else). One read runs at a time; a wake-up during a read makes it read again.
 */
export function createLiveHub(db: Db, clock: Clock, given: Partial<LiveOptions> = {}): LiveHub {
  const options = { ...LIVE_DEFAULTS, ...given };
  const listeners = new Set<LiveListener>();
  let cursor = 0;
  let reading: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let poll: NodeJS.Timeout | undefined;
  let pruner: NodeJS.Timeout | undefined;
  let reconnect: NodeJS.Timeout | undefined;
  let client: PoolClient | undefined;

  const readLoop = async () => {
    do {
      again = false;
      const events = await readOutboxAfter(db, cursor, PAGE);
      if (events.length === 0) break;
      cursor = Number(events[events.length - 1]?.id);
      for (const listener of [...listeners]) {
        try {
          listener(events);
        } catch {
          // One broken stream must not keep the others from their events.
        }
      }
      if (events.length === PAGE) again = true;
    } while (again && !stopped);
  };

  const drain = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (reading) {
      again = true;
      return reading;
    }
    reading = readLoop()
      .catch(() => {
        // The database is away for a moment: the next poll or wake-up reads again from the same cursor.
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  };

  const listen = async () => {
    const pool = pgPoolOf(db);
    if (!pool || stopped) return;
    try {
      const c = await pool.connect();
      if (stopped) {
        c.release();
        return;
      }
      const dropped = (error?: Error) => {
        if (client !== c) return;
        client = undefined;
        c.removeAllListeners('notification');
        c.release(error ?? true);
        if (!stopped) reconnect = setTimeout(listen, options.reconnectMs);
      };
      c.on('notification', () => void drain());
      c.on('error', (error) => dropped(error));
      c.on('end', () => dropped());
      await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      client = c;
      // Whatever was committed while nobody listened.
      void drain();
    } catch {
      if (!stopped) reconnect = setTimeout(listen, options.reconnectMs);
    }
  };

  return {
    options,
    async start() {
      if (!stopped) return;
      stopped = false;
      cursor = (await outboxBounds(db)).max ?? 0;
      poll = setInterval(() => void drain(), options.pollMs);
      poll.unref();
      pruner = setInterval(() => void this.prune().catch(() => undefined), options.pruneEveryMs);
      pruner.unref();
      await listen();
    },
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearInterval(pruner);
      clearTimeout(reconnect);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        try {
          await c.query(`UNLISTEN ${OUTBOX_CHANNEL}`);
          c.release();
        } catch (error) {
          c.release(error instanceof Error ? error : true);
        }
      }
      await reading;
      listeners.clear();
    },
    poke() {
      void drain();
    },
    drain,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async prune() {
      const before = new Date(clock().getTime() - options.keepHours * 3_600_000).toISOString();
      return pruneOutbox(db, before);
    },
    listening: () => client !== undefined,
  };
}
