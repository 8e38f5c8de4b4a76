/**
 * One language at a time in the CLI (issue 7, point 3): `lifeboat plan` and `lifeboat import`
 * speak Swedish when LANG starts with `sv` and English otherwise; field paths stay the file's keys.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrivateCli } from '../support/cli-build.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');
let work: string;
let mainJs: string;

beforeAll(() => {
  ({ work, mainJs } = buildPrivateCli('lang'));
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function lifeboat(lang: string, args: string[]) {
  const { DATABASE_URL: _db, LC_ALL: _all, LC_MESSAGES: _messages, ...rest } = process.env;
  const env = { ...rest, LANG: lang };
  const r = spawnSync(process.execPath, [mainJs, ...args], { cwd: work, encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SV = 'sv_SE.UTF-8';
// Words of the English messages: none may appear in a Swedish line (ids, paths and file names aside).
const ENGLISH = /\b(unknown|expected|got|cannot|the file|Imported|merged|added|removed)\b/;
const data = (name: string) => path.join(work, name);

describe('lifeboat in the language of LANG', () => {
  it('plan: a catalogue issue in Swedish with LANG=sv_SE.UTF-8, in English with LANG=C.UTF-8', () => {
    const file = path.join(fixtures, 'bad/unknown-team.yaml');
    const sv = lifeboat(SV, ['plan', file]);
    const en = lifeboat('C.UTF-8', ['plan', file]);
    expect(sv.status).toBe(2);
    expect(en.status).toBe(2);
    expect(sv.stderr).toBe(`${file}:9: systems[1] (web).team: okänt team "webbteamet"\n`);
    expect(en.stderr).toBe(`${file}:9: systems[1] (web).team: unknown team "webbteamet"\n`);
  });

  it('plan: the table, its summary and its warnings in Swedish; in English by default', () => {
    const file = path.join(fixtures, 'exempelstad.yaml');
    const sv = lifeboat(SV, ['plan', file]);
    const en = lifeboat('C.UTF-8', ['plan', file]);
    expect(sv.status).toBe(0);
    expect(sv.stdout).toMatch(/^Återstartsplan: Exempelstad kommun, 58 system\nTroligt schema: allt åter efter /);
    expect(sv.stdout).toMatch(/\n\s+Start\s+Klart\s+P50–P90 h\s+Team\s+System\s+Namn\s+Väntar på\n/);
    expect(sv.stdout).toMatch(/\nKritisk kedja \(\d+ system, slutar vid [\d.]+ h\):\n/);
    expect(sv.stdout).toMatch(/\nVarningar (\(\d+\)|: inga)/);
    expect(sv.stdout).not.toMatch(
      /\b(Restart plan|Likely schedule|Forecast|Waiting for|Critical chain|Warnings|shorter than|no estimate_hours)\b/,
    );
    expect(en.stdout).toMatch(/^Restart plan: Exempelstad kommun, 58 systems\nLikely schedule: everything back after /);
    const badRuns = lifeboat(SV, ['plan', file, '--runs', '0']);
    expect(badRuns.status).toBe(2);
    expect(badRuns.stderr).toBe('--runs: ett heltal från 1 till 10000000 väntades, fick 0\n');
  });

  it('plan: CSV cells, an unreadable file and a UTF-16 file in Swedish', () => {
    const csv = lifeboat(SV, ['plan', path.join(fixtures, 'bad/wrong-type.csv')]);
    expect(csv.status).toBe(2);
    expect(csv.stderr).toContain('systems[1] (web).society: kolumnen "society": ett tal väntades, fick "hög"');
    const missing = lifeboat(SV, ['plan', data('none.yaml')]);
    expect(missing.stderr).toBe(`${data('none.yaml')}: filen kan inte läsas (ENOENT)\n`);
    const utf16 = data('utf16.yaml');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('version: 1\n', 'utf16le')]));
    const refused = lifeboat(SV, ['plan', utf16]);
    expect(refused.stderr).toBe(`${utf16}: filen är UTF-16 (little-endian): spara den som UTF-8\n`);
    for (const r of [csv, missing, refused]) {
      for (const line of r.stderr.trim().split('\n')) {
        expect(line.replace(/"[^"]*"|\S*\/\S*|systems\[\d+\] \([^)]*\)\.\w+/g, ''), line).not.toMatch(ENGLISH);
      }
    }
  });

  it('import: issues, the Windows-1252 warning and the result in Swedish; in English by default', () => {
    const bad = lifeboat(SV, ['import', path.join(fixtures, 'bad/unknown-team.yaml'), '--data', data('a')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('systems[1] (web).team: okänt team "webbteamet"');

    const cp1252 = data('excel.csv');
    const text = 'id;name;kind\nad;Användarkatalog;infrastructure\n';
    fs.writeFileSync(cp1252, Buffer.from(text, 'latin1'));
    const sv = lifeboat(SV, ['plan', cp1252]);
    expect(sv.stderr).toContain(`${cp1252}: filen är inte UTF-8: den lästes som Windows-1252`);

    const ok = lifeboat(SV, ['import', path.join(fixtures, 'exempelstad.yaml'), '--data', data('b')]);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(
      /^Importerade .*exempelstad\.yaml \(sammanfogad, aktuella statusar behålls\): lade till \d+, ändrade 0, tog bort 0\.\n$/,
    );
    const en = lifeboat('en_GB.UTF-8', ['import', path.join(fixtures, 'exempelstad.yaml'), '--data', data('c')]);
    expect(en.stdout).toMatch(
      /^Imported .*exempelstad\.yaml \(merged, live statuses kept\): added \d+, changed 0, removed 0\.\n$/,
    );
  });
});
