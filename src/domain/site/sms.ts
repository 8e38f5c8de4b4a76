/**
 * The length of an SMS as a phone counts it: GSM 03.38 (7-bit) when every character is in its alphabet
 * (å, ä and ö are), the extension characters costing two; otherwise UCS-2, where a character outside the
 * Basic Multilingual Plane costs two. A long text is split into segments with a header each.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

/** One SMS of each encoding, and a segment of a longer one. */
export const SMS_LIMITS = {
  gsm7: { single: 160, segment: 153 },
  ucs2: { single: 70, segment: 67 },
} as const;

/** How long a text is as an SMS. */
export interface SmsLength {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** How many messages it is sent as (0 for an empty text). */
  segments: number;
  /** What fits in one SMS in this encoding. */
  single_limit: number;
  /** Whether it fits in one SMS. */
  fits_one: boolean;
}

/** The SMS length and segment count of a text. */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENSION.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const encoding = gsm ? 'gsm7' : 'ucs2';
  const units = gsm ? septets : text.length;
  const limits = SMS_LIMITS[encoding];
  const segments = units === 0 ? 0 : units <= limits.single ? 1 : Math.ceil(units / limits.segment);
  return { encoding, units, segments, single_limit: limits.single, fits_one: units <= limits.single };
}
