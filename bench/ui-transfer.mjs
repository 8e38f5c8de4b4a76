#!/usr/bin/env node
// The staff UI's transferred bytes on first load, as Chromium receives them: `lifeboat serve --demo`
// from the build in dist/ (run `npm run build` first), headless Chromium with an empty cache, and the
// DevTools protocol's count of bytes on the wire per response (headers included) beside the decoded
// size. Two steps: the login page (/app/ → /app/login), then logging in as the demo's crisis staff
// (stab@demo.sjovik.se) until the overview is drawn and the network is quiet.
// usage: node bench/ui-transfer.mjs [--json]      (LIFEBOAT_CHROMIUM overrides /usr/bin/chromium)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.LIFEBOAT_CHROMIUM || '/usr/bin/chromium';
const STAFF = 'stab@demo.sjovik.se';

if (!fs.existsSync(path.join(ROOT, 'dist/web/index.html'))) {
  console.error('ui-transfer: dist/web is missing: run `npm run build` first');
  process.exit(1);
}

const port = await new Promise((resolve, reject) => {
  const server = net.createServer();
  server.on('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-ui-transfer-'));
const { DATABASE_URL: _db, PUBLIC_URL: _url, ...env } = process.env;
const server = spawn(
  process.execPath,
  [path.join(ROOT, 'dist/cli/main.js'), 'serve', '--demo', '--data', data, '--port', String(port)],
  { env: { ...env, LOG_LEVEL: 'warn', LIFEBOAT_TOTP_REQUIRED: 'none' }, stdio: ['ignore', 'pipe', 'inherit'] },
);
let out = '';
const password = await new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const line = out.split('\n').find((l) => l.includes(STAFF));
    if (line && /listening/.test(out)) resolve(line.trim().split(/\s+/)[2]);
  });
  server.on('exit', (code) => reject(new Error(`lifeboat serve ended (${code}):\n${out}`)));
});

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  let responses = new Map();
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    responses.set(requestId, {
      url: response.url.replace(`http://127.0.0.1:${port}`, ''),
      status: response.status,
      encoding: headers['content-encoding'] ?? '',
      wire: 0,
      decoded: 0,
    });
  });
  cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
    const r = responses.get(requestId);
    if (r) r.decoded += dataLength;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const r = responses.get(requestId);
    if (r) r.wire = encodedDataLength;
  });
  const step = () => {
    const list = [...responses.values()];
    responses = new Map();
    return {
      responses: list,
      wire: list.reduce((s, r) => s + r.wire, 0),
      decoded: list.reduce((s, r) => s + r.decoded, 0),
    };
  };

  await page.goto(`http://127.0.0.1:${port}/app/`);
  await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  await page.waitForLoadState('networkidle');
  const login = step();

  await page.getByLabel('E-postadress').fill(STAFF);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  // The headline needs the plan: the overview is drawn when it shows.
  await page.getByRole('region', { name: 'Läget just nu' }).waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const overview = step();

  const result = { chromium: browser.version(), node: process.version, login, overview };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    for (const [name, s] of [
      ['login page (first load, empty cache)', login],
      ['after login, until the overview is drawn', overview],
    ]) {
      console.log(`\n${name}: ${kb(s.wire)} on the wire (${kb(s.decoded)} decoded), ${s.responses.length} responses`);
      for (const r of s.responses)
        console.log(
          `  ${String(r.status).padEnd(4)}${(r.encoding || '-').padEnd(5)}${kb(r.wire).padStart(10)}${kb(r.decoded).padStart(11)}  ${r.url}`,
        );
    }
    console.log(`\nChromium ${result.chromium}, Node.js ${result.node}`);
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(data, { recursive: true, force: true });
}
