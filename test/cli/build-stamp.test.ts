// `npm start` builds only when the sources changed: scripts/build-stamp.mjs, run in a small copy of the
// project whose "build" only writes the outputs and the stamp and counts how often it ran.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let project = '';

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
  fs.writeFileSync(path.join(project, rel), text);
}

function stamp(mode: string) {
  const r = spawnSync(process.execPath, ['scripts/build-stamp.mjs', mode], { cwd: project, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const builds = () => Number(fs.readFileSync(path.join(project, 'builds.txt'), 'utf8').trim() || 0);

beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-stamp-'));
  fs.mkdirSync(path.join(project, 'scripts'));
  fs.copyFileSync(path.join(root, 'scripts/build-stamp.mjs'), path.join(project, 'scripts/build-stamp.mjs'));
  write('builds.txt', '0');
  // The fake build: count, write what a real build writes, then the stamp (as `npm run build` does).
  write(
    'fake-build.mjs',
    `import fs from 'node:fs';
fs.writeFileSync('builds.txt', String(Number(fs.readFileSync('builds.txt', 'utf8')) + 1));
fs.mkdirSync('dist/cli', { recursive: true }); fs.mkdirSync('dist/web', { recursive: true });
fs.writeFileSync('dist/cli/main.js', ''); fs.writeFileSync('dist/web/index.html', '');`,
  );
  write(
    'package.json',
    JSON.stringify({
      name: 'stamp-test',
      private: true,
      scripts: { build: 'node fake-build.mjs && node scripts/build-stamp.mjs --write' },
    }),
  );
  write('package-lock.json', '{}');
  write('src/server/app.ts', 'export const a = 1;\n');
  write('src/server/app.api.test.ts', 'test\n');
});

afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

describe('scripts/build-stamp.mjs', () => {
  it('builds the first time, then not again until a source, the lock file or the output changes', () => {
    expect(stamp('--check').status).toBe(1);
    expect(stamp('--ensure').status).toBe(0);
    expect(builds()).toBe(1);
    expect(stamp('--check').status).toBe(0);

    // Unchanged sources: no build, even with a newer modification time.
    const now = new Date(Date.UTC(2030, 0, 1));
    fs.utimesSync(path.join(project, 'src/server/app.ts'), now, now);
    expect(stamp('--ensure').status).toBe(0);
    expect(builds()).toBe(1);

    // A test is not part of the build.
    write('src/server/app.api.test.ts', 'another test\n');
    expect(stamp('--check').status).toBe(0);

    write('src/server/app.ts', 'export const a = 2;\n');
    expect(stamp('--check').status).toBe(1);
    expect(stamp('--ensure').status).toBe(0);
    expect(builds()).toBe(2);

    write('src/web/new-page.tsx', 'export {};\n');
    expect(stamp('--check').status).toBe(1);
    stamp('--ensure');
    write('package-lock.json', '{"lockfileVersion": 3}');
    expect(stamp('--check').status).toBe(1);
    stamp('--ensure');
    expect(builds()).toBe(4);

    fs.rmSync(path.join(project, 'dist/web/index.html'));
    expect(stamp('--check').status).toBe(1);
    stamp('--ensure');
    expect(builds()).toBe(5);
    expect(stamp('--check').status).toBe(0);
  });

  it('stops `npm start` when the build fails', () => {
    write('fake-build.mjs', 'process.exit(3);');
    const r = stamp('--ensure');
    expect(r.status).toBe(3);
    expect(stamp('--check').status).toBe(1);
  });
});
