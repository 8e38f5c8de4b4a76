/** Failures allowed before an e-mail (or a user's TOTP) is locked. */
export const FREE_FAILURES = 5;
/**
 * Failures allowed before an address is locked: a crisis room shares one address behind
 * its NAT, and a few typos there must not lock everyone out.
 */
export const FREE_FAILURES_PER_ADDRESS = 20;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;
// A key that has been quiet this long starts counting again from zero.
const FORGET_AFTER_MS = 60 * 60_000;

/** The back-off state of one key. */
export interface BackoffState {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

/** Seconds until the key may try again, or 0 when it is not locked. */
export function retryAfterSeconds(state: BackoffState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  const ms = new Date(state.lockedUntil).getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The state after one more failure: locked 30 s after the fifth (by default), doubling per failure, at most 15 min. */
export function afterFailure(state: BackoffState | undefined, now: Date, free = FREE_FAILURES): BackoffState {
  const stale = state && now.getTime() - new Date(state.lastFailureAt).getTime() > FORGET_AFTER_MS;
  const failures = (state && !stale ? state.failures : 0) + 1;
  if (failures < free) return { failures, lastFailureAt: now.toISOString(), lockedUntil: null };
  const lockMs = Math.min(FIRST_LOCK_MS * 2 ** Math.min(failures - free, 20), MAX_LOCK_MS);
  return {
    failures,
    lastFailureAt: now.toISOString(),
    lockedUntil: new Date(now.getTime() + lockMs).toISOString(),
  };
}
