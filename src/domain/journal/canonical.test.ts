import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonValue } from './canonical.js';

const json = fc.jsonValue() as fc.Arbitrary<JsonValue>;

// Rebuilds an object with its keys in another order, deep.
function shuffleKeys(value: JsonValue, seed: number): JsonValue {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const order = keys.map((k, i) => ({ k, r: (i * 7919 + seed) % (keys.length + 3) })).sort((a, b) => a.r - b.r);
  // fromEntries defines own properties, so a key named "__proto__" stays a key (assignment would set the prototype).
  return Object.fromEntries(order.map(({ k }) => [k, shuffleKeys(value[k] as JsonValue, seed)]));
}

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, as RFC 8785 §3.2.3 shows', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    ) as JsonValue;
    // Read the keys from the text: JavaScript objects would list "1" first whatever the order written.
    const keys = [...canonicalJson(input).matchAll(/"([^"]*)":"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    expect(keys.map((k) => k.codePointAt(0)?.toString(16))).toEqual(['d', '31', '80', 'f6', '20ac', '1f600', 'fb33']);
  });

  it('writes numbers, literals and strings as RFC 8785 §3.2.2 does', () => {
    expect(
      canonicalJson({
        numbers: [333333333.3333333, 1e30, 4.5, 0.002, 1e-27, -0],
        string: '€$\u000f\nA\'B"\\\\"/',
        literals: [null, true, false],
      }),
    ).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27,0],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('refuses what I-JSON cannot hold: lone surrogates and numbers that are not finite', () => {
    expect(() => canonicalJson('\ud800')).toThrow(/surrogate/);
    expect(() => canonicalJson({ '\udc00': 1 })).toThrow(/surrogate/);
    expect(() => canonicalJson(Number.NaN)).toThrow(/finite/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });

  it('is valid JSON that reads back as the same value', () => {
    fc.assert(
      fc.property(json, (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it('does not depend on the order of keys, and is a fixed point', () => {
    fc.assert(
      fc.property(json, fc.nat(), (v, seed) => {
        const c = canonicalJson(v);
        expect(canonicalJson(shuffleKeys(v, seed))).toBe(c);
        expect(canonicalJson(JSON.parse(c) as JsonValue)).toBe(c);
      }),
    );
  });

  it('holds no whitespace outside strings', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null))), (v) => {
        expect(/\s/.test(canonicalJson(v))).toBe(Object.keys(v).some((k) => /\s/.test(JSON.stringify(k))));
      }),
    );
  });
});
