import {
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TableHTMLAttributes,
  type TextareaHTMLAttributes,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import type { SystemStatus } from '../domain/catalogue/types.js';
import type { MessageKey } from '../i18n/index.js';
import { ApiError } from './api.js';
import { type T, useLocale, useT } from './i18n.js';
import { hasNavigated } from './router.js';

/** The one h1 of a page: sets the document title and takes focus after a client navigation. */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const t = useT();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('app.titleSuffix')}`;
  }, [title, t]);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/**
 * The text of an error for a person: the server's message, which it writes in the language the
 * UI asked for (Accept-Language), else the translated code. Never a mix of the two languages.
 */
export function errorText(error: unknown, t: T): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t('error.network');
    return error.message || t(`error.${error.code}` as MessageKey);
  }
  return t('error.internal');
}

// Next to a field, the field's name is already visible: keep only what is wrong with it.
function fieldErrorText(error: ApiError, t: T): string {
  const detail = error.message.replace(/^[^\s:]+:\s*/, '');
  return detail || t(`error.${error.code}` as MessageKey);
}

/**
 * A live region for errors that do not belong to one field; always present so that it is announced.
 * A message that came in another language than the one now shown is dropped (the server wrote it
 * in the language of its request), so that a page never shows two languages.
 */
export function ErrorAlert({ message, title }: { message: string | null; title?: string }) {
  const t = useT();
  const { locale } = useLocale();
  const [cameIn, setCameIn] = useState<{ message: string | null; locale: string }>({ message, locale });
  if (cameIn.message !== message) setCameIn({ message, locale });
  const shown = cameIn.message === message && cameIn.locale !== locale ? null : message;
  return (
    <div role="alert" className="alert-region">
      {shown ? (
        <div className="alert alert-error">
          <p className="alert-title">{title ?? t('common.errorSummary')}</p>
          <p>{shown}</p>
        </div>
      ) : null}
    </div>
  );
}

/** A polite live region for confirmations. */
export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div role="status" className="alert-region">
      {message ? <div className="alert alert-ok">{message}</div> : null}
    </div>
  );
}

/** Field errors keyed by API field name, plus one general error. */
export interface FormErrors {
  fields: Record<string, string>;
  general: string | null;
}

// The API may name a field as a path (`body.name`, `systems[0] (ad).estimate_hours.low`): keep the part a form knows.
function normaliseField(field: string | undefined): string | undefined {
  if (!field) return undefined;
  return field.replace(/^.*\)\./, '').replace(/^body\./, '');
}

/** Holds a form's errors and sorts an API error into its field or the general alert. */
export function useFormErrors(knownFields: readonly string[]) {
  const t = useT();
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: null });
  const known = useRef(knownFields);
  known.current = knownFields;
  const fromError = useCallback(
    (error: unknown) => {
      const field = error instanceof ApiError ? normaliseField(error.field) : undefined;
      const match = field ? known.current.find((name) => field === name || field.startsWith(`${name}.`)) : undefined;
      if (error instanceof ApiError && field && match) {
        const key = known.current.includes(field) ? field : match;
        setErrors({ fields: { [key]: fieldErrorText(error, t) }, general: null });
      } else {
        setErrors({ fields: {}, general: errorText(error, t) });
      }
    },
    [t],
  );
  const clear = useCallback(() => setErrors({ fields: {}, general: null }), []);
  // Errors came in the language shown when they were made: a switch of language drops them.
  const { locale } = useLocale();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a change of language only.
  useEffect(() => clear(), [locale, clear]);
  return { errors, setErrors, fromError, clear };
}

/**
 * A form's errors and busy state, and its submit handler: problems found in the browser go to
 * their fields and nothing is sent; otherwise `send` runs with the form busy, and an API error it
 * throws goes to its field or to the general alert.
 */
export function useFormSubmit(knownFields: readonly string[]) {
  const { errors, setErrors, fromError, clear } = useFormErrors(knownFields);
  const [busy, setBusy] = useState(false);
  const handler =
    (check: () => { [field: string]: string | undefined }, send: () => Promise<void>) =>
    async (event: FormEvent): Promise<void> => {
      event.preventDefault();
      const fields: Record<string, string> = {};
      for (const [field, message] of Object.entries(check())) if (message !== undefined) fields[field] = message;
      if (Object.keys(fields).length) {
        setErrors({ fields, general: null });
        return;
      }
      setBusy(true);
      try {
        await send();
      } catch (error) {
        fromError(error);
      } finally {
        setBusy(false);
      }
    };
  return { errors, setErrors, clear, busy, handler };
}

/** A form's submit button, disabled while the form is sending. */
export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <button type="submit" className="button" disabled={busy}>
      {children}
    </button>
  );
}

/**
 * A table's actions (buttons in its rows): each clears the last confirmation and error, then
 * shows its own and reloads the table.
 */
export function useActions(reload: () => void) {
  const t = useT();
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>, done: string | null): Promise<void> => {
    setMessage(null);
    setActionError(null);
    try {
      await fn();
      setMessage(done);
      reload();
    } catch (e) {
      setActionError(errorText(e, t));
    }
  };
  return { message, setMessage, actionError, act };
}

interface FieldShell {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldTexts({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** A labelled input with its hint and its error, wired with aria-describedby and aria-invalid. */
export function TextField({
  id,
  label,
  hint,
  error,
  ...input
}: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldTexts id={id} hint={hint} error={error} />
      <input
        id={id}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...input}
      />
    </div>
  );
}

/** A labelled text area (three rows unless told) with its hint and its error, wired as TextField is. */
export function TextAreaField({
  id,
  label,
  hint,
  error,
  ...area
}: FieldShell & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldTexts id={id} hint={hint} error={error} />
      <textarea
        id={id}
        rows={3}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...area}
      />
    </div>
  );
}

/** The id of a new record: the id pattern as the hint, monospace, no spelling help. */
export function IdField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const t = useT();
  return (
    <TextField
      id={id}
      label={t('sf.id')}
      hint={t('system.idHint')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      className="mono"
      spellCheck={false}
      autoCapitalize="off"
      autoComplete="off"
      required
    />
  );
}

/** A labelled select with its hint and its error. */
export function SelectField({
  id,
  label,
  hint,
  error,
  children,
  ...select
}: FieldShell & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldTexts id={id} hint={hint} error={error} />
      <select
        id={id}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...select}
      >
        {children}
      </select>
    </div>
  );
}

/** A system status as words, with a shape that differs per state (never colour alone). */
export function StatusBadge({ status }: { status: SystemStatus | undefined }) {
  const t = useT();
  const value = status ?? 'down';
  return <span className={`status status-${value}`}>{t(`status.${value}`)}</span>;
}

/** Runs an async loader when its dependencies change and keeps its result, error and a reload. */
export function useLoad<R>(load: () => Promise<R>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ data: R | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the loader depends on.
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** A wrapper that lets a wide table scroll sideways on a phone and stays reachable by keyboard. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard.
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** A data table in its scrolling region; the caption also names the region. `className` adds to `data-table`. */
export function DataTable({
  caption,
  className,
  children,
  ...table
}: { caption: string; children: ReactNode } & TableHTMLAttributes<HTMLTableElement>) {
  return (
    <TableScroll label={caption}>
      <table className={className ? `data-table ${className}` : 'data-table'} {...table}>
        <caption>{caption}</caption>
        {children}
      </table>
    </TableScroll>
  );
}

/** Sort direction of a table column. */
export type SortDir = 'ascending' | 'descending';

/** The sort of a table: a click on the sorted column turns its direction, on another sorts by it ascending. */
export function useSort<K extends string>(initial: K) {
  const [sort, setSort] = useState<{ key: K; dir: SortDir }>({ key: initial, dir: 'ascending' });
  const onSort = (key: K) =>
    setSort((s) => ({ key, dir: s.key === key && s.dir === 'ascending' ? 'descending' : 'ascending' }));
  return { sort, onSort };
}

/** A column header that sorts the table: a button, with aria-sort on the header cell. */
export function SortHeader<K extends string>({
  column,
  label,
  sort,
  onSort,
}: {
  column: K;
  label: string;
  sort: { key: K; dir: SortDir };
  onSort: (key: K) => void;
}) {
  const active = sort.key === column;
  return (
    <th scope="col" aria-sort={active ? sort.dir : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span className="sort-icon" aria-hidden="true">
          {active ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/** Loading text for a region that is still fetching. */
export function Loading() {
  const t = useT();
  return <p className="loading">{t('app.loading')}</p>;
}

/** A read-only text with a button that copies it (for links and tokens shown once). */
export function CopyBox({ id, label, value }: { id: string; label: string; value: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No Clipboard API outside a secure context (http:// on a LAN address, as a phone sees it):
      // copy the selected text the old way, and leave it selected for the reader if even that fails.
      const input = document.getElementById(id) as HTMLInputElement | null;
      input?.select();
      setCopied(input !== null && document.execCommand('copy'));
    }
  };
  return (
    <div className="field copy-box">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} readOnly value={value} className="mono" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button-secondary" onClick={copy}>
          {t('common.copy')}
        </button>
      </div>
      <StatusMessage message={copied ? t('common.copied') : null} />
    </div>
  );
}
