/**
 * Where a message can go: an e-mail address and a phone number as Lifeboat accepts them, one rule for the
 * server (which refuses) and the web (which says so before sending). Pure.
 */

// Deliberately loose on the local part (RFC 5322 allows much), strict on what breaks headers and lists.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/;

/** The address trimmed, or null when it is not one (or longer than SMTP's 254 characters). */
export function emailAddress(input: string): string | null {
  const address = input.trim();
  return address.length <= 254 && EMAIL.test(address) ? address : null;
}

/**
 * The number in E.164 form (`+46701234567`), or null. Spaces, dashes, dots and brackets are dropped and a
 * leading `00` read as `+`; the country code is required, so no country is assumed.
 */
export function phoneE164(input: string): string | null {
  const compact = input.replace(/[\s\-().]/g, '').replace(/^00/, '+');
  return /^\+[1-9][0-9]{6,14}$/.test(compact) ? compact : null;
}
