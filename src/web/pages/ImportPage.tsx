import { type ChangeEvent, type FormEvent, useState } from 'react';
import { ApiError, api, type ImportDiff, type ImportIssue } from '../api.js';
import { ErrorAlert, errorText, PageHeading, StatusMessage } from '../components.js';
import { type T, useT } from '../i18n.js';
import { canEditCatalogue, canReadAll } from '../permissions.js';
import { useSessionUser } from '../session.js';

const EXTENSIONS = ['.yaml', '.yml', '.json', '.csv'];
const KINDS = ['teams', 'units', 'systems'] as const;

function readFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** Import with a preview of what changes, then apply; export as YAML or JSON. */
export function ImportPage() {
  const t = useT();
  const user = useSessionUser();
  const editor = canEditCatalogue(user.role);
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // Until the browser has read the chosen file, a preview would find nothing to send.
  const [reading, setReading] = useState(false);
  const [preview, setPreview] = useState<ImportDiff | null>(null);
  const [applied, setApplied] = useState<{ diff: ImportDiff; name: string } | null>(null);
  const [issues, setIssues] = useState<{ name: string; issues: ImportIssue[] } | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setPreview(null);
    setIssues(null);
    setGeneral(null);
    setFileError(null);
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
      setFile({ name: chosen.name, content: await readFile(chosen) });
    } catch {
      setFileError(t('import.readError'));
    } finally {
      setReading(false);
    }
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
      setPreview((await api.importPreview(file.name, file.content)).diff);
    } catch (error) {
      handle(error, file.name);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const { diff } = await api.importApply(file.name, file.content);
      reset();
      setApplied({ diff, name: file.name });
    } catch (error) {
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
              <button type="submit" className="button" disabled={busy || reading}>
                {t('import.preview')}
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
                <DiffView diff={preview} t={t} />
                <button type="button" className="button" onClick={apply} disabled={busy}>
                  {t('import.apply')}
                </button>
              </section>
            ) : null}
            <StatusMessage message={applied ? t('import.applied') : null} />
            {applied ? (
              <section aria-labelledby="applied-title" className="diff">
                <h3 id="applied-title">{t('import.appliedTitle', { file: applied.name })}</h3>
                <DiffView diff={applied.diff} t={t} />
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

function DiffView({ diff, t }: { diff: ImportDiff; t: T }) {
  const total = KINDS.reduce((n, k) => n + diff.added[k].length + diff.changed[k].length + diff.removed[k].length, 0);
  if (total === 0) return <p>{t('import.noChanges')}</p>;
  return (
    <div className="diff-grid">
      {KINDS.map((kind) => (
        <section key={kind} aria-labelledby={`diff-${kind}`} className="diff-kind">
          <h4 id={`diff-${kind}`}>{t(`import.kind.${kind}`)}</h4>
          <dl className="diff-list">
            <dt>
              {t('import.added')} ({diff.added[kind].length})
            </dt>
            <dd>{diff.added[kind].length ? <IdList ids={diff.added[kind]} /> : t('common.none')}</dd>
            <dt>
              {t('import.changed')} ({diff.changed[kind].length})
            </dt>
            <dd>
              {diff.changed[kind].length ? (
                <ul className="plain-list mono">
                  {diff.changed[kind].map((c) => (
                    <li key={c.id}>
                      {c.id}: {c.fields.join(', ')}
                    </li>
                  ))}
                </ul>
              ) : (
                t('common.none')
              )}
            </dd>
            <dt>
              {t('import.removed')} ({diff.removed[kind].length})
            </dt>
            <dd>{diff.removed[kind].length ? <IdList ids={diff.removed[kind]} /> : t('common.none')}</dd>
          </dl>
        </section>
      ))}
    </div>
  );
}

function IdList({ ids }: { ids: string[] }) {
  return (
    <ul className="id-list mono">
      {ids.map((id) => (
        <li key={id}>{id}</li>
      ))}
    </ul>
  );
}
