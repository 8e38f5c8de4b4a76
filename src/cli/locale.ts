/**
 * The CLI's language (issue 7, point 3): Swedish when the locale of the environment starts with
 * `sv`, English otherwise. The catalogue's field paths stay the file's keys in both.
 */
import type { DecodeResult } from '../domain/catalogue/decode.js';
import { formatIssue } from '../domain/catalogue/format.js';
import type { CatalogueIssue } from '../domain/catalogue/types.js';
import type { LifeboatError } from '../domain/errors.js';
import { type Locale, type MessageKey, translate } from '../i18n/index.js';
import { localError, localIssue, localMessage } from '../i18n/render.js';

/** The language of the CLI's messages: LC_ALL, else LC_MESSAGES, else LANG (POSIX order); `sv…` is Swedish. */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('sv') ? 'sv' : 'en';
}

/** A catalogue issue as `FILE:LINE: FIELD: message`, the message in the CLI's language. */
export function cliIssue(file: string, issue: CatalogueIssue, locale: Locale = cliLocale()): string {
  return formatIssue(file, localIssue(locale, issue));
}

/** Why a file's bytes cannot be read, in the CLI's language. */
export function cliDecodeRefusal(decoded: Extract<DecodeResult, { ok: false }>, locale: Locale = cliLocale()): string {
  return localMessage(locale, decoded.message, decoded.key, decoded.params) ?? decoded.message;
}

/** The warning for a file read as Windows-1252, in the CLI's language. */
export function cliDecodeWarning(warning: string, key: string, locale: Locale = cliLocale()): string {
  return localMessage(locale, warning, key) ?? warning;
}

/** A LifeboatError's message in the CLI's language. */
export function cliErrorMessage(error: LifeboatError, locale: Locale = cliLocale()): string {
  return localError(locale, error).message;
}

/** One of the CLI's own texts in its language. */
export function cliText(
  key: MessageKey,
  params?: Record<string, string | number>,
  locale: Locale = cliLocale(),
): string {
  return translate(locale, key, params);
}
