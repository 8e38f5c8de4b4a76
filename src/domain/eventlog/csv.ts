/**
 * CSV for the event log's export, made to open cleanly in Excel set up for Swedish: a UTF-8 byte-order mark
 * (without it Excel reads the file as Windows-1252 and mangles å, ä, ö), `;` between cells (Swedish Excel's
 * list separator, since the comma is its decimal sign) and CRLF between rows.
 */

/** A cell's value: null is an empty cell. */
export type CsvCell = string | number | boolean | null;
/** One row of cells. */
export type CsvRow = readonly CsvCell[];

/** The byte-order mark that tells Excel the file is UTF-8. */
export const BOM = '\uFEFF';
/** The cell separator. */
export const SEPARATOR = ';';

// A cell that starts like a formula would be run by a spreadsheet (CSV injection, e.g. =HYPERLINK(…)).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as CSV text: formulas neutralised with a leading apostrophe, quoted when it holds ; " or a line break. */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[;",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole file: BOM, header row, then the rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly CsvRow[]): string {
  const line = (cells: readonly CsvCell[]) => `${cells.map(csvCell).join(SEPARATOR)}\r\n`;
  return BOM + line(header) + rows.map(line).join('');
}
