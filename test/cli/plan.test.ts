import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectInOrder } from '../support/order.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'dist/cli/main.js');
const FIXTURE = join(ROOT, 'test/fixtures/exempelstad.yaml');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function lifeboat(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';

beforeAll(() => {
  // The CLI runs compiled JavaScript: build it (errors in others' files do not stop tsc's output).
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  } catch {
    // tsc exits non-zero on type errors anywhere but still writes dist.
  }
  if (!existsSync(MAIN)) throw new Error('dist/cli/main.js was not built');
  dir = mkdtempSync(join(tmpdir(), 'lifeboat-plan-'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function writeCatalogue(name: string, systems: unknown[], teams: unknown[] = []): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      organisation: { name: 'Test', locale: 'en', timezone: 'Europe/Stockholm' },
      teams,
      units: [],
      systems,
    }),
  );
  return file;
}

describe('lifeboat plan --json', () => {
  it('prints one object as in DESIGN.md, systems in catalogue order', () => {
    const r = lifeboat(['plan', FIXTURE, '--json', '--runs', '200']);
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.makespan_h).toBe(206);
    expect(plan.forecast).toMatchObject({ runs: 200, seed: 1, friction: 0.3 });
    expect(plan.forecast.p90_h).toBeGreaterThanOrEqual(plan.forecast.p50_h);
    const ids = plan.systems.map((s: { id: string }) => s.id);
    expect(ids.slice(0, 3)).toEqual(['core-network', 'dns-dhcp', 'storage']);
    const ad = plan.systems.find((s: { id: string }) => s.id === 'ad');
    expect(ad).toMatchObject({
      id: 'ad',
      team: 'infra',
      ready_h: 38,
      start_h: 38,
      finish_h: 86,
      waiting_for: 'virtualisation',
      priority: [5, 4, -24],
    });
    expect(typeof ad.p50_h).toBe('number');
    expect(plan.systems.find((s: { id: string }) => s.id === 'core-network').waiting_for).toBeNull();
    expect(Array.isArray(plan.warnings)).toBe(true);
    expect(plan.critical_chain.at(-1).finish_h).toBe(206);
    // Hours are rounded to 0.1.
    for (const s of plan.systems) expect(Math.round(s.p90_h * 10) / 10).toBe(s.p90_h);
    expect(plan.systems[0].start_at).toBeUndefined();
  });

  it('depends only on the file and the options; the seed changes the forecast', () => {
    const a = lifeboat(['plan', FIXTURE, '--json', '--runs', '300', '--seed', '7']);
    const b = lifeboat(['plan', FIXTURE, '--json', '--runs', '300', '--seed', '7']);
    const c = lifeboat(['plan', FIXTURE, '--json', '--runs', '300', '--seed', '8']);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(c.stdout).forecast.p50_h).not.toBe(JSON.parse(a.stdout).forecast.p50_h);
  });

  it('gives byte-identical output on one thread and on several worker threads', () => {
    const args = ['plan', FIXTURE, '--json', '--runs', '301', '--seed', '3'];
    const one = lifeboat(args, { LIFEBOAT_PLAN_THREADS: '1' });
    const three = lifeboat(args, { LIFEBOAT_PLAN_THREADS: '3' });
    expect(one.status).toBe(0);
    expect(three.status).toBe(0);
    expect(three.stdout).toBe(one.stdout);
  });

  it('applies --capacity and --friction', () => {
    const base = JSON.parse(lifeboat(['plan', FIXTURE, '--json', '--runs', '50']).stdout);
    const more = JSON.parse(
      lifeboat(['plan', FIXTURE, '--json', '--runs', '50', '--capacity', 'apps=6', '--capacity', 'vendor=8']).stdout,
    );
    expect(more.makespan_h).toBeLessThanOrEqual(base.makespan_h);
    const booking = (p: { systems: Array<{ id: string; finish_h: number }> }) =>
      p.systems.find((s) => s.id === 'booking')?.finish_h ?? 0;
    expect(booking(more)).toBeLessThan(booking(base));
    const calm = JSON.parse(lifeboat(['plan', FIXTURE, '--json', '--runs', '50', '--friction', '0']).stdout);
    expect(calm.forecast.friction).toBe(0);
  });

  it('adds dates in the organisation time zone with --as-of', () => {
    const r = lifeboat(['plan', FIXTURE, '--json', '--runs', '20', '--as-of', '2026-11-30T08:00:00+01:00']);
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    const ad = plan.systems.find((s: { id: string }) => s.id === 'ad');
    // 38 h after 08:00 on 30 November (CET, +01:00) is 22:00 on 1 December.
    expect(ad.start_at).toBe('2026-12-01T22:00:00+01:00');
    expect(ad.finish_at).toBe('2026-12-03T22:00:00+01:00');
    expect(ad.p50_at).toMatch(/^2026-12-\d\dT\d\d:\d\d:\d\d\+01:00$/);
    expect(ad.p90_at).toMatch(/\+01:00$/);
    const summer = JSON.parse(
      lifeboat(['plan', FIXTURE, '--json', '--runs', '5', '--as-of', '2026-06-01T00:00:00Z']).stdout,
    );
    expect(summer.systems[0].start_at).toBe('2026-06-01T02:00:00+02:00');
  });
});

