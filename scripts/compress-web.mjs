#!/usr/bin/env node
// Build step after `vite build`: writes FILE.br and FILE.gz beside every text asset of the staff UI
// (dist/web, or the directory given), so that the server sends them with @fastify/static's
// `preCompressed` instead of compressing on every request. Done once here, Brotli can use its best
// (slowest) level; source maps are left alone (only developer tools fetch them). A compressed copy
// that is not smaller than the file is not written, and stale copies from an earlier build are removed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? path.join(here, '../dist/web'));
const TEXT = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/;
// Below this size the headers of a compressed answer eat most of the gain.
const MIN_BYTES = 1024;

/** Every file under dir, recursively. */
function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

let written = 0;
for (const file of walk(root)) {
  if (/\.(br|gz)$/.test(file)) {
    if (!fs.existsSync(file.replace(/\.(br|gz)$/, ''))) fs.rmSync(file);
    continue;
  }
  for (const stale of [`${file}.br`, `${file}.gz`]) fs.rmSync(stale, { force: true });
  if (!TEXT.test(file)) continue;
  const bytes = fs.readFileSync(file);
  if (bytes.length < MIN_BYTES) continue;
  const br = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = zlib.gzipSync(bytes, { level: zlib.constants.Z_BEST_COMPRESSION });
  if (br.length < bytes.length) {
    fs.writeFileSync(`${file}.br`, br);
    written++;
  }
  if (gz.length < bytes.length) {
    fs.writeFileSync(`${file}.gz`, gz);
    written++;
  }
}
if (process.env.LIFEBOAT_BUILD_VERBOSE) console.log(`compress-web: ${written} compressed files in ${root}`);
