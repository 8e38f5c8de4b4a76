#!/usr/bin/env node
// The public site's speed goal (issue 10, "Speed and weight"): requests per second for `/` from the live
// server (`lifeboat serve --demo` from dist/, the demo's data, pages served from memory) beside nginx
// serving the exported copy of the same page (`lifeboat publish`), in the same run: wrk, 50 connections,
// 10 s each, gzip asked for by both. Goal: the live server at least 0.6× nginx. Also the front page's
// total bytes (one request: no script, no image, the stylesheet inline), goal under 50 KB.
// usage: node bench/site.mjs [--seconds N]   (needs dist/ from `npm run build`, /usr/sbin/nginx and wrk)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 10;
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const MAIN = path.join(ROOT, 'dist/cli/main.js');
if (!fs.existsSync(MAIN)) {
  console.error('bench/site: dist/cli/main.js is missing: run `npm run build` first');
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitFor(url) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

function wrk(url) {
  const out = execFileSync('wrk', ['-t', '2', '-c', '50', '-d', `${SECONDS}s`, '-H', 'Accept-Encoding: gzip', url], {
    encoding: 'utf8',
  });
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  if (!Number.isFinite(rps) || non2xx > 0) throw new Error(`wrk ${url}: ${out}`);
  return rps;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeboat-bench-site-'));
// nginx's workers run as an unprivileged user when started as root: they must be able to read the copy.
fs.chmodSync(work, 0o755);
const children = [];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('exit', stop);
try {
  const data = path.join(work, 'data');
  const port = await freePort();
  const env = { ...process.env, PUBLIC_URL: `http://127.0.0.1:${port}` };
  delete env.DATABASE_URL;
  // The demo seeds the data directory on first start; the server then serves the public site from memory.
  const server = spawn(process.execPath, [MAIN, 'serve', '--demo', '--data', data, '--port', String(port)], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(server);
  const live = `http://127.0.0.1:${port}/`;
  await waitFor(live);

  const site = path.join(work, 'site');
  execFileSync(process.execPath, [MAIN, 'publish', '--data', data, '--out', site, '--base-url', live], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const nginxPort = await freePort();
  const conf = path.join(work, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  client_body_temp_path ${work}/tmp; proxy_temp_path ${work}/tmp; fastcgi_temp_path ${work}/tmp;
  uwsgi_temp_path ${work}/tmp; scgi_temp_path ${work}/tmp;
  gzip on;
  server { listen 127.0.0.1:${nginxPort}; root ${site}; index index.html; }
}
`,
  );
  fs.mkdirSync(path.join(work, 'tmp'));
  const nginx = spawn(NGINX, ['-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(nginx);
  const mirror = `http://127.0.0.1:${nginxPort}/`;
  await waitFor(mirror);

  const page = await fetch(live, { headers: { 'accept-encoding': 'identity' } });
  const body = await page.text();
  const gz = await fetch(live, { headers: { 'accept-encoding': 'gzip' } });
  const wire = Number(gz.headers.get('content-length') ?? Number.NaN);
  const scripts = (body.match(/<script/gi) ?? []).length;

  const model =
    (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;
  console.log(`machine: ${os.cpus().length} CPUs, ${model}, node ${process.version}; wrk -t 2 -c 50 -d ${SECONDS}s`);
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  // Alternating halves would not help here: each side needs its own warm run; nginx first, then live.
  wrk(mirror);
  const nginxRps = wrk(mirror);
  wrk(live);
  const liveRps = wrk(live);
  const ratio = liveRps / nginxRps;
  const bytes = Buffer.byteLength(body);
  console.log('');
  console.log('| figure | value | goal |');
  console.log('| --- | ---: | --- |');
  console.log(`| nginx, exported \`/index.html\` (req/s) | ${nginxRps.toFixed(0)} | |`);
  console.log(`| lifeboat serve, \`/\` (req/s) | ${liveRps.toFixed(0)} | |`);
  console.log(`| ratio live / nginx | ${ratio.toFixed(2)}× | ≥ 0.6× ${ratio >= 0.6 ? 'met' : 'MISSED'} |`);
  console.log(
    `| front page, all bytes (HTML, no other request) | ${(bytes / 1024).toFixed(1)} KB (${wire} B gzip) | < 50 KB ${bytes < 51200 ? 'met' : 'MISSED'} |`,
  );
  console.log(`| script elements on the front page | ${scripts} | 0 ${scripts === 0 ? 'met' : 'MISSED'} |`);
  console.log(
    `load average at end: ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  process.exitCode = ratio >= 0.6 && bytes < 51200 && scripts === 0 ? 0 : 1;
} finally {
  stop();
  fs.rmSync(work, { recursive: true, force: true });
}
