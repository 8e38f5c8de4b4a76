import { en } from './en.js';
import { type MessageKey, type Messages, sv } from './sv.js';

export type { MessageKey, Messages };

/** The languages of the UI; Swedish is the default. */
export const LOCALES = ['sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'sv';

/** Every language's texts, keyed by locale. */
export const MESSAGES: Record<Locale, Messages> = { sv, en };

/** True when the value names a supported language. */
export function isLocale(value: unknown): value is Locale {
  return value === 'sv' || value === 'en';
}

/** The text for `key` in `locale`, with `{name}` placeholders filled from `vars`. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = MESSAGES[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
