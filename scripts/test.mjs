#!/usr/bin/env node
// `npm test`: build, type-check, lint, then every suite (unit, api, browser). Starts a throwaway
// PostgreSQL where its binaries exist, so that every store and API test runs on both dialects, and
// stops it however the run ends. With LIFEBOAT_REQUIRE_ALL=1 (CI) nothing may be skipped: a missing
// PostgreSQL or Chromium fails the run instead of skipping loudly.
//
// Extra arguments go to vitest: `npm test -- --project unit`, `npm test -- src/domain/plan`.
// `LIFEBOAT_SKIP_CHECKS=1 npm test -- ...` skips build, type-check and lint (for a quick rerun).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPgBin, startPostgres } from './postgres.mjs';

const CHROMIUM = process.env.LIFEBOAT_CHROMIUM || '/usr/bin/chromium';
const requireAll = process.env.LIFEBOAT_REQUIRE_ALL === '1' || process.env.CI === 'true';
const env = { ...process.env, LIFEBOAT_REQUIRE_ALL: requireAll ? '1' : '0' };
const args = process.argv.slice(2);

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '!'.repeat(width);
  console.warn(`\n${bar}\n${lines.map((l) => `! ${l.padEnd(width - 4)} !`).join('\n')}\n${bar}\n`);
}

function fail(message) {
  console.error(`\nnpm test: ${message}`);
  process.exit(1);
}

// The one child running now, so that a signal can be passed on to it before we clean up.
let current = null;

/** Runs a command with inherited output; resolves with its exit status (or 128+signal). */
function run(cmd, cmdArgs, label) {
  return new Promise((resolve) => {
    console.log(`\n> ${label ?? [cmd, ...cmdArgs].join(' ')}`);
    const child = spawn(cmd, cmdArgs, { stdio: 'inherit', env });
    current = child;
    child.on('error', (error) => {
      console.error(`could not run ${cmd}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? 128 + (os.constants.signals[signal] ?? 1));
    });
  });
}

async function step(cmd, cmdArgs, label) {
  const status = await run(cmd, cmdArgs, label);
  if (status !== 0) {
    console.error(`\nnpm test: \`${label ?? [cmd, ...cmdArgs].join(' ')}\` failed (exit ${status}).`);
    process.exit(status);
  }
}

/** The tests vitest's JSON report lists as skipped or todo ("file > name"), or null without a report. */
function skippedInReport(file) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const out = [];
  for (const suite of data.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'skipped' || test.status === 'pending' || test.status === 'todo') {
        out.push(`${path.relative(process.cwd(), suite.name)} > ${test.fullName}`);
      }
    }
  }
  return out;
}

let pg = null;
const cleanup = () => {
  const p = pg;
  pg = null;
  p?.stop();
};
// `exit` handlers run synchronously on every way out of this process: normal end, process.exit, a thrown error.
process.on('exit', cleanup);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    const status = 128 + os.constants.signals[signal];
    // A second signal means "now": PostgreSQL is still stopped by the exit handler.
    if (stopping || !current) process.exit(status);
    stopping = true;
    console.error(`\nnpm test: ${signal}, stopping.`);
    // Let vitest close its browsers and pools before PostgreSQL goes away; then give up waiting.
    current.once('exit', () => process.exit(status));
    current.kill(signal);
    setTimeout(() => {
      current?.kill('SIGKILL');
      process.exit(status);
    }, 10_000).unref();
  });
}
process.on('uncaughtException', (error) => {
  console.error(error);
  process.exit(1);
});

const skipped = [];
if (!fs.existsSync(CHROMIUM)) {
  if (requireAll) fail(`${CHROMIUM} is missing and this run may skip nothing (apt-get install -y chromium).`);
  skipped.push(`browser suites: ${CHROMIUM} is missing (apt-get install -y chromium)`);
}

// The suites need the build (dist/web, dist/cli), so a failed build ends the run; a failed type-check
// or lint does not, so that one run shows every problem, but it still fails the run at the end.
const failedChecks = [];
if (process.env.LIFEBOAT_SKIP_CHECKS !== '1') {
  await step('npm', ['run', '--silent', 'build'], 'npm run build');
  for (const [cmd, cmdArgs] of [
    ['npx', ['tsc', '-p', 'tsconfig.check.json']],
    ['npx', ['tsc', '-p', 'src/web/tsconfig.json']],
    ['npx', ['biome', 'check', '.']],
  ]) {
    const status = await run(cmd, cmdArgs);
    if (status !== 0) failedChecks.push(`${[cmd, ...cmdArgs].join(' ')} (exit ${status})`);
  }
}

if (env.TEST_DATABASE_URL) {
  console.log(`\nPostgreSQL for tests: ${env.TEST_DATABASE_URL} (TEST_DATABASE_URL)`);
} else {
  const bin = findPgBin();
  if (bin) {
    try {
      pg = await startPostgres(bin);
      env.TEST_DATABASE_URL = pg.url;
      console.log(`\nPostgreSQL for tests: ${pg.url} (throwaway, from ${bin})`);
    } catch (error) {
      if (requireAll) fail(`could not start a throwaway PostgreSQL:\n${error.message}`);
      skipped.push(`PostgreSQL suites: could not start a throwaway PostgreSQL: ${error.message.split('\n')[0]}`);
    }
  } else if (requireAll) {
    fail('PostgreSQL binaries (initdb) not found and this run may skip nothing (apt-get install -y postgresql).');
  } else {
    skipped.push('PostgreSQL suites: no initdb on PATH or in /usr/lib/postgresql/*/bin');
  }
}

if (skipped.length > 0) banner(['SKIPPED in this run (CI skips nothing):', ...skipped.map((s) => `  - ${s}`)]);
// With nothing allowed to skip, a test skipped inside a suite (it.skip, describe.skip, a skipIf) fails the run
// too: vitest also writes a JSON report that is read afterwards.
const report = path.join(os.tmpdir(), `lifeboat-vitest-${process.pid}.json`);
const reporterArgs =
  // A name filter (-t) skips what it does not match on purpose; so does a reporter of the caller's own.
  requireAll && !args.some((a) => /^(--reporter|-t$|--testNamePattern)/.test(a))
    ? ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`]
    : [];
process.on('exit', () => fs.rmSync(report, { force: true }));

// vitest is run directly, not through npx, so that a signal reaches it and not only a wrapper.
let status = await run(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', ...reporterArgs, ...args],
  `vitest run ${args.join(' ')}`,
);
if (reporterArgs.length > 0) {
  const skippedTests = skippedInReport(report);
  if (skippedTests === null) {
    console.error(`\nnpm test: vitest wrote no report at ${report}; cannot tell whether anything was skipped.`);
    status ||= 1;
  } else if (skippedTests.length > 0) {
    console.error(
      `\nnpm test: ${skippedTests.length} test(s) SKIPPED, and this run may skip nothing:\n${skippedTests
        .map((t) => `  - ${t}`)
        .join('\n')}`,
    );
    status ||= 1;
  }
}
if (skipped.length > 0) banner(['Passed only in part: these were SKIPPED:', ...skipped.map((s) => `  - ${s}`)]);
if (failedChecks.length > 0) {
  console.error(
    `\nnpm test: FAILED checks (see their output above):\n${failedChecks.map((c) => `  - ${c}`).join('\n')}`,
  );
  process.exit(status || 1);
}
process.exit(status);
