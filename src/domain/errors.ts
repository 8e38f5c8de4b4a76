/**
 * The closed set of error codes Lifeboat uses, from the domain to the HTTP API.
 * The server maps each code to one HTTP status in one place.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'invalid_catalogue',
  'unauthenticated',
  'totp_required',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'invalid_transition',
  'rate_limited',
  'body_too_large',
  'body_too_deep',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error with a stable code, a message safe to show, and optionally the field it concerns. */
export class LifeboatError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options: { field?: string; details?: unknown } = {}) {
    super(message);
    this.name = 'LifeboatError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}
