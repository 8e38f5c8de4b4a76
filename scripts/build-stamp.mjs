#!/usr/bin/env node
// `npm start` builds only when the sources changed. The stamp (dist/.build-stamp) is the SHA-256 of
// every input of the build: src/ without its tests, package.json, package-lock.json, the TypeScript
// configuration and the build's own scripts.
//
//   node scripts/build-stamp.mjs --write   last step of `npm run build`: records the inputs just built
//   node scripts/build-stamp.mjs --ensure  `npm start`: runs `npm run build` unless the stamp matches
//
// Contents are hashed, not modification times: a checkout or a copy that touches every file without
// changing one is not a reason to wait for a build. Hashing the few hundred files takes milliseconds.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(root, 'dist/.build-stamp');
const FILES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'scripts/compress-web.mjs',
  'scripts/build-stamp.mjs',
];
// What the build produces: a stamp without them (a deleted dist/web, say) means nothing.
const OUTPUTS = ['dist/cli/main.js', 'dist/web/index.html'];
const NOT_BUILT = /(\.test\.tsx?|\/test-support\/.*)$/;

/** Every file under dir, relative to the project, sorted so that the hash does not depend on the file system. */
function walk(dir) {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = `${dir}/${entry.name}`;
      return entry.isDirectory() ? walk(rel) : [rel];
    })
    .sort();
}

/** The hash of the build's inputs as they are now. */
export function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const rel of [...FILES, ...walk('src').filter((f) => !NOT_BUILT.test(f))]) {
    const file = path.join(root, rel);
    if (!fs.existsSync(file)) continue;
    hash.update(`${rel}\0`);
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist holds a complete build of exactly these sources. */
export function upToDate() {
  if (!OUTPUTS.every((f) => fs.existsSync(path.join(root, f)))) return false;
  const stamp = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : '';
  return stamp === sourceHash();
}

const mode = process.argv[2];
if (mode === '--write') {
  fs.mkdirSync(path.dirname(STAMP), { recursive: true });
  fs.writeFileSync(STAMP, `${sourceHash()}\n`);
} else if (mode === '--ensure') {
  if (!upToDate()) {
    console.log('Building (the sources changed since the last build)…');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
} else if (mode === '--check') {
  // For scripts and tests: exit 0 when up to date, 1 when a build is needed.
  process.exit(upToDate() ? 0 : 1);
} else {
  console.error('usage: node scripts/build-stamp.mjs --write | --ensure | --check');
  process.exit(2);
}
