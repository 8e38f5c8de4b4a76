import { createHash, randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** SHA-256 of a secret, hex: what is stored instead of the secret. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A random string of the given length over an alphabet without look-alikes (no I, O, 0, 1). */
export function randomReadable(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 256 is a multiple of 32: no modulo bias.
  for (const b of bytes) out += BASE32[b % 32];
  return out;
}

/** Groups a readable token for reading aloud: ABCD-EFGH-... */
export function group(token: string, size: number): string {
  return token.match(new RegExp(`.{1,${size}}`, 'g'))?.join('-') ?? token;
}

/** Normalises a token typed by a person: case, spaces and dashes do not matter. */
export function normaliseReadable(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

/** A session cookie token: 32 random bytes. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A CSRF token for a session. */
export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/** An API token: recognisable prefix, 32 random bytes. */
export function newApiToken(): string {
  return `lb_${randomBytes(32).toString('base64url')}`;
}

/** An invitation or set-up token: 20 readable characters (100 bits) in groups of four. */
export function newInvitationToken(): string {
  return group(randomReadable(20), 4);
}

/** The hash under which an invitation token is stored, whatever its grouping or case. */
export function invitationHash(token: string): string {
  return sha256(`invitation:${normaliseReadable(token)}`);
}
