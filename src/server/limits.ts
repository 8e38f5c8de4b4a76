import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LifeboatError } from '../domain/errors.js';

/** The default request body limit: API bodies are small; routes that take uploads set their own `bodyLimit`. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The deepest nesting of `[` and `{` a JSON body may have; the API's own bodies nest a few levels. */
export const DEFAULT_JSON_DEPTH = 32;

/**
 * Whether JSON text nests `[` and `{` deeper than `max`, counted outside strings, in one pass
 * without recursion: it runs before any parser, so a body nested a million deep costs a scan.
 * It does not check that the text is valid JSON (the parser does that afterwards).
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, including a quote
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** The error for a body nested deeper than allowed (422, `body_too_deep`). */
export function tooDeep(max: number): LifeboatError {
  return new LifeboatError('body_too_deep', `The body nests deeper than ${max} levels.`, {
    key: 'err.http.tooDeep',
    params: { max },
    details: { max_depth: max },
  });
}

/**
 * Replaces Fastify's JSON parser by one that refuses too deep text before parsing it, and then
 * parses with Fastify's own parser (which keeps its __proto__ and constructor poisoning checks).
 */
export function installJsonParser(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (jsonDepthExceeds(text, maxDepth)) {
        done(tooDeep(maxDepth));
        return;
      }
      parse(request, text, done);
    },
  );
}

/** Timeouts of the HTTP server, in milliseconds. */
export interface ServerTimeouts {
  /** A socket with no traffic for this long is closed (Fastify `connectionTimeout`). */
  idleMs: number;
  /** The whole request, headers and body, must arrive within this (Node `requestTimeout`). */
  requestMs: number;
  /** The headers must arrive within this (Node `headersTimeout`; at most `requestMs`). */
  headersMs: number;
  /** An idle kept-alive connection is closed after this (`keepAliveTimeout`). */
  keepAliveMs: number;
}

/** The timeouts `serve` uses: generous for a phone on a bad network, short enough that slow clients do not pile up. */
export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  idleMs: 60_000,
  requestMs: 30_000,
  headersMs: 15_000,
  keepAliveMs: 5_000,
};

/**
 * Fastify options for the timeouts. Node checks `requestTimeout` and `headersTimeout` on a timer
 * (every 30 s by default); it runs at a quarter of the shorter one so a slow client is cut off
 * close to its deadline. A long-lived response (a future event stream) is not affected by these
 * two, which end once the request has arrived; it must lift the idle timeout for its own socket
 * with `request.raw.socket.setTimeout(0)` (or send heartbeats more often than `idleMs`).
 */
export function timeoutOptions(t: ServerTimeouts) {
  const headersTimeout = Math.min(t.headersMs, t.requestMs);
  const connectionsCheckingInterval = Math.max(10, Math.floor(Math.min(headersTimeout, t.requestMs) / 4));
  return {
    connectionTimeout: t.idleMs,
    requestTimeout: t.requestMs,
    keepAliveTimeout: t.keepAliveMs,
    http: { headersTimeout, requestTimeout: t.requestMs, connectionsCheckingInterval },
  };
}
