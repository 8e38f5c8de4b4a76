// Assertions that pass whatever the code does, found by pattern over every test file, so that the
// ones fixed in issue 12 (part 9) cannot come back. Only what a pattern can tell for sure is here;
// DEVELOPERS.md ("Tests") lists the rest to look for in review.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** A pattern of an assertion that cannot fail, and why. */
const PATTERNS: { name: string; re: RegExp; why: string }[] = [
  {
    name: 'empty toMatchObject',
    re: /\.toMatchObject\(\s*\{\s*\}\s*\)/g,
    why: 'every object matches {}',
  },
  {
    name: 'order by indexOf',
    re: /expect\(\s*[\w.$[\]]+\.(?:indexOf|findIndex)\([^;]*?\)\.(?:not\.)?toBe(?:Less|Greater)Than(?:OrEqual)?\(\s*[\w.$[\]]+\.(?:indexOf|findIndex)\(/g,
    why: 'a missing item is -1, before everything: use expectInOrder (test/support/order.ts)',
  },
  {
    name: 'order by indexOf comparison',
    re: /\.(?:indexOf|findIndex)\([^()]*(?:\([^()]*\)[^()]*)*\)\s*[<>]=?\s*[\w.$[\]]+\.(?:indexOf|findIndex)\(/g,
    why: 'a missing item is -1, before everything: use expectInOrder (test/support/order.ts)',
  },
  {
    name: 'toEqual(expect.anything())',
    re: /\.to(?:Strict)?Equal\(\s*expect\.anything\(\)\s*\)/g,
    why: 'anything but null and undefined passes: say what the value must be',
  },
  {
    name: 'length of a split is positive',
    re: /\.split\([^)]*\)\s*\.length\s*\)\s*\.toBeGreaterThan\(\s*0\s*\)/g,
    why: 'split() always gives at least one element',
  },
];

/** Every test file of the project (src, test, bench), relative to the root, sorted. */
function testFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'fixtures') walk(rel);
      } else if (/\.(test|spec)\.tsx?$/.test(e.name) || (dir.startsWith('test') && /\.tsx?$/.test(e.name))) {
        out.push(rel);
      }
    }
  };
  for (const dir of ['src', 'test', 'bench']) walk(dir);
  return out.sort();
}

/** Where the patterns occur in a text: `name (line N): why` for each. */
function findCannotFail(text: string): string[] {
  const found: string[] = [];
  for (const { name, re, why } of PATTERNS) {
    for (const m of text.matchAll(re))
      found.push(`${name} (line ${text.slice(0, m.index).split('\n').length}): ${why}`);
  }
  return found;
}

describe('tests that can fail', () => {
  it('recognises each pattern (the check itself can fail)', () => {
    const samples = [
      'expect(x).toMatchObject({});',
      "expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));",
      'expect(rows.findIndex((l) => l.includes(a))).toBeLessThan(rows.findIndex((l) => l.includes(b)));',
      'if (list.indexOf(b) > list.indexOf(a)) expect(f(a, b)).toBe(true);',
      'expect(value).toEqual(expect.anything());',
      "expect(text.split('\\n').length).toBeGreaterThan(0);",
    ];
    expect(samples.map((s) => findCannotFail(s).length)).toEqual(samples.map(() => 1));
    // And leaves alone what can fail.
    expect(
      findCannotFail(
        "expect(x).toMatchObject({ a: 1 }); expectInOrder(order, 'a', 'b'); expect(v).toEqual(expect.any(String));",
      ),
    ).toEqual([]);
  });

  it('finds none of them in the test suite', () => {
    // This file spells the patterns out in its samples.
    const files = testFiles().filter((f) => f !== path.join('src', 'tests-can-fail.test.ts'));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) =>
      findCannotFail(fs.readFileSync(path.join(root, f), 'utf8')).map((x) => `${f}: ${x}`),
    );
    expect(found).toEqual([]);
  });
});
