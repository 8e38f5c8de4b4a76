import { describe, expect, it } from 'vitest';
import { decodeCatalogueBytes, WINDOWS_1252_WARNING } from './decode.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

// Windows-1252 bytes of a text, from the decoder's own single-byte table (checked against known bytes below).
function cp1252(text: string): Uint8Array {
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const r = decodeCatalogueBytes(Uint8Array.of(0x41, b === 0 ? 0x20 : b));
    if (r.ok && b !== 0) table.set(r.text[1], b);
  }
  return Uint8Array.from([...text].map((c) => table.get(c) ?? Number.NaN));
}

describe('decodeCatalogueBytes', () => {
  it('reads UTF-8 and drops a byte-order mark, without a warning', () => {
    expect(decodeCatalogueBytes(utf8('id;name\nad;Kärnnät'))).toEqual({
      ok: true,
      text: 'id;name\nad;Kärnnät',
      encoding: 'utf-8',
    });
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('åäö')]);
    expect(decodeCatalogueBytes(bom)).toEqual({ ok: true, text: 'åäö', encoding: 'utf-8' });
  });

  it('reads Windows-1252 (Swedish Excel) with a warning, keeping å, ä, ö and the 0x80–0x9F characters', () => {
    const bytes = Uint8Array.from([
      0x4b, 0xe4, 0x72, 0x6e, 0x6e, 0xe4, 0x74, 0x3b, 0xe5, 0xf6, 0xc5, 0xc4, 0xd6, 0x80, 0x96,
    ]);
    const r = decodeCatalogueBytes(bytes);
    expect(r).toEqual({ ok: true, text: 'Kärnnät;åöÅÄÖ€–', encoding: 'windows-1252', warning: WINDOWS_1252_WARNING });
    expect(cp1252('Kärnnät;åöÅÄÖ€–')).toEqual(bytes);
  });

  it('round-trips every Windows-1252 character that is not ASCII', () => {
    const all = Array.from({ length: 128 }, (_, i) => 0x80 + i).filter(
      (b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b),
    );
    const r = decodeCatalogueBytes(Uint8Array.from(all));
    expect(r.ok && r.encoding).toBe('windows-1252');
    expect(r.ok && r.text.includes('\uFFFD')).toBe(false);
    expect(r.ok && cp1252(r.text)).toEqual(Uint8Array.from(all));
  });

  it('refuses what is neither, naming the encoding', () => {
    const cases: [Uint8Array, string, RegExp][] = [
      [Uint8Array.from([0xff, 0xfe, 0x61, 0x00]), 'UTF-16', /UTF-16/],
      [Uint8Array.from([0xfe, 0xff, 0x00, 0x61]), 'UTF-16', /UTF-16/],
      [Uint8Array.from([0xff, 0xfe, 0x00, 0x00]), 'UTF-32', /UTF-32/],
      [Uint8Array.from([0x61, 0x00, 0xe4, 0x00]), 'UTF-16 or binary', /UTF-16 or not text/],
      [Uint8Array.from([0x61, 0x81, 0x62]), 'unknown', /neither UTF-8 nor Windows-1252 \(byte 0x81 at offset 1\)/],
      [Uint8Array.from([...utf8('å'), 0x3b, 0xe4]), 'mixed', /mixes encodings/],
      [Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0xe4]), 'mixed', /offset 4/],
    ];
    for (const [bytes, encoding, message] of cases) {
      const r = decodeCatalogueBytes(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.encoding).toBe(encoding);
        expect(r.message).toMatch(message);
      }
    }
  });

  it('refuses UTF-8 that already holds U+FFFD: characters were lost before', () => {
    const r = decodeCatalogueBytes(utf8('id\nK\uFFFDrnn\uFFFDt'));
    expect(r).toMatchObject({ ok: false, encoding: 'UTF-8', message: expect.stringMatching(/^line 2 holds U\+FFFD/) });
  });
});
