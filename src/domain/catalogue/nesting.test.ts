import { describe, expect, it } from 'vitest';
import { jsonNestingIssue, yamlNestingIssue } from './nesting.js';

const limits = { maxDepth: 4, maxIndent: 8 };

/** The exact answers for `limits`, so a test pins both the line and the limit. */
const deep = (line: number) => `line ${line}: the file nests deeper than 4 levels; a catalogue needs five`;
const indented = (line: number) =>
  `line ${line}: the file is indented deeper than 8 columns; a catalogue needs about ten`;

describe('nesting scans', () => {
  it('JSON: counts brackets outside strings', () => {
    expect(jsonNestingIssue('{"a":[{"b":[1]}]}', limits)).toBeUndefined();
    expect(jsonNestingIssue('{"a":[{"b":[[1]]}]}', limits)).toMatch(/^line 1: .*deeper than 4/);
    expect(jsonNestingIssue('{"a":"[[[[[[[[\\"[[[["}', limits)).toBeUndefined();
    expect(jsonNestingIssue('{\n"a":\n[[[[[', limits)).toMatch(/^line 3:/);
  });

  it.each<[string, string, string | undefined]>([
    ['just at the limit', '[[[[1]]]]', undefined],
    ['one past the limit', '[[[[[1]]]]]', deep(1)],
    ['closed brackets free their level', '[][][][][]', undefined],
    ['closed braces free their level', '{}{}{}{}{}', undefined],
    ['mixed, closed in turn', '[{}][{}][{}]', undefined],
    ['a stray ] at depth 0 buys no extra level', '][[[[[1]]]]]', deep(1)],
    ['a stray } at depth 0 buys no extra level', '}\n{{{{{', deep(2)],
    ['several stray closers buy nothing either', ']]]}}}[[[[[', deep(1)],
    ['a string ends at its closing quote', '["a",\n[[[[1]]]]]', deep(2)],
    ['a string is skipped', '["[[[[[", "{{{{{"]', undefined],
    ['an escaped quote does not end a string', '["a\\"[[[[["]', undefined],
    ['an escaped backslash does not escape the quote', '["a\\\\",[[[[1]]]]]', deep(1)],
    ['an unterminated string ends at its line, which is counted', '"abc\n[[[[[', deep(2)],
    ['lines inside and after strings are counted', '{"a": "x",\n"b": "y",\n"c": [[[[[1]]]]]}', deep(3)],
    ['\\r\\n line ends count one line each', '{\r\n"a":\r\n[[[[[1]]]]]}', deep(3)],
  ])('JSON: %s', (_, text, expected) => {
    expect(jsonNestingIssue(text, limits)).toBe(expected);
  });

  it('JSON: two million levels are found at once, without a parser', () => {
    const huge = `${'['.repeat(2_000_000)}${']'.repeat(2_000_000)}`;
    const started = performance.now();
    expect(jsonNestingIssue(huge)).toMatch(/deeper than 32/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('YAML: flow collections outside quotes and comments, and block indentation', () => {
    expect(yamlNestingIssue('a: [1, {b: [2]}]\n', limits)).toBeUndefined();
    expect(yamlNestingIssue('a: [[[[[1]]]]]\n', limits)).toMatch(/deeper than 4/);
    expect(yamlNestingIssue('a: \'[[[[[[\'\nb: "{{{{{{"\n# [[[[[[\nc: x # {{{{{{\n', limits)).toBeUndefined();
    // A plain scalar's brackets are text to the parser, and so to the guard.
    expect(yamlNestingIssue("name: Kalle's [[[[[[\n", limits)).toBeUndefined();
    expect(yamlNestingIssue('a:\n  b:\n    c: 1\n', limits)).toBeUndefined();
    expect(yamlNestingIssue('a:\n  b:\n    c:\n      d:\n          e: 1\n', limits)).toMatch(
      /^line 5: .*indented deeper than 8/,
    );
    expect(yamlNestingIssue('- - - - - x\n', limits)).toMatch(/indented deeper/);
    expect(yamlNestingIssue('- - x\r\n', limits)).toBeUndefined();
  });

  it.each<[string, string, string | undefined]>([
    ['[ just at the limit', 'a: [[[[1]]]]\n', undefined],
    ['{ just at the limit', 'a: {b: {c: {d: {e: 1}}}}\n', undefined],
    ['{ one past the limit', '{a: {b: {c: {d: {e: 1}}}}}\n', deep(1)],
    ['closed brackets free their level', 'a: [1] [2] [3] [4] [5]\n', undefined],
    ['closed braces free their level', 'a: {b: 1} {c: 2} {d: 3} {e: 4} {f: 5}\n', undefined],
    ['only ] and } close a level', 'a: [x, [y, [z, [w, [v]]]]]\n', deep(1)],
    ['only } and ] close a level', 'a: {x: {y: {z: {w: {v: 1}}}}}\n', deep(1)],
    ['a stray ] at depth 0 buys no extra level', ']\na: [[[[[1]]]]]\n', deep(2)],
    ['a stray } at depth 0 buys no extra level', 'a: 1 }\nb: {{{{{\n', deep(2)],
    ['the line is the one where it gets too deep', 'a: 1\nb: [\n  [\n    [[[[x]]]]]]\n', deep(4)],
    ['\\r\\n line ends count one line each', 'a:\r\n  b:\r\n    [[[[[1]]]]]\r\n', deep(3)],
    ['a \\r inside a flow collection is a space', 'a: [1,\r\n  [[[[2]]]]]\r\n', deep(2)],
  ])('YAML flow: %s', (_, text, expected) => {
    expect(yamlNestingIssue(text, limits)).toBe(expected);
  });

  it.each<[string, string, string | undefined]>([
    ['"…" opening the file', '"[[[[["\n', undefined],
    ["'…' opening the file", "'{{{{{'\n", undefined],
    ['"…" at the start of a later line', 'a:\n  "[[[[["\n', undefined],
    ['"…" after a block dash', '- "[[[[["\n', undefined],
    ['"…" after a key', 'a: "[[[[["\n', undefined],
    ['"…" right after a dash', '-"[[[[["\n', undefined],
    ['"…" right after a question mark', '?"[[[[["\n', undefined],
    ['"…" after [', 'a: ["[[[[["]\n', undefined],
    ['"…" after {', 'a: {"[[[[[": 1}\n', undefined],
    ["'…' after a comma", "a: [b, '[[[[[']\n", undefined],
    ['"…" after a tab', 'a:\t"[[[[["\n', undefined],
    ['"…" after a lone \\r', 'a:\r"[[[[["\n', undefined],
    ['a quote inside a plain scalar opens nothing, and its brackets are text', 'a: b"[[[[["\n', undefined],
    ['a quote inside a plain scalar hides nothing after it', 'a: b"\nc: [[[[[1]]]]]\n', deep(2)],
    ['"…" ends at its closing quote', 'a: "x"\nb: [[[[[1]]]]]\n', deep(2)],
    ["'…' ends at its closing quote", "a: 'x'\nb: [[[[[1]]]]]\n", deep(2)],
    ["'' is an empty scalar", "a: ''\nb: [[[[[1]]]]]\n", deep(2)],
    ['lines inside "…" are counted', 'a: "x\ny"\nb: [[[[[1]]]]]\n', deep(3)],
    ["lines inside '…' are counted", "a: 'x\n\ny'\nb: [[[[[1]]]]]\n", deep(4)],
    ['\\" does not end "…"', 'a: "x\\"[[[[["\nb: 1\n', undefined],
    ['\\\\ does not escape the closing "', 'a: "x\\\\" [[[[[\n', deep(1)],
    ["\\ escapes nothing in '…'", "a: 'x\\' [[[[[\n", deep(1)],
    ["'' does not end '…'", "a: 'it''s [[[[['\nb: 1\n", undefined],
  ])('YAML quotes: %s', (_, text, expected) => {
    expect(yamlNestingIssue(text, limits)).toBe(expected);
  });

  it.each<[string, string, string | undefined]>([
    ['# opening the file', '#[[[[[\na: 1\n', undefined],
    ['# after a space', 'a: x #[[[[[\n', undefined],
    ['# after a tab', 'a: x\t#[[[[[\n', undefined],
    ['# inside a plain scalar is no comment but text, brackets too', 'a: x#[[[[[\n', undefined],
    ['# inside a plain scalar hides nothing after it', 'a: x#\nb: [[[[[1]]]]]\n', deep(2)],
    ['a comment ends at its line', '# c\n[[[[[\n', deep(2)],
    ['a comment ending the file without a newline', 'a: [1] # note', undefined],
  ])('YAML comments: %s', (_, text, expected) => {
    expect(yamlNestingIssue(text, limits)).toBe(expected);
  });

  it.each<[string, string, string | undefined]>([
    ['8 spaces, just at the limit', '        x: 1\n', undefined],
    ['9 spaces, one past the limit', '         x: 1\n', indented(1)],
    ['8 tabs, just at the limit', `${'\t'.repeat(8)}x\n`, undefined],
    ['9 tabs, one past the limit', `${'\t'.repeat(9)}x\n`, indented(1)],
    ['tabs on a later line', `a:\n  b:\n${'\t'.repeat(9)}c: 1\n`, indented(3)],
    ['four dashes, just at the limit', '- - - - x\n', undefined],
    ['five dashes, one past the limit', '- - - - - x\n', indented(1)],
    ['question marks nest like dashes', '? ? ? ? ? x\n', indented(1)],
    ['colons nest like dashes', ': : : : : x\n', indented(1)],
    ['a dash and a tab nest', '-\t-\t-\t-\t-\tx\n', indented(1)],
    ['a dash before a word nests nothing', '        -x\n', undefined],
    ['a negative number nests nothing', 'a:\n        -1\n', undefined],
    ['a dash ending its line, just at the limit', 'a:\n        -\n', undefined],
    ['a dash ending its line, one past the limit', 'a:\n         -\n', indented(2)],
    ['a dash ending a \\r\\n line, one past the limit', 'a:\r\n         -\r\n', indented(2)],
    ['a question mark ending its line, one past the limit', '         ?\n', indented(1)],
    ['empty list items, each on its own line, do not add up', '-\n-\n-\n-\n-\n-\n', undefined],
    ['inside a flow collection, indentation nests nothing', 'a: [\n             1]\n', undefined],
    ['the text of a block scalar nests nothing', `t: |\n${' '.repeat(20)}text\n`, undefined],
    ['indentation starts again on each line', 'a:\n      b:\n      c:\n      d:\n', undefined],
  ])('YAML indentation: %s', (_, text, expected) => {
    expect(yamlNestingIssue(text, limits)).toBe(expected);
  });

  it.each<[string, string, string | undefined]>([
    ['a quote in a block scalar hides nothing after it', "x: |\n  '\ny: [[[[[1]]]]]\n", deep(3)],
    ['a quote continuing a plain scalar hides nothing after it', "a: b\n  '\nc: [[[[[1]]]]]\n", deep(3)],
    ['brackets in a literal block scalar are text', 'text: |\n  [[[[[[\n  {{{{{{\n', undefined],
    ['brackets in a folded block scalar are text', 'text: >\n  [[[[[[\nb: [1]\n', undefined],
    ['a block scalar ending the file without a newline', 'text: |\n  [[[[[[', undefined],
    ['an escaped line break in "…" is a line', 'a: "x\\\ny"\nb: [[[[[1]]]]]\n', deep(3)],
    [
      'lines after dashes ending their lines are counted',
      'items:\n  -\n    name: a\n  -\n    name: b\nc: [[[[[1]]]]]\n',
      deep(6),
    ],
  ])('YAML as its parser reads it: %s', (_, text, expected) => {
    expect(yamlNestingIssue(text, limits)).toBe(expected);
  });

  it.each<[string, string, string | undefined]>([
    ['a flow collection the lexer ends at an error frees its levels', 'a: [1,\nb: [[[[1]]]]\n', undefined],
    ['a byte-order mark is no node: the first line is still measured', '\uFEFF         x: 1\n', indented(1)],
    ['a blank line of spaces is no node', 'a: 1\n          \nb: 2\n', undefined],
    ['an indented comment is no node', 'a: 1\n          # note\n', undefined],
    ['a value after a long key is not its line’s first node', 'a_long_key_name: 1\n', undefined],
    [
      'what follows a quoted scalar that spans lines is not its line’s first node',
      'a: "x\n          y" [1]\n',
      undefined,
    ],
  ])('YAML tokens: %s', (_, text, expected) => {
    expect(yamlNestingIssue(text, limits)).toBe(expected);
  });

  it('YAML: a block scalar whose whole text is a bracket is text, not a flow collection', () => {
    expect(yamlNestingIssue('|\n[', { maxDepth: 0, maxIndent: 8 })).toBeUndefined();
    expect(yamlNestingIssue('--- >\n{', { maxDepth: 0, maxIndent: 8 })).toBeUndefined();
    expect(yamlNestingIssue('a: [1]\n', { maxDepth: 0, maxIndent: 8 })).toBe(
      'line 1: the file nests deeper than 0 levels; a catalogue needs five',
    );
  });

  it('YAML: a million levels behind a quote in a block scalar are found at once, before the parser', () => {
    const huge = `x: |\n  '\ny: ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}\n`;
    const started = performance.now();
    expect(yamlNestingIssue(huge)).toBe('line 3: the file nests deeper than 32 levels; a catalogue needs five');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('YAML: two hundred empty list items pass the upload limits', () => {
    expect(yamlNestingIssue('-\n'.repeat(200))).toBeUndefined();
  });

  it('the demo catalogue passes the upload limits', async () => {
    const fs = await import('node:fs');
    const text = fs.readFileSync(new URL('../../../test/fixtures/exempelstad.yaml', import.meta.url), 'utf8');
    expect(yamlNestingIssue(text)).toBeUndefined();
    expect(jsonNestingIssue(JSON.stringify({ a: [{ b: { c: [1] } }] }, null, 2))).toBeUndefined();
  });
});
