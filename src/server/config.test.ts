import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secureCookies } from './config.js';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8080 with SQLite in ./data, TOTP for admin and staff', () => {
    const c = loadConfig({}, {});
    expect([c.host, c.port, c.dataDir, c.databaseUrl]).toEqual(['127.0.0.1', 8080, path.resolve('data'), undefined]);
    expect(c.totpRequiredFor).toEqual(['admin', 'staff']);
    expect(c.publicUrl).toBe('http://127.0.0.1:8080');
    expect(secureCookies(c)).toBe(false);
  });

  it('takes the environment when no flag is given, and flags over the environment', () => {
    const env = { PORT: '9000', HOST: '0.0.0.0', PUBLIC_URL: 'https://lifeboat.example.se/' };
    const c = loadConfig({}, env);
    expect([c.port, c.host, c.publicUrl]).toEqual([9000, '0.0.0.0', 'https://lifeboat.example.se']);
    expect(secureCookies(c)).toBe(true);
    expect(loadConfig({ port: '8181' }, env).port).toBe(8181);
  });

  it('keeps the demo in ./data-demo unless --data says otherwise', () => {
    expect(loadConfig({ demo: true }, {}).dataDir).toBe(path.resolve('data-demo'));
    expect(loadConfig({ demo: true, data: '/tmp/x' }, {}).dataDir).toBe('/tmp/x');
  });

  it('names every bad setting in one readable message', () => {
    const attempt = () =>
      loadConfig({ port: 'abc' }, { DATABASE_URL: 'mysql://x', LIFEBOAT_TOTP_REQUIRED: 'admin,boss' });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toContain('--port / PORT');
    expect(message).toContain('not a number');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('LIFEBOAT_TOTP_REQUIRED');
  });

  it('asks for both TLS files or neither', () => {
    expect(() => loadConfig({ tlsCert: 'cert.pem' }, {})).toThrow(/--tls-cert and --tls-key/);
  });
});
