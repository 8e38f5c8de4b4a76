import { Type } from '@sinclair/typebox';
import { mayReceive, type Reader } from '../../domain/access.js';
import { LifeboatError } from '../../domain/errors.js';
import type { PublishedEvent } from '../../domain/live/events.js';
import { ROLES } from '../../domain/roles.js';
import { findApiTokenByHash, findSessionByHash } from '../../store/auth/auth.repository.js';
import { outboxBounds, readOutboxAfter } from '../../store/outbox/outbox.repository.js';
import type { App } from '../app.js';
import { SESSION_COOKIE } from '../auth/auth.plugin.js';
import { callerOf, requireRole } from '../auth/guard.js';
import { sha256 } from '../auth/secrets.js';
import type { AppDeps } from '../deps.js';
import type { LiveHub } from './hub.js';

/** `?last_event_id=`: for clients that cannot send the `Last-Event-ID` header. */
export const EventsQuery = Type.Object({
  last_event_id: Type.Optional(Type.String({ maxLength: 40, description: 'Resume after this event id' })),
});

/** The stream itself: documented here, written by hand (text/event-stream). */
export const EventStream = Type.String({
  description:
    'text/event-stream: `id:`, `event: TYPE`, `data: JSON` per event; `event: reset` when the resume point was pruned; comment heartbeats',
});

const PAGE = 500;
// A client this far behind is dropped; it reconnects and resumes from its last id.
const MAX_BUFFERED = 1_000_000;

