import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LOCALE, isLocale, type Locale, type MessageKey, translate } from '../i18n/index.js';
import { setApiLocale } from './api.js';

const STORAGE_KEY = 'lifeboat.locale';

/** A translation function bound to the current language. */
export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: DEFAULT_LOCALE, setLocale: () => {} });

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Holds the UI language, mirrors it in <html lang> and remembers it in localStorage. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = storedLocale();
    setApiLocale(initial);
    return initial;
  });
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    // Before any call the new page makes: the server answers in the language shown.
    setApiLocale(next);
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the language still applies to this page.
    }
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

/** The current language and the function that changes it. */
export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

/** The translation function for the current language. */
export function useT(): T {
  const { locale } = useContext(LocaleContext);
  return useCallback<T>((key, vars) => translate(locale, key, vars), [locale]);
}

/** The organisation's time zone, in which the UI shows and reads times. */
export const TIME_ZONE = 'Europe/Stockholm';

/** Formats an ISO time in Europe/Stockholm for the given language. */
export function formatTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}
