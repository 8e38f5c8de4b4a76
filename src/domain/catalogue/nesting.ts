import { CST, Lexer } from 'yaml';

/**
 * A cheap, linear scan of an uploaded file's text for nesting, run before any parser: a catalogue
 * nests five levels deep, and a file nested two million levels deep must not reach JSON.parse or the
 * YAML parser (which recurse, and keep a node per level).
 */

/** How deep an upload may nest. */
export interface NestingLimits {
  /** Open `[` and `{` (JSON, and YAML flow collections) at once. */
  maxDepth: number;
  /** Columns of YAML block indentation, counting `- `, `? ` and `: ` that open a nested node on the same line. */
  maxIndent: number;
}

/** The limits for uploads: far above any catalogue, far below what hurts. */
export const UPLOAD_NESTING: NestingLimits = { maxDepth: 32, maxIndent: 128 };

/** Why a JSON text nests too deep, or undefined. Strings are skipped, so `"[[["` costs nothing. */
export function jsonNestingIssue(text: string, limits: NestingLimits = UPLOAD_NESTING): string | undefined {
  let depth = 0;
  let line = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10) break;
      }
      if (text.charCodeAt(i) === 10) line++;
    } else if (c === 91 || c === 123) {
      if (++depth > limits.maxDepth) return tooDeep(line, limits.maxDepth);
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

function tooDeep(line: number, max: number): string {
  return `line ${line}: the file nests deeper than ${max} levels; a catalogue needs five`;
}

/** The block indicators after which the same line's next token opens a nested node (`- - x`, `? - x`). */
const NESTING_INDICATORS = new Set(['seq-item-ind', 'explicit-key-ind', 'map-value-ind']);

/**
 * Why a YAML text nests too deep, or undefined. It reads the text with the YAML library's own lexer,
 * which is a flat loop and yields tokens one at a time, so it sees quotes, comments and block scalars
 * exactly as the parser will: a scan of its own guessed them, and a quote it took for the start of a
 * scalar could hide a deep flow collection from it (mutation testing found the gap). Flow
 * collections are counted by depth; block nesting by the column where a line's node starts, after
 * any `- `, `? ` or `: ` that opens a nested node on the same line.
 */
export function yamlNestingIssue(text: string, limits: NestingLimits = UPLOAD_NESTING): string | undefined {
  let depth = 0;
  let line = 1;
  let column = 0;
  // Whether the next token is the first node of its line (or follows only block indicators).
  let lineLead = true;
  // The lexer marks a scalar's text with a token before it: that text is never structure.
  let scalarNext = false;
  for (const token of new Lexer().lex(text)) {
    if (token === CST.SCALAR) {
      scalarNext = true;
      continue;
    }
    if (token === CST.FLOW_END) depth = 0;
    if (token === CST.DOCUMENT || token === CST.FLOW_END || token === CST.BOM) continue;
    const type = scalarNext ? 'scalar' : CST.tokenType(token);
    scalarNext = false;
    if (type !== 'space' && type !== 'newline' && type !== 'comment') {
      if (depth === 0 && lineLead) {
        if (column > limits.maxIndent) return tooDeepIndent(line, limits.maxIndent);
        lineLead = type !== null && NESTING_INDICATORS.has(type);
      } else lineLead = false;
      if (type === 'flow-seq-start' || type === 'flow-map-start') {
        if (++depth > limits.maxDepth) return tooDeep(line, limits.maxDepth);
      } else if ((type === 'flow-seq-end' || type === 'flow-map-end') && depth > 0) depth--;
    }
    const lastBreak = token.lastIndexOf('\n');
    if (lastBreak === -1) column += token.length;
    else {
      for (let k = token.indexOf('\n'); k !== -1; k = token.indexOf('\n', k + 1)) line++;
      column = token.length - lastBreak - 1;
      // A token that ends its line (a line break, a comment's end, a block scalar's text) starts a new one.
      lineLead = column === 0;
    }
  }
  return undefined;
}

function tooDeepIndent(line: number, max: number): string {
  return `line ${line}: the file is indented deeper than ${max} columns; a catalogue needs about ten`;
}
