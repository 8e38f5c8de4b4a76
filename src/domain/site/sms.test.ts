import { describe, expect, it } from 'vitest';
import { smsLength } from './sms.js';

describe('smsLength', () => {
  it('counts Swedish letters as GSM-7, one septet each', () => {
    expect(smsLength('Hej då! Åter öppet på måndag.')).toEqual({
      encoding: 'gsm7',
      units: 29,
      segments: 1,
      single_limit: 160,
      fits_one: true,
    });
  });

  it('counts the extension characters twice', () => {
    expect(smsLength('€[]').units).toBe(6);
  });

  it('fits 160 GSM characters in one SMS and splits 161 into two of 153', () => {
    expect(smsLength('a'.repeat(160))).toMatchObject({ segments: 1, fits_one: true });
    expect(smsLength('a'.repeat(161))).toMatchObject({ segments: 2, fits_one: false });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('falls back to UCS-2 for other characters: 70 in one, 67 per segment, emoji count two', () => {
    expect(smsLength('ł'.repeat(70))).toMatchObject({ encoding: 'ucs2', units: 70, segments: 1, single_limit: 70 });
    expect(smsLength('ł'.repeat(71)).segments).toBe(2);
    expect(smsLength('🙂').units).toBe(2);
  });

  it('is zero segments for an empty text', () => {
    expect(smsLength('')).toMatchObject({ units: 0, segments: 0, fits_one: true });
  });
});
