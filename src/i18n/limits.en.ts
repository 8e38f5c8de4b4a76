import type { limitsSv } from './limits.sv.js';

/** English texts of the request limits (spread into en.ts); a missing key fails the type check. */
export const limitsEn: { readonly [K in keyof typeof limitsSv]: string } = {
  'error.body_too_large': 'What was sent is too large.',
  'error.body_too_deep': 'What was sent is nested too deeply.',
};
