import type { ReservePolicy } from '../../store/auth/auth.repository.js';

/** Attempts allowed per (account, client) before that pair is locked; also for TOTP codes per user. */
export const FREE_FAILURES = 5;
/** Failures on an account (from every client) before each further attempt is slowed down; never a lock. */
export const FREE_ACCOUNT_FAILURES = 10;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 4_000;
// A key that has been quiet this long starts counting again from zero.
const FORGET_AFTER_MS = 60 * 60_000;

/** The reservation policy at this instant: locked 30 s from the fifth failure, doubling, at most 15 min. */
export function reservePolicy(now: Date, free = FREE_FAILURES): ReservePolicy {
  const t = now.getTime();
  const lockUntil: string[] = [];
  for (let ms = FIRST_LOCK_MS; ; ms *= 2) {
    lockUntil.push(new Date(t + Math.min(ms, MAX_LOCK_MS)).toISOString());
    if (ms >= MAX_LOCK_MS) break;
  }
  return { now: now.toISOString(), staleBefore: new Date(t - FORGET_AFTER_MS).toISOString(), lockUntil, free };
}

/** When a quiet key starts afresh, for counters that never lock. */
export function staleBefore(now: Date): string {
  return new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
}

/** Seconds until a lock ends, at least 1 while it lasts. */
export function retryAfterSeconds(lockedUntil: string | null, now: Date): number {
  if (!lockedUntil) return 1;
  const ms = new Date(lockedUntil).getTime() - now.getTime();
  return Math.max(1, Math.ceil(ms / 1000));
}

/** How long to slow an attempt on an account with this many recent failures: growing, capped, never a lock. */
export function accountDelayMs(failures: number): number {
  if (failures <= FREE_ACCOUNT_FAILURES) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - FREE_ACCOUNT_FAILURES - 1, 10), MAX_DELAY_MS);
}
