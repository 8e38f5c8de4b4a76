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

const OPENS_SCALAR = new Set([':', '-', '?', '[', '{', ',']);

/**
 * Why a YAML text nests too deep, or undefined: flow collections are counted like JSON's
 * (outside quoted scalars and comments), block nesting by its indentation.
 */
export function yamlNestingIssue(text: string, limits: NestingLimits = UPLOAD_NESTING): string | undefined {
  let depth = 0;
  let line = 1;
  let atLineStart = true;
  let indent = 0;
  // The last character that was not a space, on this line: a quote opens a scalar only after one of OPENS_SCALAR.
  let prev = '';
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      atLineStart = true;
      indent = 0;
      prev = '';
      continue;
    }
    if (atLineStart) {
      const next = text[i + 1];
      if (ch === ' ' || ch === '\t') {
        indent++;
        if (indent > limits.maxIndent) return tooDeepIndent(line, limits.maxIndent);
        continue;
      }
      if (
        (ch === '-' || ch === '?' || ch === ':') &&
        (next === ' ' || next === '\t' || next === '\n' || next === '\r')
      ) {
        // `- - - x` nests a sequence per dash on one line.
        indent += 2;
        i++;
        if (indent > limits.maxIndent) return tooDeepIndent(line, limits.maxIndent);
        continue;
      }
      atLineStart = false;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (ch === '#' && (prev === '' || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      while (i + 1 < n && text[i + 1] !== '\n') i++;
      continue;
    }
    if ((ch === '"' || ch === "'") && (prev === '' || OPENS_SCALAR.has(prev))) {
      for (i++; i < n; i++) {
        const d = text[i];
        if (d === '\n') line++;
        if (ch === '"' && d === '\\') i++;
        else if (d === ch) {
          if (ch === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
      prev = ch;
      continue;
    }
    if (ch === '[' || ch === '{') {
      if (++depth > limits.maxDepth) return tooDeep(line, limits.maxDepth);
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    prev = ch;
  }
  return undefined;
}

function tooDeepIndent(line: number, max: number): string {
  return `line ${line}: the file is indented deeper than ${max} columns; a catalogue needs about ten`;
}
