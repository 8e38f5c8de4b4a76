/**
 * What the server's log (pino, through Fastify) may hold: a request is its method, its route pattern,
 * its status, its time and its request id, plus the user's id when it was authenticated (for audit).
 * Never the URL as sent (a query string can carry an invitation, sign-in or unsubscribe token, or an
 * e-mail address), never a header (cookies, Authorization, Idempotency-Key) and never a body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { routeLabel } from './metrics.js';

/** The request as logged: no URL, no headers, no address. */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, route: routeLabel(request) };
}

/** pino options for `serve` (and the log tests): the level, serializers that keep secrets out, and redaction. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): Record<string, unknown> {
  return {
    level,
    serializers: {
      req: requestForLog,
      res: (reply: FastifyReply) => ({ status: reply.statusCode }),
    },
    // In case a header or body ever reaches a log line by another path.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["idempotency-key"]',
        'headers.authorization',
        'headers.cookie',
        'body',
        'req.body',
      ],
      censor: '[redacted]',
    },
    ...(stream ? { stream } : {}),
  };
}

/**
 * One line per answered request (LOG_REQUESTS=1) in place of Fastify's own two, which carry the raw URL:
 * method, route pattern, status, milliseconds, the request id (pino's `reqId`) and the user id if any.
 */
export function installRequestLog(app: App): void {
  app.addHook('onResponse', async (request, reply) => {
    const user = request.auth?.user.id;
    request.log.info(
      {
        method: request.method,
        route: routeLabel(request),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(user ? { user_id: user } : {}),
      },
      'request',
    );
  });
}
