import { describe, expect, it } from 'vitest';
import { accountDelayMs, reservePolicy, retryAfterSeconds } from './backoff.js';
import { assertPasswordStrength, checkPassword, hashPassword, verifyPassword } from './password.js';
import { group, invitationHash, newInvitationToken, normaliseReadable } from './secrets.js';
import { newRecoveryCodes, newTotpSecret, totpCodeAt, totpStepOf } from './totp.js';

describe('password', () => {
  it('hashes with a salt and the parameters, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery', 12);
    const b = await hashPassword('correct horse battery', 12);
    expect(a).toMatch(/^scrypt\$4096\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2')).toBe(false);
  });

  it('hashes at OWASP cost by default and asks for a rehash of a weaker hash', async () => {
    const strong = await hashPassword('correct horse battery');
    expect(strong).toMatch(/^scrypt\$131072\$8\$1\$/);
    const weak = await hashPassword('correct horse battery', 12);
    expect(await checkPassword('correct horse battery', weak, 13)).toEqual({ ok: true, needsRehash: true });
    expect(await checkPassword('correct horse battery', weak, 12)).toEqual({ ok: true, needsRehash: false });
    expect(await checkPassword('wrong horse battery', weak, 13)).toEqual({ ok: false, needsRehash: false });
  });

  it('refuses passwords shorter than 12 characters (ASVS 2.1.1), naming the field', () => {
    expect(() => assertPasswordStrength('12345678901', 'newPassword')).toThrow(/newPassword: must be at least 12/);
    expect(() => assertPasswordStrength('123456789012')).not.toThrow();
  });
});

describe('back-off', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  it('locks 30 s from the fifth failure, doubling up to 15 minutes', () => {
    const p = reservePolicy(t0);
    expect(p.free).toBe(5);
    const seconds = p.lockUntil.map((u) => retryAfterSeconds(u, t0));
    expect(seconds).toEqual([30, 60, 120, 240, 480, 900]);
    expect(p.staleBefore).toBe('2025-12-31T23:00:00.000Z');
  });
  it('slows an account down only after ten failures, growing and capped, never locking', () => {
    expect(accountDelayMs(10)).toBe(0);
    expect(accountDelayMs(11)).toBe(250);
    expect(accountDelayMs(12)).toBe(500);
    expect(accountDelayMs(1000)).toBe(4000);
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
    const step = Math.floor(now.getTime() / 30_000);
    expect(totpStepOf(secret, 'a@b', code, now)).toBe(step);
    // The same code a period later still belongs to its own step: the replay guard compares steps.
    expect(totpStepOf(secret, 'a@b', code, new Date(now.getTime() + 30_000))).toBe(step);
    expect(totpStepOf(secret, 'a@b', code, new Date(now.getTime() + 90_000))).toBe(null);
    expect(totpStepOf(secret, 'a@b', '12345', now)).toBe(null);
  });
  it('makes ten distinct recovery codes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
  });
});
