import { describe, expect, it } from 'vitest';
import { afterFailure, retryAfterSeconds } from './backoff.js';
import { assertPasswordStrength, hashPassword, verifyPassword } from './password.js';
import { group, invitationHash, newInvitationToken, normaliseReadable } from './secrets.js';
import { newRecoveryCodes, newTotpSecret, totpCodeAt, verifyTotpCode } from './totp.js';

describe('password', () => {
  it('hashes with a salt and the parameters, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2')).toBe(false);
  });

  it('refuses passwords shorter than 10 characters, naming the field', () => {
    expect(() => assertPasswordStrength('123456789', 'newPassword')).toThrow(/newPassword: must be at least 10/);
    expect(() => assertPasswordStrength('1234567890')).not.toThrow();
  });
});

describe('back-off', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  it('locks 30 s after the fifth failure, doubling up to 15 minutes', () => {
    let s = afterFailure(undefined, t0);
    for (let i = 2; i <= 4; i++) s = afterFailure(s, t0);
    expect(s.failures).toBe(4);
    expect(retryAfterSeconds(s, t0)).toBe(0);
    s = afterFailure(s, t0);
    expect(retryAfterSeconds(s, t0)).toBe(30);
    s = afterFailure(s, t0);
    expect(retryAfterSeconds(s, t0)).toBe(60);
    for (let i = 0; i < 10; i++) s = afterFailure(s, t0);
    expect(retryAfterSeconds(s, t0)).toBe(900);
    expect(retryAfterSeconds(s, new Date(t0.getTime() + 900_000))).toBe(0);
  });
  it('forgets a key that has been quiet for an hour', () => {
    let s = afterFailure(undefined, t0);
    for (let i = 0; i < 5; i++) s = afterFailure(s, t0);
    s = afterFailure(s, new Date(t0.getTime() + 61 * 60_000));
    expect(s.failures).toBe(1);
  });
});

describe('tokens and codes', () => {
  it('makes invitation tokens of 20 readable characters in groups of four', () => {
    const t = newInvitationToken();
    expect(t).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){4}$/);
    expect(invitationHash(t.toLowerCase().replace(/-/g, ' '))).toBe(invitationHash(t));
    expect(normaliseReadable(' ab-cd ')).toBe('ABCD');
    expect(group('ABCDEFGH', 4)).toBe('ABCD-EFGH');
  });
  it('accepts a TOTP code one period either side, not two', () => {
    const secret = newTotpSecret();
    const now = new Date('2026-11-29T08:00:10Z');
    const code = totpCodeAt(secret, now);
    expect(verifyTotpCode(secret, 'a@b', code, now)).toBe(true);
    expect(verifyTotpCode(secret, 'a@b', code, new Date(now.getTime() + 30_000))).toBe(true);
    expect(verifyTotpCode(secret, 'a@b', code, new Date(now.getTime() + 90_000))).toBe(false);
    expect(verifyTotpCode(secret, 'a@b', '12345', now)).toBe(false);
  });
  it('makes ten distinct recovery codes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
  });
});
