import { LifeboatError } from '../errors.js';

/** A JSON value as RFC 8785 canonicalises it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

// RFC 8785 §3.2.2.2: strings are written as ECMAScript's JSON.stringify writes them, but a lone
// surrogate cannot be expressed in I-JSON, so it is refused rather than escaped.
function assertWellFormed(s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new LifeboatError('bad_request', 'canonical JSON: a string holds a lone surrogate');
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      throw new LifeboatError('bad_request', 'canonical JSON: a string holds a lone surrogate');
  }
}

/**
 * The canonical form of a JSON value (RFC 8785, JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript writes them. Refuses what JSON cannot hold.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // ES Number serialisation is exactly what RFC 8785 §3.2.2.3 prescribes; -0 is written 0 by it too.
      if (!Number.isFinite(value)) throw new LifeboatError('bad_request', 'canonical JSON: a number is not finite');
      return JSON.stringify(value);
    case 'string':
      assertWellFormed(value);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 asks for.
      const keys = Object.keys(value).sort();
      const parts: string[] = [];
      for (const key of keys) {
        const v = value[key];
        if (v === undefined) continue;
        assertWellFormed(key);
        parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new LifeboatError('bad_request', `canonical JSON: cannot hold a ${typeof value}`);
  }
}
