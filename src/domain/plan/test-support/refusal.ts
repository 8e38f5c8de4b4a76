/** What a refused call throws, as the API's error handler reads it (shared by the planner's tests). */
import { LifeboatError } from '../../errors.js';

/** Calls `refused` and returns its LifeboatError's code, message, field, key and params; fails if it does not throw one. */
export function refusalOf(refused: () => unknown): Record<string, unknown> {
  try {
    refused();
  } catch (e) {
    if (!(e instanceof LifeboatError)) throw e;
    return { code: e.code, message: e.message, field: e.field, key: e.key, params: e.params };
  }
  throw new Error('expected a refusal');
}
