import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LifeboatError } from '../../domain/errors.js';
import { listTotpSecrets, replaceTotpSecret } from '../../store/auth/auth.repository.js';
import type { Db } from '../../store/database.js';
import type { Config } from '../config.js';

/** The file in the data directory that holds a generated key (SQLite without LIFEBOAT_SECRET_KEY). */
export const SECRET_KEY_FILE = 'secret.key';

const SEALED_PREFIX = 'v1:';

interface Keys {
  totp: Buffer;
  device: Buffer;
}

// One derivation per configuration object: the key file is read once, not per request.
const cache = new WeakMap<Config, Keys>();

function derive(master: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(master, 'utf8'), Buffer.alloc(0), `lifeboat:${purpose}`, 32));
}

/**
 * The master key of this installation: LIFEBOAT_SECRET_KEY, else (SQLite only) the key in the data
 * directory, generated with mode 0600 on first use. On PostgreSQL the key must come from the
 * environment, because every server must seal and open with the same one.
 */
export function ensureSecretKey(config: Config): string {
  if (config.secretKey) return config.secretKey;
  if (config.databaseUrl) {
    throw new LifeboatError(
      'internal',
      'LIFEBOAT_SECRET_KEY must be set on PostgreSQL (the same value on every server, at least 32 characters).',
    );
  }
  const file = path.join(config.dataDir, SECRET_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      // `wx`: two processes starting at once must not each write their own key.
      fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new LifeboatError('internal', `${file}: the key is too short; restore it from a backup.`);
  return key;
}

function keysOf(config: Config): Keys {
  let keys = cache.get(config);
  if (!keys) {
    const master = ensureSecretKey(config);
    keys = { totp: derive(master, 'totp-secret'), device: derive(master, 'device-cookie') };
    cache.set(config, keys);
  }
  return keys;
}

/** Encrypts a TOTP secret for storage: AES-256-GCM, `v1:` + base64url(iv | tag | ciphertext). */
export function sealSecret(config: Config, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keysOf(config).totp, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Whether a stored secret is sealed already. */
export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

/** Decrypts a stored TOTP secret; a legacy clear one is returned as it is (start-up seals those). */
export function openSecret(config: Config, stored: string): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keysOf(config).totp, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    // A lost or changed key must not become a 500: the user can still get in with a recovery code,
    // and an administrator can reset the factor.
    throw new LifeboatError(
      'conflict',
      'Your second factor cannot be checked: the server key (LIFEBOAT_SECRET_KEY or secret.key) is not the one it was sealed with. Use a recovery code, or ask an administrator to reset your second factor.',
      { field: 'code' },
    );
  }
}

/** How many sealed TOTP secrets this configuration's key cannot open (checked at start: a lost key is named early). */
export async function countUnopenableSecrets(db: Db, config: Config): Promise<number> {
  let n = 0;
  for (const { secret } of await listTotpSecrets(db)) {
    if (!isSealed(secret)) continue;
    try {
      openSecret(config, secret);
    } catch {
      n++;
    }
  }
  return n;
}

/** Seals every TOTP secret still stored in clear (run at start); returns how many were sealed. */
export async function sealClearTotpSecrets(db: Db, config: Config): Promise<number> {
  let n = 0;
  for (const { id, secret } of await listTotpSecrets(db)) {
    if (isSealed(secret)) continue;
    await replaceTotpSecret(db, id, secret, sealSecret(config, secret));
    n++;
  }
  return n;
}

function deviceMac(config: Config, id: string): string {
  return createHmac('sha256', keysOf(config).device).update(id).digest('base64url');
}

/** A new device cookie value: a random id and its HMAC, given after a successful login. */
export function newDeviceCookie(config: Config): string {
  const id = randomBytes(16).toString('base64url');
  return `${id}.${deviceMac(config, id)}`;
}

/** The device id of a cookie value whose signature holds, else null (a forged or foreign cookie). */
export function deviceIdOf(config: Config, value: string | undefined): string | null {
  if (!value) return null;
  const [id, mac] = value.split('.');
  if (!id || !mac || id.length > 64) return null;
  const expected = Buffer.from(deviceMac(config, id));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
