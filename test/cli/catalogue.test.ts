import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildPrivateCli } from '../support/cli-build.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures');
let work: string;
let mainJs: string;

beforeAll(() => {
  ({ work, mainJs } = buildPrivateCli('catalogue'));
}, 120_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function lifeboat(args: string[]) {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, [mainJs, ...args], { cwd: work, encoding: 'utf8', env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dataDir(name: string): string {
  return path.join(work, name);
}

describe('lifeboat import / export (SQLite)', () => {
  it('keeps the promise: import, export, import into an empty data directory, export: byte-identical', () => {
    const a = dataDir('a');
    const b = dataDir('b');
    const imported = lifeboat(['import', path.join(fixtures, 'exempelstad.yaml'), '--data', a]);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(
      /^Imported .*exempelstad\.yaml \(merged, live statuses kept\): added \d+, changed 0, removed 0\.\n$/,
    );

    const yaml1 = path.join(work, 'one.yaml');
    const json1 = path.join(work, 'one.json');
    expect(lifeboat(['export', '--out', yaml1, '--data', a]).status).toBe(0);
    expect(lifeboat(['export', '--out', json1, '--data', a]).status).toBe(0);
    const stdout = lifeboat(['export', '--data', a]);
    expect(stdout.status).toBe(0);
    expect(stdout.stdout).toBe(fs.readFileSync(yaml1, 'utf8'));
    expect(fs.readFileSync(yaml1, 'utf8')).toMatch(/^version: 1\n/);
    expect(JSON.parse(fs.readFileSync(json1, 'utf8')).organisation.name).toBe('Exempelstad kommun');

    expect(lifeboat(['import', yaml1, '--data', b]).status).toBe(0);
    const yaml2 = path.join(work, 'two.yaml');
    expect(lifeboat(['export', '--out', yaml2, '--data', b]).status).toBe(0);
    expect(fs.readFileSync(yaml2)).toEqual(fs.readFileSync(yaml1));

    const c = dataDir('c');
    expect(lifeboat(['import', json1, '--data', c]).status).toBe(0);
    const json2 = path.join(work, 'two.json');
    expect(lifeboat(['export', '--out', json2, '--data', c]).status).toBe(0);
    expect(fs.readFileSync(json2)).toEqual(fs.readFileSync(json1));

    // Importing the same catalogue again changes nothing.
    expect(lifeboat(['import', yaml1, '--data', a]).stdout).toMatch(/added 0, changed 0, removed 0/);
  }, 90_000);

  it('refuses a bad catalogue: one FILE:LINE: FIELD: message per issue on stderr, exit 2, nothing imported', () => {
    const d = dataDir('bad');
    expect(lifeboat(['import', path.join(fixtures, 'exempelstad.yaml'), '--data', d]).status).toBe(0);
    const before = lifeboat(['export', '--data', d]).stdout;
    const stderr: Record<string, string> = {};
    for (const file of ['bad/cycle.yaml', 'bad/unknown-team.yaml', 'bad/society-9.yaml', 'bad/broken.yaml']) {
      const full = path.join(fixtures, file);
      const r = lifeboat(['import', full, '--data', d]);
      stderr[file] = r.stderr;
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      // split() gives one line even of nothing, so ask for text: an empty stderr must fail here.
      expect(r.stderr.trim()).not.toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      for (const line of lines) expect(line.startsWith(`${full}:`), line).toBe(true);
    }
    expect(stderr['bad/cycle.yaml']).toMatch(/:\d+: systems\[\d\] \(\w+\)\.depends_on\[\d\]: dependency cycle: .*ad.*/);
    expect(stderr['bad/society-9.yaml']).toMatch(/society-9\.yaml:11: systems\[0\] \(base\)\.society: /);
    expect(lifeboat(['export', '--data', d]).stdout).toBe(before);
  }, 90_000);

  it('imports a Swedish spreadsheet CSV into the stored teams and units', () => {
    const d = dataDir('csv');
    expect(lifeboat(['import', path.join(fixtures, 'exempelstad.yaml'), '--data', d]).status).toBe(0);
    const r = lifeboat(['import', path.join(fixtures, 'sv-spreadsheet.csv'), '--data', d]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = lifeboat(['export', '--data', d]).stdout;
    expect(out).toContain('Active Directory; katalogtjänst');
    expect(out).toContain('Infrastrukturteamet');
  }, 60_000);

  it('merges by default, replaces with --replace naming what went, and takes statuses only with --statuses', () => {
    const d = dataDir('modes');
    const write = (name: string, text: string | Buffer) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const systems = () =>
      (parseYaml(lifeboat(['export', '--data', d]).stdout) as { systems: Record<string, unknown>[] }).systems;
    const system = (id: string) => systems().find((s) => s.id === id);
    expect(lifeboat(['import', path.join(fixtures, 'exempelstad.yaml'), '--data', d]).status).toBe(0);
    const count = systems().length;

    // --statuses takes the status from the file, by its Swedish name too.
    const live = lifeboat(['import', write('live.csv', 'id;status\nad;Återställs\n'), '--statuses', '--data', d]);
    expect(live.stderr).toBe('');
    expect(live.stdout).toMatch(/\(merged, statuses from the file\): added 0, changed 1, removed 0\./);
    expect(system('ad')?.status).toBe('restoring');

    // A merge keeps it, changes only what the file holds, and removes nothing.
    const partial = write('partial.csv', 'id;name;status\nad;Katalogtjänsten;I drift\nemail;E-post och kalender;\n');
    const merged = lifeboat(['import', partial, '--data', d]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/\(merged, live statuses kept\): added 0, changed 2, removed 0\.\n$/);
    expect(system('ad')).toMatchObject({ name: 'Katalogtjänsten', status: 'restoring', team: 'infra' });
    expect(systems().length).toBe(count);

    // --replace removes what the file lacks and says so by name.
    const two = write(
      'two.csv',
      'id;name;kind;team\ncore-network;Kärnnät;infrastructure;infra\nad;AD;infrastructure;infra\n',
    );
    const replaced = lifeboat(['import', two, '--replace', '--data', d]);
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/\(replaced the catalogue, live statuses kept\): added 0, changed 2, removed \d+/);
    expect(replaced.stdout).toContain('  removed system: Lön och personalsystem (payroll)\n');
    expect(systems().map((s) => s.id)).toEqual(['core-network', 'ad']);
    expect(system('ad')?.status).toBe('restoring');
  }, 90_000);

  it('reads a Windows-1252 file with a warning in import and plan, and refuses what is neither', () => {
    const d = dataDir('cp1252');
    expect(lifeboat(['import', path.join(fixtures, 'exempelstad.yaml'), '--data', d]).status).toBe(0);
    const text = 'id;name;kind;team\r\ncore-network;Kärnnät för åtkomst och övervakning;infrastructure;infra\r\n';
    const cp1252 = path.join(work, 'excel.csv');
    fs.writeFileSync(cp1252, Buffer.from(text, 'latin1'));
    const r = lifeboat(['import', cp1252, '--data', d]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `${cp1252}: the file is not UTF-8: it was read as Windows-1252 (as Swedish Excel saves CSV); check å, ä and ö in the preview, or save the file as UTF-8\n`,
    );
    const out = lifeboat(['export', '--data', d]).stdout;
    expect(out).toContain('Kärnnät för åtkomst och övervakning');
    expect(out).not.toContain('\uFFFD');

    const plan = lifeboat(['plan', cp1252]);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stderr).toContain('read as Windows-1252');
    // The table may cut a long name; its start is enough to see the letters.
    expect(plan.stdout).toContain('Kärnnät för åtkomst');
    expect(plan.stdout).not.toContain('\uFFFD');

    const utf16 = path.join(work, 'utf16.csv');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    for (const args of [
      ['import', utf16, '--data', d],
      ['plan', utf16],
    ]) {
      const refused = lifeboat(args);
      expect(refused.status).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe(`${utf16}: the file is UTF-16 (little-endian): save it as UTF-8\n`);
    }
    expect(lifeboat(['export', '--data', d]).stdout).toBe(out);
  }, 90_000);

  it('says what is wrong with a file it cannot read', () => {
    const r = lifeboat(['import', path.join(work, 'missing.yaml'), '--data', dataDir('missing')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/missing\.yaml: cannot read the file/);
  });
});
