#!/usr/bin/env node
// `npm test`: build, type-check, lint, then every suite. Starts a throwaway
// PostgreSQL where its binaries exist, so that every store and API test runs on
// both dialects. With LIFEBOAT_REQUIRE_ALL=1 (CI) nothing may be skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const requireAll = process.env.LIFEBOAT_REQUIRE_ALL === '1' || process.env.CI === 'true';
const env = { ...process.env, LIFEBOAT_REQUIRE_ALL: requireAll ? '1' : '0' };
const args = process.argv.slice(2);

function run(cmd, cmdArgs, extraEnv = env) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: extraEnv });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function findPgBin() {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (fs.existsSync(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin');
  return null;
}

function startPostgres() {
  const bin = findPgBin();
  if (!bin) return null;
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-pg-'));
  const port = 54000 + Math.floor(Math.random() * 900);
  const as = (cmd, cmdArgs) => {
    const full = path.join(bin, cmd);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', full, ...cmdArgs], { stdio: 'pipe' });
    else execFileSync(full, cmdArgs, { stdio: 'pipe' });
  };
  if (asRoot) {
    // PostgreSQL refuses to run as root: use (or make) the postgres system user.
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
  as('pg_ctl', [
    '-D',
    `${dir}/data`,
    '-l',
    `${dir}/log`,
    '-w',
    '-t',
    '30',
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=300`,
    'start',
  ]);
  const stop = () => {
    try {
      as('pg_ctl', ['-D', `${dir}/data`, '-m', 'immediate', 'stop']);
    } catch {}
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

run('npm', ['run', '--silent', 'build']);
run('npx', ['tsc', '-p', 'tsconfig.check.json']);
run('npx', ['tsc', '-p', 'src/web/tsconfig.json']);
run('npx', ['biome', 'check', '.']);

let pg = null;
if (!env.TEST_DATABASE_URL) {
  try {
    pg = startPostgres();
  } catch (e) {
    console.error(`could not start a throwaway PostgreSQL: ${e.message}`);
  }
  if (pg) {
    env.TEST_DATABASE_URL = pg.url;
    console.log(`PostgreSQL for tests: ${pg.url}`);
  } else if (requireAll) {
    console.error('PostgreSQL binaries not found and this run may skip nothing.');
    process.exit(1);
  }
}
const r = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env });
pg?.stop();
process.exit(r.status ?? 1);
