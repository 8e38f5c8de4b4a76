/**
 * Rendering of what the domain and the server name by key (domain/messages.ts) in a reader's
 * language: shared by the server's error handler and the CLI.
 */
import type { CatalogueIssue } from '../domain/catalogue/types.js';
import type { LifeboatError } from '../domain/errors.js';
import type { MessageParams } from '../domain/messages.js';
import { type Locale, MESSAGES, type MessageKey, translate } from './index.js';

function isKey(key: string | undefined): key is MessageKey {
  return key !== undefined && Object.hasOwn(MESSAGES.sv, key);
}

/** A message in `locale`: English as the code wrote it, another language from the catalogue key (undefined without one). */
export function localMessage(
  locale: Locale,
  english: string,
  key: string | undefined,
  params?: MessageParams,
): string | undefined {
  if (locale === 'en') return english;
  return isKey(key) ? translate(locale, key, params && localParams(locale, params)) : undefined;
}

// The words the domain uses for a value that is not a scalar (validate.ts, `describe`); a string
// value comes quoted, so it can never be taken for one of these.
const VALUE_WORDS: Record<string, MessageKey> = {
  nothing: 'err.value.nothing',
  'a list': 'err.value.list',
  'a map': 'err.value.map',
};

function localParams(locale: Locale, params: MessageParams): MessageParams {
  const out: MessageParams = {};
  for (const [name, value] of Object.entries(params)) {
    const word = typeof value === 'string' ? VALUE_WORDS[value] : undefined;
    out[name] = word ? translate(locale, word) : value;
  }
  return out;
}

/**
 * A catalogue issue in the reader's language, without its key: the API's issue shape stays
 * { field, line, message, systems }. One without a key keeps its text (it names data).
 */
export function localIssue(locale: Locale, issue: CatalogueIssue): CatalogueIssue {
  const { key, params, ...rest } = issue;
  const message = localMessage(locale, issue.message, key, params);
  return message === undefined ? rest : { ...rest, message };
}

function issuesOf(details: unknown): CatalogueIssue[] | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const issues = (details as { issues?: unknown }).issues;
  return Array.isArray(issues) ? (issues as CatalogueIssue[]) : undefined;
}

/** A LifeboatError's message and details in `locale`: from its key, else from its first issue, else the code's text. */
export function localError(locale: Locale, error: LifeboatError): { message: string; details?: unknown } {
  const issues = issuesOf(error.details);
  const details = issues
    ? { ...(error.details as object), issues: issues.map((i) => localIssue(locale, i)) }
    : error.details;
  if (locale === 'en') return { message: error.message, details };
  const own = localMessage(locale, error.message, error.key, error.params);
  if (own !== undefined) {
    // Messages about one field start with its name, which stays as the file or the form names it.
    const prefix = error.field && error.message.startsWith(`${error.field}: `) ? `${error.field}: ` : '';
    return { message: `${prefix}${own}`, details };
  }
  const first = issues?.[0];
  const local = first && error.message.endsWith(first.message) ? localIssue(locale, first) : undefined;
  if (first && local && local.message !== first.message) {
    return { message: `${error.message.slice(0, -first.message.length)}${local.message}`, details };
  }
  return { message: translate(locale, `error.${error.code}` as MessageKey), details };
}
