import fs from 'node:fs';
import { decodeCatalogueBytes } from '../domain/catalogue/decode.js';
import { formatIssue } from '../domain/catalogue/format.js';
import type { CatalogueIssue } from '../domain/catalogue/types.js';
import { LifeboatError } from '../domain/errors.js';
import {
  applyParsedImport,
  CLI_ACTOR,
  exportCatalogue,
  type ImportResult,
  parseImport,
} from '../server/catalogue/catalogue.service.js';
import { CliError } from './cli-error.js';
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
    throw new CliError([`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`], 2);
  }
  const decoded = decodeCatalogueBytes(bytes);
  if (!decoded.ok) throw new CliError([`${file}: ${decoded.message}`], 2);
  if (decoded.warning) process.stderr.write(`${file}: ${decoded.warning}\n`);
  return decoded.text;
}

// What a replace removes, by name: the one thing the user cannot see in the file itself.
function removedLines(result: ImportResult): string[] {
  const kinds = ['systems', 'units', 'teams'] as const;
  return kinds.flatMap((kind) =>
    result.diff.removed[kind].map(
      (id) => `  removed ${kind.slice(0, -1)}: ${result.diff.names[kind][id] ?? id} (${id})`,
    ),
  );
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
    const result = await opened.db
      .transaction()
      .execute((trx) => applyParsedImport(trx, opened.deps, CLI_ACTOR, parsed));
    for (const w of result.warnings) process.stderr.write(`${w}\n`);
    const how = mode.replace ? 'replaced the catalogue' : 'merged';
    const statuses = mode.statuses ? 'statuses from the file' : 'live statuses kept';
    process.stdout.write(`Imported ${file} (${how}, ${statuses}): ${result.summary}.\n`);
    for (const line of removedLines(result)) process.stdout.write(`${line}\n`);
  } catch (error) {
    if (error instanceof LifeboatError && error.code === 'invalid_catalogue') {
      const issues = issuesOf(error);
      throw new CliError(issues.length > 0 ? issues.map((i) => formatIssue(file, i)) : [error.message], 2);
    }
    if (error instanceof LifeboatError && error.code !== 'internal') {
      throw new CliError([`lifeboat: ${error.message}`], 1);
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
