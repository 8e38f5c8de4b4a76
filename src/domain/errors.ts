import type { Message, MessageParams } from './messages.js';

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

/** Options of a LifeboatError: the field it concerns, details, and the message's catalogue key. */
export interface LifeboatErrorOptions {
  field?: string;
  details?: unknown;
  /** The `err.*` key of the i18n catalogues that renders the message in the reader's language. */
  key?: string;
  params?: MessageParams;
}

/**
 * An error with a stable code, a message safe to show (English), and optionally the field it
 * concerns and the catalogue key that renders the message in another language.
 */
export class LifeboatError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: unknown;
  readonly key?: string;
  readonly params?: MessageParams;

  constructor(code: ErrorCode, message: string | Message, options: LifeboatErrorOptions = {}) {
    super(typeof message === 'string' ? message : message.text);
    this.name = 'LifeboatError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.key = typeof message === 'string' ? options.key : message.key;
    this.params = typeof message === 'string' ? options.params : message.params;
  }
}
