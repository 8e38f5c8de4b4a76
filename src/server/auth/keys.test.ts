import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { deviceIdOf, ensureSecretKey, newDeviceCookie, openSecret, SECRET_KEY_FILE, sealSecret } from './keys.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempData(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-keys-'));
  dirs.push(dir);
  return path.join(dir, 'data');
}

describe('the secret key', () => {
  it('is generated once into the data directory with mode 0600 on SQLite', () => {
    const data = tempData();
    const config = loadConfig({ data }, {});
    const key = ensureSecretKey(config);
    const file = path.join(data, SECRET_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(ensureSecretKey(loadConfig({ data }, {}))).toBe(key);
  });

  it('must come from the environment on PostgreSQL', () => {
    const config = loadConfig({ data: tempData() }, { DATABASE_URL: 'postgres://x@127.0.0.1/db' });
    expect(() => ensureSecretKey(config)).toThrow(/LIFEBOAT_SECRET_KEY/);
    const given = loadConfig({}, { DATABASE_URL: 'postgres://x@127.0.0.1/db', LIFEBOAT_SECRET_KEY: 'k'.repeat(32) });
    expect(ensureSecretKey(given)).toBe('k'.repeat(32));
  });

  it('refuses a short key without echoing it', () => {
    expect(() => loadConfig({}, { LIFEBOAT_SECRET_KEY: 'hunter2-short' })).toThrow(
      /LIFEBOAT_SECRET_KEY.*13 characters/,
    );
    expect(() => loadConfig({}, { LIFEBOAT_SECRET_KEY: 'hunter2-short' })).not.toThrow(/hunter2/);
  });

  it('seals a TOTP secret that only the same key opens', () => {
    const a = loadConfig({}, { LIFEBOAT_SECRET_KEY: 'a'.repeat(40) });
    const b = loadConfig({}, { LIFEBOAT_SECRET_KEY: 'b'.repeat(40) });
    const sealed = sealSecret(a, 'JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealSecret(a, 'JBSWY3DPEHPK3PXP')).not.toBe(sealed);
    expect(openSecret(a, sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(b, sealed)).toThrow(/recovery code/);
  });

  it('signs device cookies: a forged or foreign one is no device', () => {
    const a = loadConfig({}, { LIFEBOAT_SECRET_KEY: 'a'.repeat(40) });
    const b = loadConfig({}, { LIFEBOAT_SECRET_KEY: 'b'.repeat(40) });
    const cookie = newDeviceCookie(a);
    expect(deviceIdOf(a, cookie)).toBe(cookie.split('.')[0]);
    expect(deviceIdOf(b, cookie)).toBeNull();
    expect(deviceIdOf(a, `${cookie.split('.')[0]}.forged`)).toBeNull();
    expect(deviceIdOf(a, undefined)).toBeNull();
  });
});
