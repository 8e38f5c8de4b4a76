import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds, timeoutOptions } from './limits.js';

// The nesting depth of a parsed JSON value, the slow way, for comparison.
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('jsonDepthExceeds', () => {
  it('counts [ and { and stops counting at the limit', () => {
    expect(jsonDepthExceeds('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds('[]', 0)).toBe(true);
    expect(jsonDepthExceeds('42', 0)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"[[[[\\\\"}', 1)).toBe(false);
    expect(jsonDepthExceeds('["\\\\",[[]]]', 2)).toBe(true);
  });

  it('scans a body a million levels deep without recursion', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(jsonDepthExceeds(deep, 32)).toBe(true);
    expect(jsonDepthExceeds(`"${deep}"`, 32)).toBe(false);
  });

  it('agrees with the depth of the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, max) => {
        const text = JSON.stringify(value);
        expect(jsonDepthExceeds(text, max)).toBe(depthOf(JSON.parse(text)) > max);
      }),
    );
  });
});

describe('timeoutOptions', () => {
  it('checks the request and header deadlines at a quarter of the shorter one', () => {
    const o = timeoutOptions({ idleMs: 1000, requestMs: 400, headersMs: 800, keepAliveMs: 50 });
    expect(o).toEqual({
      connectionTimeout: 1000,
      requestTimeout: 400,
      keepAliveTimeout: 50,
      http: { headersTimeout: 400, requestTimeout: 400, connectionsCheckingInterval: 100 },
    });
  });
});
