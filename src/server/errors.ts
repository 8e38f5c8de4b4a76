import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode, LifeboatError } from '../domain/errors.js';
import { type Locale, type MessageKey, translate } from '../i18n/index.js';
import { localError } from '../i18n/render.js';

/** The HTTP status of each error code: the one place where codes meet HTTP. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  invalid_catalogue: 422,
  unauthenticated: 401,
  totp_required: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  rate_limited: 429,
  body_too_large: 413,
  body_too_deep: 422,
  internal: 500,
};

/**
 * The body of every error response, as OpenAPI documents it once (`#/components/schemas/Error`,
 * referred to by every operation's 4XX); the handler below writes it without a serialiser.
 */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Unsafe<ErrorCode>({ type: 'string', enum: [...ERROR_CODES] }),
      message: Type.String({ description: "in the language of the request's Accept-Language" }),
      field: Type.Optional(Type.String({ description: 'the input it concerns, as the form or file names it' })),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'Error', title: 'Error' },
);

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string; details?: unknown };
}

// Ajv reports `/estimate_hours/low` or a missing property in params; the API names
// fields the way DESIGN.md does: `estimate_hours.low`.
function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const base = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = first.params as { missingProperty?: string; additionalProperty?: string };
  const extra = params.missingProperty ?? params.additionalProperty;
  const where = error.validationContext && error.validationContext !== 'body' ? `${error.validationContext}.` : '';
  return `${where}${[base, extra].filter(Boolean).join('.')}` || undefined;
}

// Where in an input a string (or a key) holds U+0000, as an API field path. The walk keeps
// its own stack, and builds a path only for what it finds, since a body may nest very deep.
function nulFieldOf(input: unknown, prefix: string): string | undefined {
  interface Step {
    value: unknown;
    key: string;
    parent: Step | null;
  }
  const pathOf = (step: Step | null): string => {
    const keys: string[] = [];
    for (let s = step; s?.parent; s = s.parent) keys.push(s.key);
    return `${prefix}${keys.reverse().join('.')}`;
  };
  const stack: Step[] = [{ value: input, key: '', parent: null }];
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    const { value } = step;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return pathOf(step);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return pathOf(step);
        stack.push({ value: child, key, parent: step });
      }
    }
  }
  return undefined;
}

/**
 * The language of a request's messages, from `Accept-Language` (the UI sends its own): the
 * first of sv or en by preference, else English, the API's default.
 */
export function requestLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || header === '') return 'en';
  let best: { locale: Locale; q: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...attrs] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (primary !== 'sv' && primary !== 'en') continue;
    const qAttr = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
    const q = qAttr ? Number(qAttr.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? 'en';
}

// Ajv's keyword, with its parameters, in the reader's language.
const AJV_KEYWORDS: Record<string, MessageKey> = {
  required: 'err.ajv.required',
  additionalProperties: 'err.ajv.additionalProperties',
  minLength: 'err.ajv.minLength',
  maxLength: 'err.ajv.maxLength',
  minimum: 'err.ajv.minimum',
  maximum: 'err.ajv.maximum',
  exclusiveMinimum: 'err.ajv.exclusiveMinimum',
  exclusiveMaximum: 'err.ajv.exclusiveMaximum',
  minItems: 'err.ajv.minItems',
  maxItems: 'err.ajv.maxItems',
  type: 'err.ajv.type',
  enum: 'err.ajv.enum',
  const: 'err.ajv.enum',
  anyOf: 'err.ajv.enum',
  pattern: 'err.ajv.pattern',
  format: 'err.ajv.format',
};

function ajvMessage(locale: Locale, error: FastifyError): string {
  const first = error.validation?.[0];
  const english = first?.message ?? 'invalid input';
  if (locale === 'en' || !first) return english;
  const params = first.params as { limit?: number; type?: string; format?: string };
  return translate(locale, AJV_KEYWORDS[first.keyword] ?? 'err.ajv.other', {
    limit: params.limit ?? '',
    type: params.type ?? '',
    format: params.format ?? '',
  });
}

/** Whether a database error is a unique (or primary key) violation: PostgreSQL 23505, SQLite's constraint codes. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Installs the one error handler, the not-found handler and the U+0000 guard: no request ever sees a stack. */
export function installErrorHandler(app: FastifyInstance): void {
  // PostgreSQL text cannot hold U+0000 (SQLite can): refuse it in every input on both, before
  // it reaches a query, naming where it is. After validation, so that the body has its schema's
  // shape; a route that declares no body ignores whatever was sent.
  app.addHook('preHandler', async (request) => {
    const field =
      nulFieldOf(request.params, 'params.') ??
      nulFieldOf(request.query, 'querystring.') ??
      (request.routeOptions.schema?.body ? nulFieldOf(request.body, '') : undefined);
    if (field === undefined) return;
    throw new LifeboatError('validation_failed', `${field || 'body'}: must not contain the NUL character (U+0000)`, {
      field: field || undefined,
      key: 'err.http.nul',
    });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    let body: ErrorBody;
    let status: number;
    const locale = requestLocale(request);
    const text = (key: MessageKey) => translate(locale, key);
    if (error instanceof LifeboatError) {
      status = HTTP_STATUS[error.code];
      const { message, details } = localError(locale, error);
      body = { error: { code: error.code, message, field: error.field, details } };
    } else if (error.validation) {
      status = 400;
      const field = fieldOf(error);
      const message = ajvMessage(locale, error);
      body = { error: { code: 'validation_failed', message: field ? `${field}: ${message}` : message, field } };
    } else if (error.statusCode === 413) {
      status = 413;
      body = { error: { code: 'body_too_large', message: text('err.http.bodyTooLarge') } };
    } else if (error.statusCode === 429) {
      status = 429;
      body = { error: { code: 'rate_limited', message: text('err.http.rateLimited') } };
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors: bad JSON, wrong content type, body too large. Their
      // text is Fastify's English: another language gets the code's text.
      status = error.statusCode;
      const code = status === 404 ? 'not_found' : 'bad_request';
      body = { error: { code, message: locale === 'en' ? error.message : text(`error.${code}`) } };
    } else if (isUniqueViolation(error)) {
      // A backstop: services check for duplicates, but two writers can still race to the same key.
      status = 409;
      body = { error: { code: 'conflict', message: text('err.http.duplicate') } };
    } else {
      request.log.error({ err: error }, 'unhandled error');
      status = 500;
      body = { error: { code: 'internal', message: text('err.http.internal') } };
    }
    reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const vars = { method: request.method, path: request.url.split('?')[0] ?? '' };
    reply.status(404).send({
      error: { code: 'not_found', message: translate(requestLocale(request), 'err.http.noSuchAddress', vars) },
    });
  });
}

/**
 * Fastify's `frameworkErrors`: the errors it raises before a route is found (a malformed
 * %-escape, an over-long path segment) get the one error shape too.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The address has a malformed %-escape.'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A part of the address is too long.'
        : error.message;
  const body: ErrorBody = { error: { code: 'bad_request', message } };
  reply.status(status).send(body);
}

/** Shorthand for the errors services throw most. */
export const errors = {
  notFound: (what: string, field?: string) => new LifeboatError('not_found', `${what} was not found`, { field }),
  forbidden: (message = 'Your role does not allow this.') => new LifeboatError('forbidden', message),
  conflict: (message: string, field?: string) => new LifeboatError('conflict', message, { field }),
  badRequest: (message: string, field?: string) => new LifeboatError('bad_request', message, { field }),
};
