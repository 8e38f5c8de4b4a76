// The links the CLI prints go where the server answers: `lifeboat user add` reads the same configuration
// as `lifeboat serve` (PUBLIC_URL, PORT, HOST, --port, --host) and, given none, the address the server
// on the same data recorded when it started. A server that listens for phones while its links name this
// machine says so when it starts, and so does `user add`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordServedAddress } from '../../src/server/public-url.js';
import { migrateToLatest, openDatabase } from '../../src/store/database.js';

const root = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];

// Each command is a whole process started from the sources (several seconds on a busy machine).

// The environment of a user who has set none of the server's settings.
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, PUBLIC_URL: _u, PORT: _p, HOST: _h, ...rest } = process.env;
  return { ...rest, ...extra };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-cli-links-'));
  dirs.push(dir);
  return dir;
}

function lifeboat(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [TSX, 'src/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: cleanEnv(env),
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let n = 0;
const addUser = (data: string, args: string[] = [], env: Record<string, string> = {}) =>
  lifeboat(['user', 'add', `person${++n}@example.se`, '--role', 'staff', '--data', data, ...args], env);

const linkIn = (stdout: string) => /(https?:\/\/\S+)\/app\/invite#/.exec(stdout)?.[1];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('links printed by the CLI', () => {
  it('name the address the server on the same data recorded, unless told otherwise', async () => {
    const data = tempDir();
    const db = await openDatabase({ kind: 'sqlite', file: path.join(data, 'lifeboat.db') });
    await migrateToLatest(db);
    await recordServedAddress(db, { publicUrl: 'http://192.168.1.20:3456', host: '0.0.0.0', port: 3456 });
    await db.destroy();

    const recorded = addUser(data);
    expect(recorded.stderr).toBe('');
    expect(recorded.status).toBe(0);
    expect(linkIn(recorded.stdout)).toBe('http://192.168.1.20:3456');

    // What the server itself would read wins: PUBLIC_URL, PORT, --port.
    expect(linkIn(addUser(data, [], { PUBLIC_URL: 'https://lifeboat.sjovik.se/' }).stdout)).toBe(
      'https://lifeboat.sjovik.se',
    );
    expect(linkIn(addUser(data, [], { PORT: '4000' }).stdout)).toBe('http://127.0.0.1:4000');
    expect(linkIn(addUser(data, ['--port', '5000']).stdout)).toBe('http://127.0.0.1:5000');

    // Without a recorded server: the defaults of `serve`.
    expect(linkIn(addUser(tempDir()).stdout)).toBe('http://127.0.0.1:8080');
  }, 180_000);

  it('warns when a link names this machine while the server listens for phones', () => {
    const r = addUser(tempDir(), ['--host', '0.0.0.0', '--port', '3000']);
    expect(r.status).toBe(0);
    expect(linkIn(r.stdout)).toBe('http://localhost:3000');
    expect(r.stderr).toMatch(/^Warning: .*0\.0\.0\.0.*http:\/\/localhost:3000.*cannot open/m);
    expect(r.stderr).toContain('PUBLIC_URL=');
  }, 60_000);

  it('`serve --host 0.0.0.0` without PUBLIC_URL warns at start and records its port for `user add`', async () => {
    const data = tempDir();
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [TSX, 'src/cli/main.ts', 'serve', '--host', '0.0.0.0', '--port', `${port}`, '--data', data],
      {
        cwd: root,
        env: cleanEnv({ LIFEBOAT_TOTP_REQUIRED: 'none', LOG_LEVEL: 'warn' }),
      },
    );
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    // The warning is the last thing serve prints at start: wait for it (or for the process to end).
    await new Promise<void>((resolve) => {
      const check = () => {
        if (/PUBLIC_URL=/.test(stderr)) resolve();
      };
      child.stderr?.on('data', check);
      child.on('exit', () => resolve());
    });
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    expect(stdout).toContain(`Lifeboat is listening on http://localhost:${port}`);
    expect(stderr).toMatch(new RegExp(`Warning: Lifeboat listens on 0\\.0\\.0\\.0 .*http://localhost:${port}`));

    const r = addUser(data);
    expect(linkIn(r.stdout)).toBe(`http://localhost:${port}`);
    expect(r.stderr).toContain('Warning:');

    // A server whose links can be opened from a phone is quiet, and so are the links after it.
    const quiet = spawnSync(
      process.execPath,
      [TSX, 'src/cli/main.ts', 'user', 'add', 'x@example.se', '--role', 'staff', '--data', data],
      {
        cwd: root,
        encoding: 'utf8',
        env: cleanEnv({ PUBLIC_URL: 'http://192.168.1.20:3000', HOST: '0.0.0.0' }),
      },
    );
    expect(quiet.stderr).toBe('');
    expect(linkIn(quiet.stdout)).toBe('http://192.168.1.20:3000');
  }, 120_000);
});
