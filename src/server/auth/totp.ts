import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { group, normaliseReadable, randomReadable, sha256 } from './secrets.js';

const ISSUER = 'Lifeboat';

function totpFor(secret: string, email: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/** A new TOTP secret (base32, 160 bits). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URL an authenticator app reads. */
export function otpauthUrl(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/** The otpauth URL as a QR code in an SVG data URL (allowed by the CSP's img-src data:). */
export async function qrDataUrl(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

const PERIOD_MS = 30_000;

/**
 * The time step a six-digit code belongs to when it is valid at the given time (one period either
 * side), else null. The step is what the replay guard stores: a step once accepted is never again.
 */
export function totpStepOf(secret: string, email: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret, email).validate({ token: code, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : Math.floor(at.getTime() / PERIOD_MS) + delta;
}

/** The code an authenticator shows at the given time (tests and diagnostics). */
export function totpCodeAt(secret: string, at: Date): string {
  return totpFor(secret, 'x').generate({ timestamp: at.getTime() });
}

/** Ten one-time recovery codes, readable (XXXXX-XXXXX). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => group(randomReadable(10), 5));
}

/** The stored form of a recovery code, whatever its case or dashes. */
export function recoveryCodeHash(userId: string, code: string): string {
  return sha256(`recovery:${userId}:${normaliseReadable(code)}`);
}

/** Whether the input looks like a TOTP code rather than a recovery code. */
export function isTotpCode(input: string): boolean {
  return /^\d{6}$/.test(input.replace(/\s+/g, ''));
}
