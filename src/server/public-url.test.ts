import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, listensBeyondLoopback, publicUrlWarning } from './public-url.js';

describe('public URL checks', () => {
  it('tells links that only this machine can open from links a phone can open', () => {
    for (const url of ['http://localhost:8080', 'http://127.0.0.1:3000', 'https://127.1.2.3', 'http://[::1]:8080'])
      expect(isLoopbackUrl(url), url).toBe(true);
    for (const url of ['http://192.168.1.20:8080', 'https://lifeboat.sjovik.se', 'http://10.0.0.5', 'http://[fe80::1]'])
      expect(isLoopbackUrl(url), url).toBe(false);
  });

  it('tells listening addresses that let phones in from those that do not', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) expect(listensBeyondLoopback(host), host).toBe(true);
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]'])
      expect(listensBeyondLoopback(host), host).toBe(false);
  });

  it('warns when the server listens for phones but its links name this machine, with an address to use', () => {
    const warning = publicUrlWarning({ host: '0.0.0.0', port: 3000, publicUrl: 'http://localhost:3000' }, [
      '192.168.1.20',
    ]);
    expect(warning?.join('\n')).toContain('http://localhost:3000');
    expect(warning?.join('\n')).toContain('PUBLIC_URL=http://192.168.1.20:3000');
    expect(publicUrlWarning({ host: '::', port: 8080, publicUrl: 'http://127.0.0.1:8080' })?.join('\n')).toContain(
      'PUBLIC_URL=http://ADDRESS-OF-THIS-MACHINE:8080',
    );
  });

  it('says nothing when the links can be opened where the server can be reached', () => {
    expect(publicUrlWarning({ host: '127.0.0.1', port: 8080, publicUrl: 'http://127.0.0.1:8080' })).toBeNull();
    expect(publicUrlWarning({ host: '0.0.0.0', port: 8080, publicUrl: 'http://192.168.1.20:8080' })).toBeNull();
    expect(publicUrlWarning({ host: '0.0.0.0', port: 443, publicUrl: 'https://lifeboat.sjovik.se' })).toBeNull();
  });
});
