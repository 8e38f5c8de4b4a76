import { describe, expect, it } from 'vitest';
import { emailAddress, phoneE164 } from './contact.js';

describe('contact addresses', () => {
  it('takes an e-mail address trimmed and refuses what breaks headers or is too long', () => {
    expect(emailAddress('  namn@example.se ')).toBe('namn@example.se');
    for (const bad of ['', 'namn', 'a@b', 'a b@c.se', 'a,b@c.se', '<a@c.se>', `${'x'.repeat(250)}@c.se`])
      expect(emailAddress(bad), bad).toBeNull();
  });

  it('writes a phone number in E.164 and insists on the country code', () => {
    expect(phoneE164('+46 70-123 45 67')).toBe('+46701234567');
    expect(phoneE164('0046 (70) 1234567')).toBe('+46701234567');
    for (const bad of ['070-123 45 67', '+0701234567', '+46', 'telefon']) expect(phoneE164(bad), bad).toBeNull();
  });
});
