import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { LifeboatError } from '../../domain/errors.js';

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;

/** OWASP's current scrypt advice: N=2^17, r=8, p=1 (128 MiB per hash). Tests pass a lower cost. */
export const DEFAULT_SCRYPT_COST = 17;

const R = 8;
const P = 1;
const KEY_LENGTH = 32;
// Each hash at the default cost takes 128 MiB: a burst of logins must queue, not exhaust memory.
const MAX_CONCURRENT_HASHES = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter, so the count never exceeds the limit.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return limited(
    () =>
      new Promise((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) =>
          error ? reject(error) : resolve(key),
        );
      }),
  );
}

/** Throws a field error when the password is too short. */
export function assertPasswordStrength(password: string, field = 'password'): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new LifeboatError('validation_failed', `${field}: must be at least ${MIN_PASSWORD_LENGTH} characters long`, {
      field,
      key: 'err.password.short',
      params: { min: MIN_PASSWORD_LENGTH },
    });
  }
}

/** Hashes a password with scrypt at 2^cost and a fresh salt: `scrypt$N$r$p$salt$key` (base64url). */
export async function hashPassword(password: string, cost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const key = await derive(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 256 * N * R });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** What a password check found: a match, and whether the stored hash is weaker than the current cost. */
export interface PasswordCheck {
  ok: boolean;
  needsRehash: boolean;
}

/** Checks a password against the stored hash (constant-time; false for anything malformed). */
export async function checkPassword(
  password: string,
  stored: string | null,
  cost = DEFAULT_SCRYPT_COST,
): Promise<PasswordCheck> {
  const no = { ok: false, needsRehash: false };
  if (!stored) return no;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return no;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return no;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length < 16) return no;
  const key = await derive(password, salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  const ok = timingSafeEqual(key, expected);
  return { ok, needsRehash: ok && (N < 2 ** cost || r < R || expected.length < KEY_LENGTH) };
}

/** Whether the password matches the stored hash. */
export async function verifyPassword(password: string, stored: string | null, cost?: number): Promise<boolean> {
  return (await checkPassword(password, stored, cost)).ok;
}

/** A hash to compare against when there is no user, so that unknown e-mails take as long as known ones. */
export function dummyHash(cost = DEFAULT_SCRYPT_COST): string {
  return `scrypt$${2 ** cost}$${R}$${P}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
}
