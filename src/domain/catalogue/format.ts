/** Formatting of catalogue issues for people (the CLI, logs). */
import type { CatalogueIssue } from './types.js';

/** Formats an issue as DESIGN.md's `FILE:LINE: FIELD: message` (no `LINE:` when unknown, no `FIELD: ` when empty). */
export function formatIssue(fileName: string, issue: CatalogueIssue): string {
  const line = issue.line !== undefined ? `${issue.line}:` : '';
  const field = issue.field ? `${issue.field}: ` : '';
  return `${fileName}:${line} ${field}${issue.message}`;
}
