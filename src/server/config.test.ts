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

  it('trusts no proxy by default, and TRUST_PROXY as a hop count or addresses and CIDRs', () => {
    expect(loadConfig({}, {}).trustProxy).toBe(0);
    expect(loadConfig({}, { TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({}, { TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
  });

  it('refuses TRUST_PROXY=true and anything that is not a proxy, naming the choices', () => {
    for (const value of ['true', 'yes', '10.0.0.300', '10.0.0.0/33', '*']) {
      expect(() => loadConfig({}, { TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY: .*hop count.*CIDR/);
    }
  });

  it('defaults to https links, Secure cookies and HSTS when Lifeboat ends TLS itself', () => {
    const c = loadConfig({ tlsCert: 'cert.pem', tlsKey: 'key.pem', port: 8443 }, {});
    expect(c.publicUrl).toBe('https://127.0.0.1:8443');
    expect(secureCookies(c)).toBe(true);
    // An explicit PUBLIC_URL still names the address, and cookies stay Secure over TLS.
    const behind = loadConfig({ tlsCert: 'cert.pem', tlsKey: 'key.pem' }, { PUBLIC_URL: 'http://x.example' });
    expect([behind.publicUrl, secureCookies(behind)]).toEqual(['http://x.example', true]);
  });

  it('asks for both TLS files or neither', () => {
    expect(() => loadConfig({ tlsCert: 'cert.pem' }, {})).toThrow(/--tls-cert and --tls-key/);
  });
});
