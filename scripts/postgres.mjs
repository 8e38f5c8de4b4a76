// A throwaway PostgreSQL cluster on a free port, for `npm test` (scripts/test.mjs) and the load bench
// (bench/load.mjs): initdb in a temporary directory, started with pg_ctl, stopped and removed by `stop()`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The directory of PostgreSQL's initdb and pg_ctl: on PATH, else the newest under /usr/lib/postgresql; or null. */
export function findPgBin() {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout?.trim();
  if (onPath) return path.dirname(fs.realpathSync(onPath));
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (fs.existsSync(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin');
  return null;
}

/** A port nobody listens on now (the OS picks it), so that a Debian cluster on 5432 cannot matter. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster from `bin`; `fsync: false` (the tests' default) trades durability for speed, the load
 * bench keeps it on as in production. Returns its URL and `stop()`.
 */
export async function startPostgres(bin, { fsync = false, maxConnections = 300 } = {}) {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-pg-'));
  const port = await freePort();
  const as = (cmd, cmdArgs) => {
    const full = path.join(bin, cmd);
    // PostgreSQL refuses to run as root: as root, run it as the postgres system user.
    if (asRoot) return execFileSync('runuser', ['-u', 'postgres', '--', full, ...cmdArgs], { stdio: 'pipe' });
    return execFileSync(full, cmdArgs, { stdio: 'pipe' });
  };
  let started = false;
  const stop = () => {
    if (started) {
      try {
        as('pg_ctl', ['-D', `${dir}/data`, '-m', 'immediate', '-w', 'stop']);
      } catch {}
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (asRoot) {
      if (spawnSync('id', ['-u', 'postgres']).status !== 0) {
        execFileSync('useradd', [
          '--system',
          '--user-group',
          '--no-create-home',
          '--shell',
          '/usr/sbin/nologin',
          'postgres',
        ]);
      }
      execFileSync('chown', ['postgres:postgres', dir]);
    }
    as('initdb', ['-D', `${dir}/data`, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    started = true;
    as('pg_ctl', [
      '-D',
      `${dir}/data`,
      '-l',
      `${dir}/log`,
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=${fsync ? 'on' : 'off'} -c max_connections=${maxConnections}`,
      'start',
    ]);
  } catch (error) {
    const stderr = error.stderr?.toString().trim();
    const log = fs.existsSync(`${dir}/log`) ? fs.readFileSync(`${dir}/log`, 'utf8').trim() : '';
    stop();
    throw new Error([error.message.split('\n')[0], stderr, log].filter(Boolean).join('\n'));
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
