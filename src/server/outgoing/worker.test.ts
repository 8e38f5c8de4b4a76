import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { webhookSignature } from './channels.js';
import { retryDelayMs, safeError } from './worker.js';

const timing = { baseDelayMs: 30_000, maxDelayMs: 3_600_000 };

describe('retryDelayMs', () => {
  it('grows four-fold from 30 s and stops at an hour', () => {
    const middle = { ...timing, random: () => 0.5 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, middle))).toEqual([
      30_000, 120_000, 480_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });
  it('jitters by at most a fifth either way, never past the cap', () => {
    expect(retryDelayMs(1, { ...timing, random: () => 0 })).toBe(24_000);
    expect(retryDelayMs(1, { ...timing, random: () => 0.999999 })).toBeLessThanOrEqual(36_000);
    expect(retryDelayMs(9, { ...timing, random: () => 0.999999 })).toBe(3_600_000);
  });
});

describe('safeError', () => {
  it('keeps passwords, credentials in URLs and one-time links out', () => {
    const error = new Error('fetch failed', {
      cause: new Error(
        'login hunter22 at smtp://u:hunter22@mail.example:587 for https://x.example/app/invite#ABCD-EFGH-IJKL',
      ),
    });
    const text = safeError(error, ['hunter22']);
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('ABCD-EFGH');
    expect(text).toContain('fetch failed');
  });
  it('says "timed out" for a timeout', () => {
    const e = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(safeError(e, [])).toBe('timed out');
  });
});

describe('channel settings', () => {
  it('reads the SMTP and SMS settings', () => {
    const c = loadConfig(
      {},
      {
        LIFEBOAT_SMTP_URL: 'smtp://lb:pw@mail.example:587',
        LIFEBOAT_SMTP_FROM: 'lifeboat@kommun.example',
        LIFEBOAT_SMS_URL: 'https://api.46elks.com/a1/sms',
        LIFEBOAT_SMS_USER: 'u1',
        LIFEBOAT_SMS_PASSWORD: 'p1',
        LIFEBOAT_SMS_FROM: 'Kommunen',
        LIFEBOAT_OUTGOING_MAX_ATTEMPTS: '5',
      },
    ).channels;
    expect(c).toMatchObject({ maxAttempts: 5, timeoutMs: 10_000, smtp: { from: 'lifeboat@kommun.example' } });
    expect(c.sms).toEqual({ url: 'https://api.46elks.com/a1/sms', from: 'Kommunen', user: 'u1', password: 'p1' });
  });
  it('leaves channels unset when not configured', () => {
    const c = loadConfig({}, {}).channels;
    expect(c.smtp).toBeUndefined();
    expect(c.sms).toBeUndefined();
  });
  it('refuses a bad URL readably without echoing the password', () => {
    const run = () =>
      loadConfig({}, { LIFEBOAT_SMTP_URL: 'http://lb:topsecret@mail.example', LIFEBOAT_SMTP_FROM: 'a@b.example' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/LIFEBOAT_SMTP_URL/);
    expect(run).not.toThrow(/topsecret/);
    expect(() => loadConfig({}, { LIFEBOAT_SMS_URL: 'not a url', LIFEBOAT_SMS_FROM: 'X' })).toThrow(/LIFEBOAT_SMS_URL/);
    expect(() => loadConfig({}, { LIFEBOAT_SMS_URL: 'https://gw.example', LIFEBOAT_SMS_USER: 'u' })).toThrow(
      /LIFEBOAT_SMS_FROM[\s\S]*LIFEBOAT_SMS_PASSWORD/,
    );
    expect(() => loadConfig({}, { LIFEBOAT_OUTGOING_MAX_ATTEMPTS: '0' })).toThrow(/MAX_ATTEMPTS/);
  });
  it('reads the networks webhooks may reach beyond the public internet, and refuses what is not a CIDR block', () => {
    expect(loadConfig({}, {}).channels.webhookAllow).toBeUndefined();
    expect(
      loadConfig({}, { LIFEBOAT_WEBHOOK_ALLOW: ' 10.20.0.0/16, 192.168.5.10 ,fd00::/8,' }).channels.webhookAllow,
    ).toEqual(['10.20.0.0/16', '192.168.5.10', 'fd00::/8']);
    const run = () => loadConfig({}, { LIFEBOAT_WEBHOOK_ALLOW: '10.0.0.0/8,intranet,10.0.0.0/40' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/LIFEBOAT_WEBHOOK_ALLOW: not a CIDR block: "intranet", "10.0.0.0\/40"/);
  });
});

describe('webhookSignature', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
    expect(webhookSignature('s3cret', '1700000000', '{"a":1}')).toBe(
      'sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940',
    );
    expect(webhookSignature('s3cret', '1700000000', '{"a":1}')).not.toBe(
      webhookSignature('s3cret', '1700000001', '{"a":1}'),
    );
  });
});
