import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { migrateToLatest, openDatabase } from '../../src/store/database.js';
import { testClock, testIds } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-cli-users-'));
  dirs.push(dir);
  return dir;
}

// The CLI as a user runs it, from the TypeScript sources; SQLite in a temporary directory.
function lifeboat(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...rest, PUBLIC_URL: 'http://lifeboat.test:8080', ...env },
      timeout: 60_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('lifeboat user add / token create', () => {
  it('prints a one-time link that lets the new user set a password and log in', async () => {
    const data = tempDir();
    const r = lifeboat(['user', 'add', 'Anna@Example.se', '--role', 'staff', '--name', 'Anna', '--data', data]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const link = /http:\/\/lifeboat\.test:8080\/app\/invite#([A-Z2-9-]+)/.exec(r.stdout);
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';

    const db = await openDatabase({ kind: 'sqlite', file: path.join(data, 'lifeboat.db') });
    try {
      await migrateToLatest(db);
      const config = loadConfig({ port: 0, data }, { LIFEBOAT_TOTP_REQUIRED: 'none', LIFEBOAT_SCRYPT_COST: '12' });
      const app = await buildApp({ db, config, clock: testClock(new Date().toISOString()), ids: testIds() });
      try {
        const inspect = await app.inject({ method: 'POST', url: '/api/invitations/inspect', payload: { token } });
        expect(inspect.json()).toEqual({ email: 'anna@example.se', name: 'Anna', role: 'staff', purpose: 'invite' });
        const accept = await app.inject({
          method: 'POST',
          url: '/api/invitations/accept',
          payload: { token, password: 'a good long password' },
        });
        expect(accept.statusCode).toBe(200);
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'anna@example.se', password: 'a good long password' },
        });
        expect(login.statusCode).toBe(200);
      } finally {
        await app.close();
      }
    } finally {
      await db.destroy();
    }

    const t = lifeboat(['token', 'create', 'anna@example.se', '--name', 'monitoring', '--data', data]);
    expect(t.status).toBe(0);
    expect(t.stdout.trim()).toMatch(/^lb_[\w-]{43}$/);
    const ro = lifeboat(['token', 'create', 'anna@example.se', '--read-only', '--expires-days', '7', '--data', data]);
    expect(ro.status).toBe(0);
    expect(ro.stderr).toMatch(/read-only/);
    const check = await openDatabase({ kind: 'sqlite', file: path.join(data, 'lifeboat.db') });
    try {
      const rows = await check.selectFrom('api_tokens').select(['read_only', 'created_at', 'expires_at']).execute();
      const days = (r: { created_at: string; expires_at: string | null }) =>
        (new Date(r.expires_at ?? 0).getTime() - new Date(r.created_at).getTime()) / 86_400_000;
      expect(rows.map((r) => [r.read_only, days(r)]).sort()).toEqual([
        [0, 90],
        [1, 7],
      ]);
    } finally {
      await check.destroy();
    }
    const unknown = lifeboat(['token', 'create', 'nobody@example.se', '--data', data]);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/email/);

    const dup = lifeboat(['user', 'add', 'anna@example.se', '--role', 'observer', '--data', data]);
    expect(dup.status).toBe(2);
    expect(dup.stderr).toMatch(/already/);
  });

  it('exits 2 on an unknown role or a reporter without --unit, creating nobody', async () => {
    const data = tempDir();
    const badRole = lifeboat(['user', 'add', 'x@example.se', '--role', 'king', '--data', data]);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/--role/);
    expect(badRole.stdout).toBe('');
    const noUnit = lifeboat(['user', 'add', 'x@example.se', '--role', 'reporter', '--data', data]);
    expect(noUnit.status).toBe(2);
    expect(noUnit.stderr).toMatch(/--unit/);
    const unknownUnit = lifeboat([
      'user',
      'add',
      'x@example.se',
      '--role',
      'reporter',
      '--unit',
      'nope',
      '--data',
      data,
    ]);
    expect(unknownUnit.status).toBe(2);
    expect(unknownUnit.stderr).toMatch(/unit/);
    const noRole = lifeboat(['user', 'add', 'x@example.se', '--data', data]);
    expect(noRole.status).toBe(2);
    if (fs.existsSync(path.join(data, 'lifeboat.db'))) {
      const db = await openDatabase({ kind: 'sqlite', file: path.join(data, 'lifeboat.db') });
      try {
        expect(await db.selectFrom('users').select('id').execute()).toEqual([]);
      } finally {
        await db.destroy();
      }
    }
  });
});
