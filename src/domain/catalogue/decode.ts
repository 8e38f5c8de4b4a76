/**
 * The one decoder of catalogue files (DESIGN.md, "Catalogue file"): `lifeboat plan`, `lifeboat import`
 * and the web upload all turn a file's bytes into text here. UTF-8 (a byte-order mark is dropped); a
 * file that is not UTF-8 but is valid Windows-1252 (what Swedish Excel writes) is read as that with a
 * warning; anything else is refused, naming the encoding. The text never holds U+FFFD.
 */
import { type Message, type MessageParams, msg } from '../messages.js';

/** The encodings a catalogue file is read in. */
export type FileEncoding = 'utf-8' | 'windows-1252';

/** The text of a file, or why it cannot be read. */
export type DecodeResult =
  | { ok: true; text: string; encoding: FileEncoding; warning?: string }
  | { ok: false; encoding: string; message: string; key: string; params?: MessageParams };

// Windows-1252's 0x80–0x9F; 0 marks the five bytes it leaves undefined.
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** The catalogue key of WINDOWS_1252_WARNING. */
export const WINDOWS_1252_WARNING_KEY = 'err.decode.windows1252';

/** The warning for a file read as Windows-1252. */
export const WINDOWS_1252_WARNING =
  'the file is not UTF-8: it was read as Windows-1252 (as Swedish Excel saves CSV); check å, ä and ö in the preview, or save the file as UTF-8';

function refuse(encoding: string, message: Message): DecodeResult {
  return { ok: false, encoding, message: message.text, key: message.key, params: message.params };
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The 0-based offset of the first byte where `bytes` stops being valid UTF-8, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Whether the bytes hold a well-formed two-byte UTF-8 letter of Latin-1 (Ã followed by …): UTF-8 text. */
function holdsUtf8Letters(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0xc3 && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0xbf) {
      const next = bytes[i + 2];
      // "Ã¥" in Windows-1252 text would need a letter after it; UTF-8's å is followed by anything.
      if (next === undefined || next < 0x80) return true;
    }
  }
  return false;
}

function utf8(bytes: Uint8Array): string {
  // Node and every browser have TextDecoder; `fatal` turns a bad byte into an error instead of U+FFFD.
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

function cp1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    const end = Math.min(bytes.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      codes.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** Why a text cannot be stored: it holds U+FFFD, so characters were lost before it reached Lifeboat. */
export function replacementCharIssue(text: string): Message | undefined {
  const at = text.indexOf('\uFFFD');
  if (at < 0) return undefined;
  const line = text.slice(0, at).split('\n').length;
  return msg(
    'err.decode.replacementChar',
    `line ${line} holds U+FFFD, the replacement character: characters were lost when the file was converted; fix them in the original`,
    { line },
  );
}

/** Decodes a catalogue file's bytes: UTF-8, else Windows-1252 with a warning, else a refusal naming the encoding. */
export function decodeCatalogueBytes(bytes: Uint8Array): DecodeResult {
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) {
    return refuse('UTF-32', msg('err.decode.utf32le', 'the file is UTF-32 (little-endian): save it as UTF-8'));
  }
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) {
    return refuse('UTF-32', msg('err.decode.utf32be', 'the file is UTF-32 (big-endian): save it as UTF-8'));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return refuse('UTF-16', msg('err.decode.utf16le', 'the file is UTF-16 (little-endian): save it as UTF-8'));
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return refuse('UTF-16', msg('err.decode.utf16be', 'the file is UTF-16 (big-endian): save it as UTF-8'));
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  let text: string | undefined;
  try {
    text = utf8(body);
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const issue = replacementCharIssue(text);
    return issue ? refuse('UTF-8', issue) : { ok: true, text, encoding: 'utf-8' };
  }
  const bad = Math.max(0, firstInvalidUtf8(body));
  // Text files do not hold NUL bytes; UTF-16 without a byte-order mark does, in every other byte.
  const nul = body.indexOf(0);
  if (nul >= 0) {
    return refuse(
      'UTF-16 or binary',
      msg('err.decode.nul', `byte ${nul} is 0x00: the file is UTF-16 or not text at all; save it as UTF-8`, {
        byte: nul,
      }),
    );
  }
  if (hasBom || holdsUtf8Letters(body)) {
    return refuse(
      'mixed',
      msg(
        'err.decode.mixed',
        `byte ${hex(body[bad])} at offset ${bad + (hasBom ? 3 : 0)} is not UTF-8, but the file holds UTF-8 elsewhere: it mixes encodings; save it as UTF-8`,
        { byte: hex(body[bad]), offset: bad + (hasBom ? 3 : 0) },
      ),
    );
  }
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (b >= 0x80 && b <= 0x9f && CP1252_HIGH[b - 0x80] === 0) {
      return refuse(
        'unknown',
        msg(
          'err.decode.unknown',
          `the file is neither UTF-8 nor Windows-1252 (byte ${hex(b)} at offset ${i}); save it as UTF-8`,
          { byte: hex(b), offset: i },
        ),
      );
    }
  }
  return { ok: true, text: cp1252(body), encoding: 'windows-1252', warning: WINDOWS_1252_WARNING };
}
