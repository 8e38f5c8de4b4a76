import { type ChangeEvent, type FormEvent, useEffect, useRef, useState } from 'react';
import { SYSTEM_FIELDS } from '../../domain/catalogue/types.js';
import {
  ApiError,
  api,
  type ImportChanged,
  type ImportDiff,
  type ImportIssue,
  type ImportMode,
  type ImportResult,
} from '../api.js';
import { ErrorAlert, errorText, PageHeading, StatusMessage } from '../components.js';
import { type T, useLocale, useT } from '../i18n.js';
import { canEditCatalogue, canReadAll } from '../permissions.js';
import { useSessionUser } from '../session.js';

const EXTENSIONS = ['.yaml', '.yml', '.json', '.csv'];
const KINDS = ['teams', 'units', 'systems'] as const;
type Kind = (typeof KINDS)[number];
type MessageKey = Parameters<T>[0];

// A system's fields have their form labels; teams' and units' few others have their own.
const SYSTEM_FIELD_SET = new Set<string>(SYSTEM_FIELDS);
const OTHER_FIELDS: Record<string, MessageKey> = {
  name: 'sf.name',
  capacity: 'import.f.capacity',
  kind: 'import.f.kind',
  contacts: 'import.f.contacts',
};
const STATUSES = new Set(['unknown', 'down', 'restoring', 'verifying', 'limited', 'operational']);

/** A field's name in the user's language (the file's key when there is none). */
function fieldLabel(t: T, kind: Kind, field: string): string {
  if (kind === 'systems' && SYSTEM_FIELD_SET.has(field)) return t(`sf.${field}` as MessageKey);
  const key = OTHER_FIELDS[field];
  return key ? t(key) : field;
}

/** A value as people read it: statuses translated, lists joined, estimates as low/likely/high. */
function valueText(t: T, field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('import.empty');
  if (field === 'status' && typeof value === 'string' && STATUSES.has(value)) return t(`status.${value}` as MessageKey);
  if (Array.isArray(value)) return value.length ? value.map((v) => valueText(t, '', v)).join(', ') : t('import.empty');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('likely' in o) return `${o.low} / ${o.likely} / ${o.high}`;
    if (typeof o.name === 'string') return o.name;
    return JSON.stringify(value);
  }
  return String(value);
}

