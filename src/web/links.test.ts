import { describe, expect, it } from 'vitest';
import { spokenCode } from './links.js';

describe('spokenCode', () => {
  it('groups the fragment of a link by four, without separators', () => {
    expect(spokenCode('http://x/app/invite#9MSZ-HHCH-2YGD-DNK3-27MK')).toBe('9MSZ HHCH 2YGD DNK3 27MK');
    expect(spokenCode('http://x/app/invite#abcdefghij')).toBe('abcd efgh ij');
  });

  it('takes a bare token too', () => {
    expect(spokenCode('ABCDEFGH')).toBe('ABCD EFGH');
    expect(spokenCode('')).toBe('');
  });
});
