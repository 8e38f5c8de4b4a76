#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './cli-error.js';
import { nodeSupported } from './node-version.js';

// Say it plainly rather than let an older Node fail later with ERR_REQUIRE_ESM deep in a dependency.
if (!nodeSupported(process.version)) {
  process.stderr.write(
    `lifeboat: needs Node.js 20.19 or later on the 20 line, or 22.12 or later (this is ${process.version})\n`,
  );
  process.exit(1);
}

// A reader that stops early (`lifeboat plan FILE | head -3`) closes the pipe: that ends the output, as
// it would for any Unix tool, not the program with a stack trace. Other failures of stdout still say so.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`lifeboat: standard output: ${error.message}\n`);
  process.exit(1);
});

// Each command imports its own code lazily: `plan` must not load the server or the database.
const program = new Command('lifeboat')
  .description('Lifeboat: the out-of-band command post for IT-incident recovery')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const dataOption = () => new Option('--data <dir>', 'data directory (SQLite); DATABASE_URL selects PostgreSQL');
const demoOption = () => new Option('--demo', 'use the demo data directory (./data-demo unless --data)');

program
  .command('serve')
  .description('serve the web UI, the API and the public site')
  // No commander defaults here: PORT and HOST in the environment apply when no flag is given.
  .option('--port <port>', 'port to listen on (default 8080, or PORT)')
  .option('--host <host>', 'address to listen on, 0.0.0.0 for phones on the local network (default 127.0.0.1, or HOST)')
  .addOption(dataOption())
  .addOption(demoOption())
  .option('--tls-cert <file>', 'TLS certificate (PEM), to end TLS without a proxy')
  .option('--tls-key <file>', 'TLS private key (PEM)')
  .action(async (opts) => (await import('./serve.js')).serve(opts));

program
  .command('plan')
  .description('compute the restart plan and forecast of a catalogue file (no server, no database)')
  .argument('<file>', 'catalogue file (.yaml, .yml, .json or .csv)')
  .option('--json', 'print one JSON object')
  .option('--runs <n>', 'forecast runs', '1000')
  .option('--seed <s>', 'random seed', '1')
  .option('--capacity <team=n>', 'override a team capacity (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
  .option('--friction <sigma>', 'sigma of the shared log-normal friction factor', '0.3')
  .option('--as-of <iso>', 'show times as dates from this instant; "now" for the status history')
  .option('--no-learning', 'do not learn from the status history (the forecast of the estimates alone)')
  .option('--advice', 'also show where one more person helps most (one more plan per team)')
  .addOption(dataOption().hideHelp())
  .action(async (file, opts) => (await import('./plan.js')).planCommand(file, opts));

program
  .command('import')
  .description('merge FILE into the catalogue (add and update, remove nothing), or --replace it')
  .argument('<file>', 'catalogue file (.yaml, .yml, .json or .csv)')
  .option('--replace', 'make the catalogue exactly the file: what the file lacks is removed')
  .option('--statuses', 'take status and remaining_hours from the file instead of keeping the live ones')
  .addOption(dataOption())
  .addOption(demoOption())
  .action(async (file, opts) => (await import('./catalogue.js')).importCommand(file, opts));

program
  .command('export')
  .description('write the catalogue as YAML (or JSON for a .json file)')
  .option('--out <file>', 'file to write (default: standard output, YAML)')
  .addOption(dataOption())
  .addOption(demoOption())
  .action(async (opts) => (await import('./catalogue.js')).exportCommand(opts));

program
  .command('verify-log')
  .description(
    'check the hash chains of the audit trail and the decision log: exit 0 when they hold, 1 naming the first bad entry',
  )
  .option('--head <hash>', 'a head hash kept outside Lifeboat: proves nothing was cut off the end')
  .option('--chain <chain>', 'decisions or audit (default: both)')
  .option(
    '--file <export>',
    'a JSON export of the decision log (GET /api/decisions/export.json), checked without a database',
  )
  .addOption(dataOption())
  .addOption(demoOption())
  .action(async (opts) => (await import('./verify-log.js')).verifyLogCommand(opts));

program
  .command('publish')
  .description('write the public site as static files (a mirror for any web host, object store or USB stick)')
  .requiredOption('--out <dir>', 'directory to write into')
  .option('--base-url <url>', "the mirror's public address, for the feeds' absolute links (default PUBLIC_URL)")
  .addOption(dataOption())
  .addOption(demoOption())
  .action(async (opts) => (await import('./publish.js')).publishCommand(opts));

program
  .command('backup')
  .description(
    'write a consistent copy of the database to FILE while the server runs (gzip of JSON lines, either database)',
  )
  .argument('<file>', 'file to write (replaced when it exists), e.g. lifeboat-2026-12-03.jsonl.gz')
  .addOption(dataOption())
  .addOption(demoOption())
  .action(async (file, opts) => (await import('./backup.js')).backupCommand(file, opts));

program
  .command('restore')
  .description(
    'restore a backup into an EMPTY database (SQLite or PostgreSQL): exit 2 when the file or the database is refused',
  )
  .argument('<file>', 'a file written by lifeboat backup')
  .addOption(dataOption())
  .addOption(demoOption())
  .action(async (file, opts) => (await import('./backup.js')).restoreCommand(file, opts));

const user = program.command('user').description('manage accounts');
user
  .command('add')
  .description('add an account and print a one-time link to set its password')
  .argument('<email>')
  .requiredOption('--role <role>', 'admin, staff, recovery, communicator, reporter or observer')
  .option('--unit <unit>', 'the unit of a reporter')
  .option('--name <name>', 'display name')
  // As for `serve`; without them (and without PUBLIC_URL, PORT, HOST) the link names the address that
  // the server on this data recorded when it started.
  .option('--port <port>', "the server's port, for the link")
  .option('--host <host>', "the server's listening address, for the link")
  .addOption(dataOption())
  .addOption(demoOption())
  .action(async (email, opts) => (await import('./users.js')).userAddCommand(email, opts));

const token = program.command('token').description('manage API tokens');
token
  .command('create')
  .description('print a new API token for an account')
  .argument('<email>')
  .option('--name <name>', 'what the token is for', 'cli')
  .option('--read-only', 'the token may only read (GET)')
  .option('--expires-days <n>', 'days until the token expires (default 90)')
  .addOption(dataOption())
  .addOption(demoOption())
  .action(async (email, opts) => (await import('./users.js')).tokenCreateCommand(email, opts));

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are successes; every other parse error is bad usage.
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (error instanceof CliError) {
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`lifeboat: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
