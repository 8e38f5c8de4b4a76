import { describe, expect, it } from 'vitest';
import { literalAddress, parseCidr, webhookAddressGuard } from './webhook-address.js';

describe('webhookAddressGuard', () => {
  const guard = webhookAddressGuard();

  it.each([
    '0.0.0.0',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.0.9',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.168.1.1',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
  ])('refuses %s: not a public address', (address) => {
    expect(guard.allows(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '193.0.0.1',
    '2001:4860:4860::8888',
    '2a00:1450:4001::1',
    '::ffff:8.8.8.8',
  ])('allows %s: public', (address) => {
    expect(guard.allows(address)).toBe(true);
  });

  it('refuses what is not an IP address at all', () => {
    expect(guard.allows('localhost')).toBe(false);
    expect(guard.allows('')).toBe(false);
  });

  it("allows the operator's networks and nothing beside them", () => {
    const allowing = webhookAddressGuard(['10.20.0.0/16', '127.0.0.1', 'fd00::/8']);
    expect(allowing.allows('10.20.5.5')).toBe(true);
    expect(allowing.allows('10.21.0.1')).toBe(false);
    expect(allowing.allows('127.0.0.1')).toBe(true);
    expect(allowing.allows('127.0.0.2')).toBe(false);
    expect(allowing.allows('::ffff:127.0.0.1')).toBe(true);
    expect(allowing.allows('fd99::1')).toBe(true);
    expect(allowing.allows('fc00::1')).toBe(false);
    expect(allowing.allows('::1')).toBe(false);
    expect(allowing.allows('8.8.8.8')).toBe(true);
  });
});

describe('parseCidr', () => {
  it('reads a block, or an address alone as one host', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({ address: '10.20.0.0', prefix: 16, family: 'ipv4' });
    expect(parseCidr(' 192.168.5.10 ')).toEqual({ address: '192.168.5.10', prefix: 32, family: 'ipv4' });
    expect(parseCidr('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    expect(parseCidr('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    expect(parseCidr('0.0.0.0/0')).toEqual({ address: '0.0.0.0', prefix: 0, family: 'ipv4' });
  });

  it.each([
    '',
    'intranet',
    '10.0.0.0/33',
    'fd00::/129',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/-1',
    '10.0.0/8',
    '10.0.0.0/x',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeNull();
  });
});

describe('literalAddress', () => {
  it('gives an IP address in a URL bare, and null for a name', () => {
    expect(literalAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(literalAddress('[::1]')).toBe('::1');
    expect(literalAddress(new URL('https://[::ffff:127.0.0.1]/').hostname)).toBe('::ffff:7f00:1');
    expect(literalAddress('partner.example')).toBeNull();
    expect(literalAddress('localhost')).toBeNull();
  });
});
