import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/store/database.js';
import { siteScene } from '../support/site-factory.js';

const root = path.resolve(import.meta.dirname, '../..');
// Each run of the CLI compiles the sources with tsx: seconds each on a busy machine.
const SLOW = 180_000;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function lifeboat(args: string[]) {
  const { DATABASE_URL: _ignored, PUBLIC_URL: _none, ...rest } = process.env;
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: rest,
      timeout: 60_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lifeboat publish', () => {
  it(
    'writes the public site as files, English under en/, feeds from --base-url',
    async () => {
      const data = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-publish-'));
      dirs.push(data);
      const db = await openDatabase({ kind: 'sqlite', file: path.join(data, 'lifeboat.db') });
      await migrateToLatest(db);
      await siteScene(db);
      await db.destroy();
      const out = path.join(data, 'site');
      const r = lifeboat(['publish', '--data', data, '--out', out, '--base-url', 'https://spegel.example.se/']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^\d+ files written to /);
      for (const f of ['index.html', 'updates/index.html', 'accessibility/index.html', 'en/index.html', 'feed.json'])
        expect(fs.existsSync(path.join(out, f)), f).toBe(true);
      expect(fs.readFileSync(path.join(out, 'feed.atom'), 'utf8')).toContain(
        'href="https://spegel.example.se/updates/lagesbild-klockan-8/index.html"',
      );
      expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="updates/index.html"');
    },
    SLOW,
  );

  it(
    'refuses a base address that is not http(s) with exit status 2',
    () => {
      const r = lifeboat(['publish', '--out', '/tmp/x', '--base-url', 'ftp://x']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--base-url');
    },
    SLOW,
  );
});