// The resume point: the header wins over the query; anything but a plain number counts as none.
function resumePoint(header: string | string[] | undefined, query: string | undefined): number | null {
  const raw = (Array.isArray(header) ? header[0] : header) ?? query;
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/**
 * `GET /api/events` (docs/api.md, "Live events"): server-sent events for sessions and API tokens. Each event
 * is checked against `mayReceive` for the caller as it stands now; the stream ends when the session or token
 * does (re-checked on every batch and every `recheckMs`).
 */
export async function liveRoutes(
  app: App,
  /** `streams.open` says how many streams are open now, for /metrics. */
  opts: { deps: AppDeps & { live: LiveHub }; streams: { open: number } },
): Promise<void> {
  const { deps, streams } = opts;
  const { db, live } = deps;
  const options = live.options;
  const perUser = new Map<string, number>();
  const enders = new Set<() => void>();
  // Closing the app ends every stream; otherwise the server would wait for them forever.
  app.addHook('preClose', async () => {
    for (const end of [...enders]) end();
  });

  app.get(
    '/api/events',
    {
      onRequest: requireRole(...ROLES),
      schema: {
        tags: ['live'],
        summary: 'Live events (server-sent events); resume with Last-Event-ID or ?last_event_id=',
        querystring: EventsQuery,
        response: { 200: EventStream },
      },
    },
    async (request, reply) => {
      const user = callerOf(request);
      const via = request.auth?.via;
      // A client that cannot read a stream (a plain GET, a crawler of the API document) gets an answer, not a
      // connection that never ends. EventSource always sends this header.
      if (!(request.headers.accept ?? '').includes('text/event-stream')) {
        throw new LifeboatError('bad_request', 'Ask for the stream with "Accept: text/event-stream".', {
          key: 'err.live.accept',
        });
      }
      // HEAD asks whether the stream is there, not for the stream: Node sends no body to it, so a stream would
      // hold the connection (and one of the user's streams) open without ever sending its head.
      if (request.method === 'HEAD') {
        return reply.header('cache-control', 'no-cache').type('text/event-stream; charset=utf-8').send('');
      }
      // Limits before work: a user's tabs and devices share a small number of streams.
      const count = perUser.get(user.id) ?? 0;
      if (count >= options.maxStreamsPerUser) {
        throw new LifeboatError('rate_limited', 'Too many requests; wait a moment and try again.', {
          key: 'err.http.rateLimited',
        });
      }
      const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      const secretHash = sha256((via === 'token' ? bearer : request.cookies?.[SESSION_COOKIE]) ?? '');
      const last = resumePoint(request.headers['last-event-id'], request.query.last_event_id);

      // The caller as it stands now, or null once the session or token no longer holds. It reads, never
      // touches: an open stream must not keep an idle session alive.
      const currentReader = async (): Promise<Reader | null> => {
        const now = deps.clock().getTime();
        if (via === 'token') {
          const found = await findApiTokenByHash(db, secretHash);
          if (!found || found.token.revokedAt || found.user.disabled) return null;
          if (found.token.expiresAt && new Date(found.token.expiresAt).getTime() <= now) return null;
          return { role: found.user.role, unit_id: found.user.unitId };
        }
        const s = await findSessionByHash(db, secretHash);
        if (!s || s.revokedAt || s.user.disabled || !s.totpVerified) return null;
        if (new Date(s.expiresAt).getTime() <= now) return null;
        if (new Date(s.createdAt).getTime() + deps.config.sessionMaxHours * 3_600_000 <= now) return null;
        return { role: s.user.role, unit_id: s.user.unitId };
      };

      perUser.set(user.id, count + 1);
      const raw = reply.raw;
      reply.hijack();
      // A stream is quiet for long stretches: the idle timeouts of limits.ts must not cut it.
      request.raw.socket.setTimeout(0);
      raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      raw.write(`retry: ${options.retryMs}\n\n`);

      let position = 0;
      let ended = false;
      let chain: Promise<void> = Promise.resolve();
      const timers: NodeJS.Timeout[] = [];
      let unsubscribe = () => {};
      const end = () => {
        if (ended) return;
        ended = true;
        for (const t of timers) clearInterval(t);
        unsubscribe();
        enders.delete(end);
        streams.open = enders.size;
        const left = (perUser.get(user.id) ?? 1) - 1;
        if (left > 0) perUser.set(user.id, left);
        else perUser.delete(user.id);
        raw.end();
      };
      enders.add(end);
      streams.open = enders.size;
      raw.on('close', end);

      const write = (text: string) => {
        if (ended) return;
        raw.write(text);
        if (raw.writableLength > MAX_BUFFERED) end();
      };
      const send = async (events: readonly PublishedEvent[]) => {
        const fresh = events.filter((e) => Number(e.id) > position);
        if (fresh.length === 0 || ended) return;
        const reader = await currentReader();
        if (!reader) {
          // Tell the page why, so that it stops instead of reconnecting into a 401.
          write('event: end\ndata: {"reason":"signed_out"}\n\n');
          return end();
        }
        for (const e of fresh) {
          position = Number(e.id);
          if (!mayReceive(reader, e.audience)) continue;
          write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
        }
      };
      const enqueue = (task: () => Promise<void>) => {
        chain = chain.then(task).catch(() => end());
      };

      // Catch up first; anything the hub hands out meanwhile waits behind it in the chain, and
      // `position` drops what catching up already sent. Subscribing in the same tick leaves no gap.
      enqueue(async () => {
        const { min, max } = await outboxBounds(db);
        if (last === null) {
          position = max ?? 0;
          return;
        }
        const pruned = max === null ? last > 0 : last > max || (min !== null && last < min - 1);
        if (pruned) {
          position = max ?? 0;
          write(`id: ${position}\nevent: reset\ndata: {}\n\n`);
          return;
        }
        position = last;
        for (;;) {
          const page = await readOutboxAfter(db, position, PAGE);
          await send(page);
          if (page.length < PAGE || ended) break;
        }
      });
      unsubscribe = live.subscribe((events) => enqueue(() => send(events)));

      const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
      const recheck = setInterval(
        () =>
          enqueue(async () => {
            if (ended) return;
            if (!(await currentReader())) {
              write('event: end\ndata: {"reason":"signed_out"}\n\n');
              end();
            }
          }),
        options.recheckMs,
      );
      timers.push(heartbeat, recheck);
    },
  );
}
