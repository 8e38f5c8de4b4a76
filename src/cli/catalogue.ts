import fs from 'node:fs';
import { decodeCatalogueBytes, WINDOWS_1252_WARNING_KEY } from '../domain/catalogue/decode.js';
import { formatIssue } from '../domain/catalogue/format.js';
import type { CatalogueIssue } from '../domain/catalogue/types.js';
import { LifeboatError } from '../domain/errors.js';
import type { Locale } from '../i18n/index.js';
import {
  applyParsedImport,
  CLI_ACTOR,
  exportCatalogue,
  type ImportResult,
  parseImport,
} from '../server/catalogue/catalogue.service.js';
import { lock, unitOfWork } from '../server/tx.js';
import { CliError } from './cli-error.js';
import { cliDecodeRefusal, cliDecodeWarning, cliErrorMessage, cliIssue, cliLocale, cliText } from './locale.js';
import { openFromFlags } from './open-db.js';

/** Options of `lifeboat import`. */
export interface ImportOptions {
  data?: string;
  demo?: boolean;
  /** Replace the catalogue instead of merging into it. */
  replace?: boolean;
  /** Take status and remaining_hours from the file instead of keeping the live ones. */
  statuses?: boolean;
}

/** Options of `lifeboat export`. */
export interface ExportOptions {
  out?: string;
  data?: string;
  demo?: boolean;
}

function issuesOf(error: LifeboatError): CatalogueIssue[] {
  const details = error.details as { issues?: CatalogueIssue[] } | undefined;
  return details?.issues ?? [];
}

/** A catalogue file's text by the one decoder (DESIGN.md): a warning on stderr for Windows-1252, exit 2 for anything else. */
export function readCatalogueFile(file: string): string {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError([`${file}: ${cliText('err.cli.cannotRead', { code })}`], 2);
  }
  const decoded = decodeCatalogueBytes(bytes);
  if (!decoded.ok) throw new CliError([`${file}: ${cliDecodeRefusal(decoded)}`], 2);
  if (decoded.warning)
    process.stderr.write(`${file}: ${cliDecodeWarning(decoded.warning, WINDOWS_1252_WARNING_KEY)}\n`);
  return decoded.text;
}

// What a replace removes, by name: the one thing the user cannot see in the file itself.
function removedLines(result: ImportResult, locale: Locale): string[] {
  const kinds = ['systems', 'units', 'teams'] as const;
  return kinds.flatMap((kind) =>
    result.diff.removed[kind].map((id) =>
      cliText(
        'cli.import.removed',
        { kind: cliText(`cli.import.kind.${kind}`, undefined, locale), name: result.diff.names[kind][id] ?? id, id },
        locale,
      ),
    ),
  );
}

// The service's English counts ("added 3, changed 1, removed 0") in the CLI's language.
function summaryText(summary: string, locale: Locale): string {
  const m = /^added (\d+), changed (\d+), removed (\d+)$/.exec(summary);
  if (!m) return summary;
  return cliText('cli.import.summary', { added: m[1] ?? '', changed: m[2] ?? '', removed: m[3] ?? '' }, locale);
}

/**
 * `lifeboat import FILE [--replace] [--statuses]`: merges the file into the stored catalogue (or
 * replaces it), in one transaction; live statuses are kept unless --statuses.
 */
export async function importCommand(file: string, opts: ImportOptions): Promise<void> {
  const text = readCatalogueFile(file);
  const mode = { replace: opts.replace === true, statuses: opts.statuses === true };
  const opened = await openFromFlags(opts);
  try {
    const parsed = await parseImport(opened.db, { fileName: file, text, mode });
    // The same unit of work and catalogue lock as the API's imports; running servers hear of it by NOTIFY
    // (PostgreSQL) or their poll (SQLite).
    const result = await unitOfWork({ db: opened.db }, async (trx) => {
      await lock(trx, 'catalogue');
      return applyParsedImport(trx, opened.deps, CLI_ACTOR, parsed);
    });
    const locale = cliLocale();
    // The file's own warnings in the CLI's language; the others as the service wrote them.
    const local = new Map((parsed.issueWarnings ?? []).map((w) => [formatIssue(file, w), cliIssue(file, w, locale)]));
    for (const w of result.warnings) process.stderr.write(`${local.get(w) ?? w}\n`);
    const how = cliText(mode.replace ? 'cli.import.replaced' : 'cli.import.merged', undefined, locale);
    const statuses = cliText(
      mode.statuses ? 'cli.import.statusesFromFile' : 'cli.import.statusesKept',
      undefined,
      locale,
    );
    const summary = summaryText(result.summary, locale);
    process.stdout.write(`${cliText('cli.import.done', { file, how, statuses, summary }, locale)}\n`);
    for (const line of removedLines(result, locale)) process.stdout.write(`${line}\n`);
  } catch (error) {
    if (error instanceof LifeboatError && error.code === 'invalid_catalogue') {
      const issues = issuesOf(error);
      throw new CliError(issues.length > 0 ? issues.map((i) => cliIssue(file, i)) : [cliErrorMessage(error)], 2);
    }
    if (error instanceof LifeboatError && error.code !== 'internal') {
      throw new CliError([`lifeboat: ${cliErrorMessage(error)}`], 1);
    }
    throw error;
  } finally {
    await opened.close();
  }
}

/** `lifeboat export [--out FILE]`: the catalogue as YAML, or JSON for a .json file; stdout without --out. */
export async function exportCommand(opts: ExportOptions): Promise<void> {
  const format = opts.out?.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
  const opened = await openFromFlags(opts);
  let text: string;
  try {
    text = await exportCatalogue(opened.db, format);
  } finally {
    await opened.close();
  }
  if (opts.out) fs.writeFileSync(opts.out, text);
  else process.stdout.write(text);
}
