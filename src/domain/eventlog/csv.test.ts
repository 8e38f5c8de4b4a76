import { describe, expect, it } from 'vitest';
import { BOM, csvCell, toCsv } from './csv.js';

describe('event log CSV', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+46 8 123')).toBe("'+46 8 123");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    // Numbers are the exporter's own, never a person's text.
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('Ring 112 = larm')).toBe('Ring 112 = larm');
  });

  it('quotes separators, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('säger "nej"')).toBe('"säger ""nej"""');
    expect(csvCell('rad 1\nrad 2')).toBe('"rad 1\nrad 2"');
    expect(csvCell('Åtgärd')).toBe('Åtgärd');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('writes a BOM, a header and CRLF-ended rows', () => {
    expect(toCsv(['a', 'b'], [['x', null]])).toBe(`${BOM}a;b\r\nx;\r\n`);
  });
});
