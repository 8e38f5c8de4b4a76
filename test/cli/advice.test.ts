import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogueText } from '../../src/domain/catalogue/parse.js';
import { adviseCapacity } from '../../src/domain/plan/advice.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'dist/cli/main.js');
const FIXTURE = join(ROOT, 'test/fixtures/exempelstad.yaml');

function lifeboat(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  } catch {
    // tsc exits non-zero on type errors anywhere but still writes dist.
  }
  if (!existsSync(MAIN)) throw new Error('dist/cli/main.js was not built');
}, 120_000);

describe('lifeboat plan --advice', () => {
  it('adds the ranked teams to --json, equal to the domain’s advice with the same options', () => {
    const r = lifeboat([
      'plan',
      FIXTURE,
      '--json',
      '--advice',
      '--runs',
      '100',
      '--seed',
      '4',
      '--capacity',
      'infra=3',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const parsed = parseCatalogueText(readFileSync(FIXTURE, 'utf8'), 'exempelstad.yaml');
    if (!parsed.ok) throw new Error('the fixture does not parse');
    const catalogue = parsed.catalogue;
    expect(out.advice).toEqual(
      adviseCapacity(catalogue, { runs: 100, seed: 4, friction: 0.3, capacity: { infra: 3 } }),
    );
    expect(out.advice.teams.find((t: { team: string }) => t.team === 'infra').capacity).toBe(3);
    expect(out.forecast.p50_h).toBe(out.advice.p50_h);
    // Without the flag the output has no advice at all.
    expect(JSON.parse(lifeboat(['plan', FIXTURE, '--json', '--runs', '100']).stdout).advice).toBeUndefined();
  });

  it('prints the table after the plan, in the language of LANG', () => {
    const en = lifeboat(['plan', FIXTURE, '--advice', '--runs', '100'], { LANG: 'en_GB.UTF-8' });
    expect(en.status, en.stderr).toBe(0);
    const table = en.stdout.slice(en.stdout.indexOf('Where one more person helps most'));
    expect(table).toMatch(/^Where one more person helps most \(the same 100 runs, seed 1, with and without\):/);
    // The first team of the ranking is the one the JSON ranks first.
    const json = JSON.parse(lifeboat(['plan', FIXTURE, '--json', '--advice', '--runs', '100']).stdout);
    expect(table.split('\n')[2]).toMatch(
      new RegExp(`^\\s+1\\s+${json.advice.teams[0].team}\\s+\\d+ → \\d+\\s+[\\d.]+ h earlier`),
    );
    const sv = lifeboat(['plan', FIXTURE, '--advice', '--runs', '100'], { LANG: 'sv_SE.UTF-8' });
    expect(sv.stdout).toContain('Var en person till gör mest nytta');
    expect(sv.stdout).toContain('h tidigare');
  });
});
