import fs from 'node:fs';
import { formatIssue } from '../domain/catalogue/format.js';
import type { CatalogueIssue } from '../domain/catalogue/types.js';
import { LifeboatError } from '../domain/errors.js';
import { applyImport, CLI_ACTOR, exportCatalogue } from '../server/catalogue/catalogue.service.js';
import { CliError } from './cli-error.js';
import { openFromFlags } from './open-db.js';

/** Options of `lifeboat import`. */
export interface ImportOptions {
  data?: string;
  demo?: boolean;
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

/** `lifeboat import FILE`: replaces the stored catalogue with the file's, in one transaction. */
export async function importCommand(file: string, opts: ImportOptions): Promise<void> {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError([`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`], 2);
  }
  const opened = await openFromFlags(opts);
  try {
    const { summary, warnings } = await opened.db
      .transaction()
      .execute((trx) => applyImport(trx, opened.deps, CLI_ACTOR, file, content));
    for (const w of warnings) process.stderr.write(`${w}\n`);
    process.stdout.write(`Imported ${file}: ${summary}.\n`);
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
