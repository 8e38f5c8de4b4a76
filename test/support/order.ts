import { expect } from 'vitest';

/**
 * Asserts that every one of `items` is in `list`, in this order. Where `indexOf(a) < indexOf(b)`
 * passes when `a` is missing (-1 is less than anything), this fails and names what is missing.
 */
export function expectInOrder<T>(list: readonly T[], ...items: T[]): void {
  const at = items.map((item) => list.indexOf(item));
  expect(
    items.filter((_, k) => at[k] === -1),
    'missing from the list',
  ).toEqual([]);
  expect(at, `${JSON.stringify(items)} in this order`).toEqual([...at].sort((a, b) => a - b));
}
