import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../domain/catalogue/types.js';
import { createParsePool, decodeUpload, nestingIssueOf, textUpload } from './upload.js';

const BASE: Catalogue = {
  version: 1,
  organisation: { name: 'Provstad', locale: 'sv', timezone: 'Europe/Stockholm' },
  teams: [],
  units: [],
  systems: [],
};
const MERGE = { replace: false, statuses: false };

describe('uploads', () => {
  it('decode bytes with the one decoder and refuse what it refuses, naming the file', () => {
    expect(decodeUpload('a.csv', Buffer.from('id;name\nad;Å', 'latin1'))).toMatchObject({
      text: 'id;name\nad;Å',
      encoding: 'windows-1252',
      warnings: [expect.stringMatching(/^a\.csv: the file is not UTF-8/)],
    });
    expect(() => decodeUpload('b.csv', Buffer.from([0xff, 0xfe, 0x61, 0]))).toThrow(/^b\.csv: the file is UTF-16/);
    expect(() => textUpload('c.csv', 'K\uFFFDrnn\uFFFDt')).toThrow(/U\+FFFD/);
    const deep = `${'['.repeat(33)}${']'.repeat(33)}`;
    expect(nestingIssueOf('d.json', deep)).toMatch(/^line 1: .*deeper than 32/);
    expect(nestingIssueOf('d.yaml', `a: ${deep}`)).toMatch(/^line 1: .*deeper than 32/);
    expect(nestingIssueOf('e.csv', deep)).toBeUndefined();
  });

  it('parse in a worker; a file over the time limit is refused and the next one parses in a fresh worker', async () => {
    const pool = createParsePool({ maxBytes: 1e7, timeoutMs: 300, memoryMb: 128 });
    try {
      const small = await pool.parse('id;name;kind\nad;Åtkomst;platform\n', 'a.csv', BASE, MERGE);
      expect(small.ok && small.catalogue.systems[0].name).toBe('Åtkomst');
      // Tens of thousands of systems take seconds to parse: far over 300 ms.
      const rows = Array.from({ length: 40_000 }, (_, i) => `  - { id: s${i}, name: S ${i}, kind: platform }`);
      const slow = pool.parse(`systems:\n${rows.join('\n')}\n`, 'slow.yaml', BASE, MERGE);
      await expect(slow).rejects.toThrow(/^slow\.yaml: reading the file took more than 0\.3 s$/);
      // A file too deep is refused by the worker before its parser runs, naming the file and the line.
      const deep = pool.parse(`x: |\n  '\ny: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'deep.yaml', BASE, MERGE);
      await expect(deep).rejects.toThrow(/^deep\.yaml: line 3: the file nests deeper than 32 levels/);
      const after = await pool.parse('id;name;kind\nb;B;platform\n', 'b.csv', BASE, MERGE);
      expect(after.ok).toBe(true);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