describe('lifeboat plan (table)', () => {
  it('prints a readable table in restart order with the makespan, forecast, critical chain and warnings', () => {
    const r = lifeboat(['plan', FIXTURE, '--runs', '100']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toContain('Exempelstad kommun');
    expect(r.stdout).toContain('206.0 h');
    expect(r.stdout).toMatch(/P50 [\d.]+ h, P90 [\d.]+ h/);
    expect(r.stdout).toContain('Critical chain');
    expect(r.stdout).toContain('care-alarm: RTO 2 h');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
    const rows = lines.filter((l) => /^\s+\d+\.\d\s+\d+\.\d\s/.test(l));
    expect(rows).toHaveLength(58);
    const starts = rows.map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // The columns: start, finish, band, team, system id, name, ...
    const ids = rows.map((l) => l.trim().split(/\s+/)[4]);
    expectInOrder(ids, 'core-network', 'dns-dhcp', 'ad');
  });
});

describe('lifeboat plan: bad input', () => {
  function expectBad(r: Run, pattern: RegExp): void {
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
  }

  it('refuses an unknown team in --capacity, a capacity below 1 and bad numbers', () => {
    expectBad(lifeboat(['plan', FIXTURE, '--capacity', 'nobody=2']), /unknown team nobody/);
    expectBad(lifeboat(['plan', FIXTURE, '--capacity', 'apps=0']), /--capacity/);
    expectBad(lifeboat(['plan', FIXTURE, '--capacity', 'apps']), /TEAM=N/);
    expectBad(lifeboat(['plan', FIXTURE, '--runs', 'many']), /--runs/);
    expectBad(lifeboat(['plan', FIXTURE, '--runs', '0']), /--runs/);
    expectBad(lifeboat(['plan', FIXTURE, '--seed', '-1']), /--seed/);
    expectBad(lifeboat(['plan', FIXTURE, '--friction', 'x']), /--friction/);
    expectBad(lifeboat(['plan', FIXTURE, '--as-of', 'tomorrow']), /--as-of/);
    expectBad(lifeboat(['plan', FIXTURE, '--as-of', '2026-02-30T08:00:00Z']), /--as-of/);
  });

  it('reports catalogue issues as FILE:LINE: FIELD: message, one per line', () => {
    const file = writeCatalogue('cycle.json', [
      { id: 'a', name: 'A', kind: 'application', depends_on: ['c'] },
      { id: 'b', name: 'B', kind: 'application', depends_on: ['a'] },
      { id: 'c', name: 'C', kind: 'application', depends_on: ['b'] },
    ]);
    const r = lifeboat(['plan', file, '--json']);
    expectBad(r, /cycle/);
    for (const id of ['a', 'b', 'c']) expect(r.stderr).toContain(id);
    expect(r.stderr.startsWith(`${file}:`)).toBe(true);

    const bad = writeCatalogue('estimate.json', [
      { id: 'a', name: 'A', kind: 'application', estimate_hours: { low: 9, likely: 2, high: 10 } },
    ]);
    expectBad(lifeboat(['plan', bad]), /estimate\.json:\d*:? ?systems\[0\] \(a\)\.estimate_hours/);
  });

  it('refuses a file that cannot be read', () => {
    expectBad(lifeboat(['plan', join(dir, 'missing.yaml')]), /missing\.yaml/);
  });
});

describe('lifeboat plan: start-up', () => {
  it('loads no server, store or database code', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(
        /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else bare.add(spec);
      }
    };
    visit(join(ROOT, 'dist/cli/plan.js'));
    visit(join(ROOT, 'dist/cli/plan-worker.js'));
    const local = [...seen].map((f) => f.slice(ROOT.length));
    // The walk must have found the planner, or the checks below would pass on nothing.
    expect(local).toContain('/dist/domain/plan/schedule.js');
    expect(local).toContain('/dist/domain/catalogue/parse.js');
    expect(local.filter((f) => /\/(server|store|web)\//.test(f))).toEqual([]);
    expect([...bare].filter((b) => /fastify|kysely|sqlite|^pg$|react/.test(b))).toEqual([]);
  });
});

/** Runs the CLI with its standard output closed by the reader before it writes, as `| head` does to a slow writer. */
function lifeboatIntoClosedPipe(args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closing our end before the child has started makes its first write fail with EPIPE every time;
    // closing after the first chunk would race with output small enough to fit the pipe in one write.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout: '', stderr }));
  });
}

describe('lifeboat: a reader that stops early', () => {
  it('ends quietly when standard output is closed (`lifeboat plan FILE | head -3`)', async () => {
    for (const args of [['plan', FIXTURE], ['plan', FIXTURE, '--json', '--runs', '200'], ['--help']]) {
      const r = await lifeboatIntoClosedPipe(args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.status, args.join(' ')).toBe(0);
    }
  });

  it('still prints the first lines through a real pipe to head', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${MAIN}" plan "${FIXTURE}" | head -1`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('Restart plan: Exempelstad kommun, 58 systems\n');
    expect(r.stderr).toBe('');
  });
});

