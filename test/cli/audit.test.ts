// scripts/audit.mjs, the dependency audit of .ci/run: judged on saved answers of `npm audit --json`,
// so that the test needs no network and each verdict (clean, findings, no answer) is shown to bite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-audit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let files = 0;
function saved(content: unknown): string {
  const file = path.join(dir, `${++files}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function judge(answer: unknown, env: Record<string, string> = {}, extra: string[] = []) {
  const r = spawnSync(process.execPath, ['scripts/audit.mjs', '--report', saved(answer), ...extra], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LIFEBOAT_AUDIT_UNREACHABLE: '', ...env },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const counts = (over: Record<string, number> = {}) => ({
  info: 0,
  low: 0,
  moderate: 0,
  high: 0,
  critical: 0,
  total: 0,
  ...over,
});

// What the registry mirror of this machine answers (npm 11.19.1, 2026-12-02).
const MIRROR_405 = {
  message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  method: 'POST',
  statusCode: 405,
  body: '',
  error: { summary: '', detail: '' },
};

describe('scripts/audit.mjs', () => {
  it('passes a clean answer, naming what it counted', () => {
    const r = judge({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: counts() } });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/\d+ production packages, each pinned by sha512/);
    expect(r.out).toContain('found nothing high or critical (info 0, low 0, moderate 0, high 0, critical 0)');
  });

  it('lets moderate findings through and fails on a high one, naming the package and the advisory', () => {
    const moderate = {
      auditReportVersion: 2,
      vulnerabilities: { x: { name: 'x', severity: 'moderate', range: '<1.2.0', via: [] } },
      metadata: { vulnerabilities: counts({ moderate: 1, total: 1 }) },
    };
    expect(judge(moderate).status).toBe(0);
    const high = {
      auditReportVersion: 2,
      vulnerabilities: {
        yaml: {
          name: 'yaml',
          severity: 'high',
          range: '<2.2.2',
          via: [{ title: 'Uncaught exception', url: 'https://github.com/advisories/GHSA-f9xv-q969-pqx4' }],
        },
      },
      metadata: { vulnerabilities: counts({ high: 1, total: 1 }) },
    };
    const r = judge(high);
    expect(r.status).toBe(1);
    expect(r.out).toContain('DEPENDENCY AUDIT FAILED');
    expect(r.out).toContain('yaml <2.2.2 (high): Uncaught exception https://github.com/advisories/GHSA-f9xv-q969-pqx4');
    // The escape for a missing service does not let findings through.
    expect(judge(high, { LIFEBOAT_AUDIT_UNREACHABLE: 'warn' }).status).toBe(1);
  });

  it('fails loudly when the advisory service did not answer, and says nothing was checked', () => {
    for (const answer of [MIRROR_405, '', 'not json']) {
      const r = judge(answer);
      expect(r.status, r.out).toBe(3);
      expect(r.out).toContain('DEPENDENCY AUDIT NOT DONE');
      expect(r.out).toContain('No production dependency was checked');
      expect(r.out).not.toContain('found nothing');
    }
    expect(judge(MIRROR_405).out).toContain('405 Method Not Allowed');
  });

  it('fails a lock file with a production package not pinned by sha512 or fetched from elsewhere', () => {
    const clean = { auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: counts() } };
    const lock = (pkg: Record<string, unknown>) =>
      saved({ lockfileVersion: 3, packages: { '': {}, 'node_modules/a': { version: '1.0.0', ...pkg } } });
    expect(judge(clean, {}, ['--lock', lock({ integrity: 'sha512-abc' })]).status).toBe(0);
    const sha1 = judge(clean, {}, ['--lock', lock({ integrity: 'sha1-abc' })]);
    expect(sha1.status).toBe(2);
    expect(sha1.out).toContain('node_modules/a: no sha512 integrity');
    const git = judge(clean, {}, [
      '--lock',
      lock({ integrity: 'sha512-abc', resolved: 'git+https://x.example/a.git' }),
    ]);
    expect(git.status).toBe(2);
    expect(git.out).toContain('node_modules/a: resolved from git+https://x.example/a.git');
    // A dev-only package is not shipped: the check leaves it alone.
    const withDev = saved({
      lockfileVersion: 3,
      packages: {
        '': {},
        'node_modules/a': { version: '1.0.0', integrity: 'sha512-abc' },
        'node_modules/b': { version: '1.0.0', dev: true, integrity: 'sha1-abc' },
      },
    });
    expect(judge(clean, {}, ['--lock', withDev]).status).toBe(0);
    // No lock file at all: the same verdict, said the same way, not a stack trace.
    const missing = judge(clean, {}, ['--lock', path.join(dir, 'no-such-lock.json')]);
    expect(missing.status).toBe(2);
    expect(missing.out).toContain('the lock file is unsound');
    expect(missing.out).not.toMatch(/^\s+at /m);
  });

  it('goes on without an audit only when told to, and says so', () => {
    const r = judge(MIRROR_405, { LIFEBOAT_AUDIT_UNREACHABLE: 'warn' });
    expect(r.status).toBe(0);
    expect(r.out).toContain('DEPENDENCY AUDIT NOT DONE');
    expect(r.out).toContain('going on WITHOUT an audit (not a pass)');
    expect(judge(MIRROR_405, { LIFEBOAT_AUDIT_UNREACHABLE: 'yes' }).status).toBe(3);
  });
});