/** Import with a preview (merge by default, replace on request) and then apply; export as YAML or JSON. */
export function ImportPage() {
  const t = useT();
  const user = useSessionUser();
  const editor = canEditCatalogue(user.role);
  // The file's bytes, sent as they are: the server decodes them (UTF-8, or Windows-1252 with a warning).
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // Until the browser has read the chosen file, a preview would find nothing to send.
  const [reading, setReading] = useState(false);
  const [mode, setMode] = useState<ImportMode>({ replace: false, statuses: false });
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [applied, setApplied] = useState<{ result: ImportResult; name: string } | null>(null);
  const [issues, setIssues] = useState<{ name: string; issues: ImportIssue[] } | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { locale } = useLocale();

  // The server wrote the issues in the language shown when they came: a switch drops them,
  // and the next preview brings them in the new one (never a page in two languages).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a change of language only.
  useEffect(() => {
    setIssues(null);
    setGeneral(null);
  }, [locale]);

  const reset = () => {
    setPreview(null);
    setIssues(null);
    setGeneral(null);
    setFileError(null);
    setConfirming(false);
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    reset();
    setApplied(null);
    setFile(null);
    const chosen = event.target.files?.[0];
    if (!chosen) return;
    if (!EXTENSIONS.some((ext) => chosen.name.toLowerCase().endsWith(ext))) {
      setFileError(t('import.wrongType'));
      return;
    }
    setReading(true);
    try {
      setFile({ name: chosen.name, bytes: await chosen.arrayBuffer() });
    } catch {
      setFileError(t('import.readError'));
    } finally {
      setReading(false);
    }
  };

  // A new choice of how to import makes an earlier preview stale.
  const changeMode = (next: ImportMode) => {
    setMode(next);
    setPreview(null);
    setConfirming(false);
  };

  const handle = (error: unknown, name: string) => {
    if (error instanceof ApiError && error.code === 'invalid_catalogue') {
      const details = error.details as { issues?: ImportIssue[] } | undefined;
      const list = details?.issues?.length ? details.issues : [{ field: error.field ?? '', message: error.message }];
      setIssues({ name, issues: list });
    } else setGeneral(errorText(error, t));
  };

  const submitPreview = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    setApplied(null);
    if (!file) {
      setFileError(t('import.chooseFile'));
      return;
    }
    setBusy(true);
    try {
      setPreview(await api.importPreview(file.name, file.bytes, mode));
    } catch (error) {
      handle(error, file.name);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!file || !preview) return;
    setBusy(true);
    try {
      const result = await api.importApply(file.name, file.bytes, preview.mode);
      reset();
      setApplied({ result, name: file.name });
    } catch (error) {
      setConfirming(false);
      handle(error, file.name);
    } finally {
      setBusy(false);
    }
  };

  if (!canReadAll(user.role)) {
    return (
      <>
        <PageHeading title={t('import.title')}>{t('import.title')}</PageHeading>
        <p>{t('import.noAccess')}</p>
      </>
    );
  }

  return (
    <>
      <PageHeading title={t('import.title')}>{t('import.title')}</PageHeading>
      <section aria-labelledby="import-title" className="panel">
        <h2 id="import-title">{t('import.importTitle')}</h2>
        {editor ? (
          <>
            <p>{t('import.intro')}</p>
            <form onSubmit={submitPreview} noValidate className="form">
              <div className={fileError ? 'field field-invalid' : 'field'}>
                <label htmlFor="import-file">{t('import.file')}</label>
                {fileError ? (
                  <p className="field-error" id="import-file-error">
                    {fileError}
                  </p>
                ) : null}
                <input
                  id="import-file"
                  type="file"
                  accept=".yaml,.yml,.json,.csv"
                  onChange={choose}
                  aria-invalid={fileError ? true : undefined}
                  aria-describedby={fileError ? 'import-file-error' : undefined}
                />
              </div>
              <fieldset>
                <legend>{t('import.modeLegend')}</legend>
                <ul className="checkbox-list">
                  <li>
                    <input
                      type="radio"
                      id="import-merge"
                      name="import-mode"
                      checked={!mode.replace}
                      onChange={() => changeMode({ ...mode, replace: false })}
                    />
                    <label htmlFor="import-merge">{t('import.mode.merge')}</label>
                  </li>
                  <li>
                    <input
                      type="radio"
                      id="import-replace"
                      name="import-mode"
                      checked={mode.replace}
                      onChange={() => changeMode({ ...mode, replace: true })}
                    />
                    <label htmlFor="import-replace">{t('import.mode.replace')}</label>
                  </li>
                </ul>
              </fieldset>
              <div className="field checkbox-line">
                <input
                  type="checkbox"
                  id="import-statuses"
                  checked={mode.statuses}
                  onChange={(e) => changeMode({ ...mode, statuses: e.target.checked })}
                />
                <label htmlFor="import-statuses">{t('import.statuses')}</label>
              </div>
              <button type="submit" className="button-secondary" disabled={busy || reading}>
                {mode.replace ? t('import.previewReplace') : t('import.previewMerge')}
              </button>
            </form>
            <ErrorAlert message={general} />
            <div role="alert" className="alert-region">
              {issues ? (
                <div className="alert alert-error">
                  <p className="alert-title">{t('import.errorsTitle')}</p>
                  <ul className="issue-list mono">
                    {issues.issues.map((issue, i) => (
                      // Issues have no id; their order is stable for one answer.
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                      <li key={i}>{issueLine(issues.name, issue)}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
            {preview && file ? (
              <section aria-labelledby="preview-title" className="diff">
                <h3 id="preview-title">{t('import.diffTitle', { file: file.name })}</h3>
                <ResultNotes result={preview} t={t} />
                <DiffView diff={preview.diff} t={t} />
                {preview.mode.replace ? (
                  <button type="button" className="button-warning" onClick={() => setConfirming(true)} disabled={busy}>
                    {t('import.applyReplace')}
                  </button>
                ) : (
                  <button type="button" className="button" onClick={apply} disabled={busy}>
                    {t('import.apply')}
                  </button>
                )}
                {confirming ? (
                  <ConfirmReplace
                    diff={preview.diff}
                    busy={busy}
                    t={t}
                    onConfirm={apply}
                    onCancel={() => setConfirming(false)}
                  />
                ) : null}
              </section>
            ) : null}
            <StatusMessage message={applied ? t('import.applied') : null} />
            {applied ? (
              <section aria-labelledby="applied-title" className="diff">
                <h3 id="applied-title">{t('import.appliedTitle', { file: applied.name })}</h3>
                <ResultNotes result={applied.result} t={t} />
                <DiffView diff={applied.result.diff} t={t} />
              </section>
            ) : null}
          </>
        ) : (
          <p>{t('import.readOnly')}</p>
        )}
      </section>
      <section aria-labelledby="export-title" className="panel">
        <h2 id="export-title">{t('import.exportTitle')}</h2>
        <p>{t('import.exportIntro')}</p>
        <ul className="button-row plain-list">
          <li>
            <a className="button-link" href="/api/catalogue/export?format=yaml" download>
              {t('import.exportYaml')}
            </a>
          </li>
          <li>
            <a className="button-link" href="/api/catalogue/export?format=json" download>
              {t('import.exportJson')}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

/** DESIGN.md's form: `FILE:LINE: FIELD: message`. */
function issueLine(file: string, issue: ImportIssue): string {
  const where = issue.line ? `${file}:${issue.line}` : file;
  return [where, issue.field, issue.message].filter(Boolean).join(': ');
}

/** How the file is imported, how it was read, and what to check. */
function ResultNotes({ result, t }: { result: ImportResult; t: T }) {
  // The encoding warning is shown in the user's language; the server's other warnings as they are.
  const others = result.warnings.filter((w) => !/ read as Windows-1252 /.test(w));
  return (
    <>
      <p>
        {result.mode.replace ? t('import.modeShown.replace') : t('import.modeShown.merge')}{' '}
        {result.mode.statuses ? t('import.statusesShown.taken') : t('import.statusesShown.kept')}
      </p>
      {result.encoding === 'windows-1252' || others.length > 0 ? (
        <div className="alert alert-warning">
          <p className="alert-title">{t('import.warningsTitle')}</p>
          {result.encoding === 'windows-1252' ? <p>{t('import.encodingWarning')}</p> : null}
          {others.length > 0 ? (
            <ul className="issue-list mono">
              {others.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function removedCount(diff: ImportDiff): number {
  return KINDS.reduce((n, k) => n + diff.removed[k].length, 0);
}

/** The question before a replace: a modal dialog naming everything that disappears. */
function ConfirmReplace({
  diff,
  busy,
  t,
  onConfirm,
  onCancel,
}: {
  diff: ImportDiff;
  busy: boolean;
  t: T;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // A modal dialog keeps focus inside and closes on Escape; focus returns to the button that opened it.
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const count = removedCount(diff);
  return (
    <dialog
      ref={ref}
      className="import-dialog"
      aria-labelledby="confirm-replace-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-replace-title">{t('import.confirmTitle')}</h2>
      {count === 0 ? (
        <p>{t('import.confirmNothing')}</p>
      ) : (
        <>
          <p>{t('import.confirmIntro')}</p>
          {KINDS.filter((k) => diff.removed[k].length > 0).map((kind) => (
            <section key={kind} aria-labelledby={`confirm-${kind}`}>
              <h3 id={`confirm-${kind}`}>
                {t(`import.kind.${kind}`)} ({diff.removed[kind].length})
              </h3>
              <NameList ids={diff.removed[kind]} names={diff.names[kind]} />
            </section>
          ))}
        </>
      )}
      <div className="button-row">
        <button type="button" className="button-warning" onClick={onConfirm} disabled={busy}>
          {t('import.confirmYes', { count })}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}

function DiffView({ diff, t }: { diff: ImportDiff; t: T }) {
  const total = KINDS.reduce((n, k) => n + diff.added[k].length + diff.changed[k].length + diff.removed[k].length, 0);
  if (total === 0 && !diff.organisation_changed) return <p>{t('import.noChanges')}</p>;
  return (
    <div className="diff-grid">
      {KINDS.map((kind) => (
        <section key={kind} aria-labelledby={`diff-${kind}`} className="diff-kind">
          <h4 id={`diff-${kind}`}>{t(`import.kind.${kind}`)}</h4>
          <dl className="diff-list">
            <dt>
              {t('import.added')} ({diff.added[kind].length})
            </dt>
            <dd>
              {diff.added[kind].length ? (
                <NameList ids={diff.added[kind]} names={diff.names[kind]} />
              ) : (
                t('common.none')
              )}
            </dd>
            <dt>
              {t('import.changed')} ({diff.changed[kind].length})
            </dt>
            <dd>
              {diff.changed[kind].length ? (
                <ul className="plain-list">
                  {diff.changed[kind].map((c) => (
                    <Changed key={c.id} kind={kind} record={c} name={diff.names[kind][c.id] ?? c.id} t={t} />
                  ))}
                </ul>
              ) : (
                t('common.none')
              )}
            </dd>
            <dt>
              {t('import.removed')} ({diff.removed[kind].length})
            </dt>
            <dd>
              {diff.removed[kind].length ? (
                <NameList ids={diff.removed[kind]} names={diff.names[kind]} />
              ) : (
                t('common.none')
              )}
            </dd>
          </dl>
        </section>
      ))}
    </div>
  );
}

/** One changed record: its name, then each field with its old and new value. */
function Changed({ kind, record, name, t }: { kind: Kind; record: ImportChanged; name: string; t: T }) {
  return (
    <li className="changed-record">
      <span className="changed-name">
        {name} <span className="mono">({record.id})</span>
      </span>
      <table className="change-table">
        <caption className="visually-hidden">{t('import.changesOf', { name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.field')}</th>
            <th scope="col">{t('import.before')}</th>
            <th scope="col">{t('import.after')}</th>
          </tr>
        </thead>
        <tbody>
          {(record.changes ?? record.fields.map((field) => ({ field }))).map((c) => (
            <tr key={c.field}>
              <th scope="row">{fieldLabel(t, kind, c.field)}</th>
              <td>{valueText(t, c.field, 'before' in c ? c.before : undefined)}</td>
              <td>{valueText(t, c.field, 'after' in c ? c.after : undefined)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}

function NameList({ ids, names }: { ids: string[]; names: Record<string, string> }) {
  return (
    <ul className="name-list">
      {ids.map((id) => (
        <li key={id}>
          {names[id] ?? id} <span className="mono">({id})</span>
        </li>
      ))}
    </ul>
  );
}