describe('lifeboat plan with status_history (issue 11)', () => {
  const estimate = { low: 4, likely: 8, high: 20 };
  const systems = (history: boolean) => [
    {
      id: 'a',
      name: 'A',
      kind: 'infrastructure',
      team: 't',
      estimate_hours: estimate,
      ...(history
        ? {
            status_history: [
              { status: 'restoring', at: '2026-11-30T00:00:00Z' },
              { status: 'operational', at: '2026-11-30T06:00:00Z' },
            ],
          }
        : { status: 'operational' }),
    },
    {
      id: 'b',
      name: 'B',
      kind: 'platform',
      team: 't',
      depends_on: ['a'],
      estimate_hours: estimate,
      ...(history
        ? {
            status_history: [
              { status: 'restoring', at: '2026-11-30T06:00:00Z' },
              { status: 'limited', at: '2026-12-01T12:00:00Z' },
            ],
          }
        : { status: 'limited' }),
    },
    {
      id: 'c',
      name: 'C',
      kind: 'application',
      team: 't',
      depends_on: ['b'],
      estimate_hours: estimate,
      ...(history
        ? { status_history: [{ status: 'restoring', at: '2026-12-01T12:00:00Z' }] }
        : { status: 'restoring' }),
    },
    { id: 'd', name: 'D', kind: 'application', team: 't', depends_on: ['c'], estimate_hours: estimate },
  ];
  const teams = [{ id: 't', name: 'T', capacity: 1 }];

  it('learns from the history, says so in the table and in --json, and shows the hours taken', () => {
    const file = writeCatalogue('history.json', systems(true), teams);
    const asOf = ['--as-of', '2026-12-02T00:00:00Z'];
    const text = lifeboat(['plan', file, '--runs', '200', ...asOf], { LANG: 'en_GB.UTF-8' });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      /Learned from 2 finished systems \(1 in progress\): the work runs \d+\.\d× the estimates \(90 % interval \d+\.\d–\d+\.\d\)/,
    );
    expect(text.stdout).toContain('took 6.0 h');
    expect(text.stdout).toContain('took 30.0 h');
    expect(text.stdout).toContain('12.0 h so far');
    const sv = lifeboat(['plan', file, '--runs', '200', ...asOf], { LANG: 'sv_SE.UTF-8' });
    expect(sv.stdout).toMatch(/Lärt av 2 färdiga system \(1 pågående\): arbetet tar \d+\.\d× uppskattningarna/);
    const plan = JSON.parse(lifeboat(['plan', file, '--json', '--runs', '200', ...asOf]).stdout);
    expect(plan.learning).toMatchObject({ finished: 2, in_progress: 1 });
    expect(plan.learning.factor_p50).toBeGreaterThan(1);
    expect(plan.systems.map((s: { actual_h?: number; elapsed_h?: number }) => [s.actual_h, s.elapsed_h])).toEqual([
      [6, undefined],
      [30, undefined],
      [undefined, 12],
      [undefined, undefined],
    ]);
    // Without --as-of, "now" is the latest instant of the history (12:00 on 1 December).
    const latest = JSON.parse(lifeboat(['plan', file, '--json', '--runs', '50']).stdout);
    expect(latest.systems[2].elapsed_h).toBe(0);
  });

  it('--no-learning gives the forecast of the estimates alone: that of the same file without its history', () => {
    const file = writeCatalogue('history2.json', systems(true), teams);
    const bare = writeCatalogue('bare.json', systems(false), teams);
    const off = JSON.parse(lifeboat(['plan', file, '--json', '--runs', '200', '--no-learning']).stdout);
    const today = lifeboat(['plan', bare, '--json', '--runs', '200']);
    expect(off.learning).toBeUndefined();
    expect(off.forecast).toEqual(JSON.parse(today.stdout).forecast);
    expect(today.stdout).not.toMatch(/"learning"|"actual_h"|"elapsed_h"/);
    const text = lifeboat(['plan', file, '--runs', '50', '--no-learning'], { LANG: 'en_GB.UTF-8' });
    expect(text.stdout).toContain('Not learning from the status history (--no-learning)');
  });

  it('gives byte-identical learned output on one thread and on several', () => {
    const file = writeCatalogue('history3.json', systems(true), teams);
    const args = ['plan', file, '--json', '--runs', '301', '--seed', '5'];
    const one = lifeboat(args, { LIFEBOAT_PLAN_THREADS: '1' });
    const three = lifeboat(args, { LIFEBOAT_PLAN_THREADS: '3' });
    expect(one.status).toBe(0);
    expect(three.stdout).toBe(one.stdout);
  });

  it('refuses a history out of time order with exit 2, naming the field', () => {
    const bad: Array<Record<string, unknown>> = systems(true);
    bad[0].status_history = [
      { status: 'restoring', at: '2026-11-30T08:00:00+01:00' },
      { status: 'operational', at: '2026-11-30T06:00:00+01:00' },
    ];
    const r = lifeboat(['plan', writeCatalogue('bad-history.json', bad, teams), '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('systems[0] (a).status_history[1].at');
  });
});
