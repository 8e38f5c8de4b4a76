// How the staff UI's files are sent: the compressed copies the build writes (Brotli, gzip) decode to the
// very bytes of the file, hashed assets are cached for a year, index.html and the favicon are asked about
// again, and nothing else (an API answer) is compressed. The web root is a small one made here and
// compressed by the real build step, so that the test needs no `npm run build`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../test/support/dialects.js';
import { testClock, testIds } from '../../test/support/server.js';
import { type App, buildApp } from './app.js';
import { loadConfig } from './config.js';

const root = path.resolve(import.meta.dirname, '../..');
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SCRIPT = 'assets/index-AbC123xy.js';
const TINY = 'assets/tiny-Qw12Er34.js';
let webRoot = '';
let script: Buffer;

beforeAll(() => {
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-web-'));
  fs.mkdirSync(path.join(webRoot, 'assets'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), `<!doctype html><script src="/app/${SCRIPT}"></script>`);
  fs.writeFileSync(
    path.join(webRoot, 'favicon.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(2000)}</svg>`,
  );
  script = Buffer.from(
    Array.from(
      { length: 400 },
      (_, i) => `export const value${i} = 'system ${i} is back within ${i % 17} hours';`,
    ).join('\n'),
  );
  fs.writeFileSync(path.join(webRoot, SCRIPT), script);
  fs.writeFileSync(path.join(webRoot, TINY), 'export {};');
  execFileSync(process.execPath, [path.join(root, 'scripts/compress-web.mjs'), webRoot]);
});

afterAll(() => fs.rmSync(webRoot, { recursive: true, force: true }));

for (const dialect of DIALECTS) {
  describe(`${dialect}: the staff UI is sent compressed and cached like a product`, () => {
    let app: App;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      const config = loadConfig({ port: 0, data: '/nonexistent' }, { LIFEBOAT_TOTP_REQUIRED: 'none' });
      app = await buildApp({ db: fresh.db, config, clock: testClock(), ids: testIds(), webRoot, logger: false });
      await app.ready();
    });

    afterAll(async () => {
      await app.close();
      await drop();
    });

    const get = (url: string, acceptEncoding?: string) =>
      app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

    it('sends a hashed script as Brotli when asked, decoding to the same bytes, immutable for a year', async () => {
      const res = await get(`/app/${SCRIPT}`, 'gzip, deflate, br, zstd');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      expect(res.rawPayload.length).toBeLessThan(script.length / 4);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      expect(zlib.brotliDecompressSync(res.rawPayload).equals(script)).toBe(true);
    });

    it('sends gzip to a client without Brotli, and the file itself to one that asks for neither', async () => {
      const gz = await get(`/app/${SCRIPT}`, 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['cache-control']).toBe(IMMUTABLE);
      expect(zlib.gunzipSync(gz.rawPayload).equals(script)).toBe(true);

      const plain = await get(`/app/${SCRIPT}`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toBe(IMMUTABLE);
      expect(plain.rawPayload.equals(script)).toBe(true);
    });

    it('sends a file too small to gain from compression as it is', async () => {
      const res = await get(`/app/${TINY}`, 'br, gzip');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body).toBe('export {};');
    });

    it('never answers a compressed copy or a missing asset by its name, and never with the page', async () => {
      for (const url of [`/app/${SCRIPT}.br`, `/app/${SCRIPT}.gz`, '/app/assets/gone-12345678.js']) {
        const res = await get(url, 'br');
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type'], url).not.toMatch(/text\/html/);
      }
    });

    it('sends index.html for the app and its deep links with no-cache, and the favicon with no-cache', async () => {
      for (const url of ['/app/', '/app/systems/ad']) {
        const res = await get(url, 'br, gzip');
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
        expect(res.headers['cache-control'], url).toBe('no-cache');
        expect(res.body, url).toContain(SCRIPT);
      }
      const icon = await get('/app/favicon.svg', 'br');
      expect(icon.headers['cache-control']).toBe('no-cache');
      expect(icon.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(icon.rawPayload).toString()).toContain('<svg');
    });

    it('compresses no API answer, however the client asks', async () => {
      const res = await get('/healthz', 'br, gzip');
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.json()).toEqual({ ok: true });
    });
  });
}
