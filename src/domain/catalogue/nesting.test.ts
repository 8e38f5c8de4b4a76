import { describe, expect, it } from 'vitest';
import { jsonNestingIssue, yamlNestingIssue } from './nesting.js';

const limits = { maxDepth: 4, maxIndent: 8 };

describe('nesting scans', () => {
  it('JSON: counts brackets outside strings', () => {
    expect(jsonNestingIssue('{"a":[{"b":[1]}]}', limits)).toBeUndefined();
    expect(jsonNestingIssue('{"a":[{"b":[[1]]}]}', limits)).toMatch(/^line 1: .*deeper than 4/);
    expect(jsonNestingIssue('{"a":"[[[[[[[[\\"[[[["}', limits)).toBeUndefined();
    expect(jsonNestingIssue('{\n"a":\n[[[[[', limits)).toMatch(/^line 3:/);
  });

  it('JSON: two million levels are found at once, without a parser', () => {
    const deep = `${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}`;
    const started = performance.now();
    expect(jsonNestingIssue(deep)).toMatch(/deeper than 32/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('YAML: flow collections outside quotes and comments, and block indentation', () => {
    expect(yamlNestingIssue('a: [1, {b: [2]}]\n', limits)).toBeUndefined();
    expect(yamlNestingIssue('a: [[[[[1]]]]]\n', limits)).toMatch(/deeper than 4/);
    expect(yamlNestingIssue('a: \'[[[[[[\'\nb: "{{{{{{"\n# [[[[[[\nc: x # {{{{{{\n', limits)).toBeUndefined();
    expect(yamlNestingIssue("name: Kalle's [[[[[[\n", limits)).toMatch(/deeper than 4/);
    expect(yamlNestingIssue('a:\n  b:\n    c: 1\n', limits)).toBeUndefined();
    expect(yamlNestingIssue('a:\n  b:\n    c:\n      d:\n          e: 1\n', limits)).toMatch(
      /^line 5: .*indented deeper than 8/,
    );
    expect(yamlNestingIssue('- - - - - x\n', limits)).toMatch(/indented deeper/);
    expect(yamlNestingIssue('- - x\r\n', limits)).toBeUndefined();
  });

  it('the demo catalogue passes the upload limits', async () => {
    const fs = await import('node:fs');
    const text = fs.readFileSync(new URL('../../../test/fixtures/exempelstad.yaml', import.meta.url), 'utf8');
    expect(yamlNestingIssue(text)).toBeUndefined();
    expect(jsonNestingIssue(JSON.stringify({ a: [{ b: { c: [1] } }] }, null, 2))).toBeUndefined();
  });
});
