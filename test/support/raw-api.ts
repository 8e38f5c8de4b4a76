// What the suites that walk every route share (robustness, fuzz, access matrix): the operations of the API
// document with the JSON Schema of their inputs, and one raw HTTP exchange, so that the test controls every
// byte and header of a request.
import http from 'node:http';
import { ERROR_CODES } from '../../src/domain/errors.js';

/** The subset of JSON Schema (as @fastify/swagger writes it) that the API's inputs use. */
export interface Schema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  nullable?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
}

/** One operation of the API document, with its method (upper case) and path (`/api/units/{id}`). */
export interface Operation {
  method: string;
  path: string;
  parameters?: { in: string; name: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  /** The largest body the operation takes, in bytes (see `transform` in app.ts). */
  'x-body-limit'?: number;
}

/** Every operation of the API document (the body of `/api/docs/json`). */
export function operationsOf(document: { paths?: unknown }): Operation[] {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  const operations: Operation[] = [];
  for (const [p, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods))
      operations.push({ ...op, method: method.toUpperCase(), path: p });
  }
  return operations;
}

/** The methods that write, and so carry a CSRF token and maybe a body. */
export const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The error codes the one error shape may carry. */
export const KNOWN_CODES: ReadonlySet<string> = new Set<string>(ERROR_CODES);

/** A raw request: the method, the path with its query string, and exactly these headers and bytes. */
export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What came back; an event stream is cut off once its head has arrived, with an empty text. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Sends one request over `agent` to the server at `base` and reads the whole answer. */
export function exchange(base: URL, agent: http.Agent, x: RawRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...x.headers };
    if (x.body !== undefined) headers['content-length'] = Buffer.byteLength(x.body);
    const request = http.request(
      { host: base.hostname, port: base.port, method: x.method, path: x.url, headers, agent },
      (response) => {
        const status = response.statusCode ?? 0;
        const contentType = String(response.headers['content-type'] ?? '');
        // A stream never ends: its head is the answer.
        if (contentType.startsWith('text/event-stream')) {
          resolve({ status, contentType, text: '' });
          request.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status, contentType, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    // The server may answer a body it refuses (401, 413) before it has read it all; the answer counts.
    request.on('error', (error) => {
      if (!request.writableFinished) reject(error);
    });
    request.end(x.body);
  });
}

/** The `error.code` of a JSON error answer, or null (a page, a feed, a file, a success). */
export function errorCodeOf(answer: Answer): string | null {
  try {
    const code = (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
