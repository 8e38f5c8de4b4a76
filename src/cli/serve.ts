import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.js';
import { countUnopenableSecrets, ensureSecretKey, sealClearTotpSecrets } from '../server/auth/keys.js';
import { ensureSetupLink } from '../server/auth/setup.service.js';
import { type Config, ConfigError, type ConfigFlags, loadConfig } from '../server/config.js';
import { seedDemo } from '../server/demo/demo.service.js';
import { loggerOptions } from '../server/ops/logging.js';
import { publicUrlWarning, recordServedAddress } from '../server/public-url.js';
import { REMINDER_EVERY_MS } from '../server/situation/reminders.js';
import { migrateToLatest, openDatabase } from '../store/database.js';
import { CliError } from './cli-error.js';

/**
 * Whether `--demo` drops the second factor: demo accounts have no phone to enrol, but only on the
 * demo's own throwaway database, never when pointed at real data, and never against an explicit setting.
 */
export function demoRelaxesTotp(flags: ConfigFlags, env: NodeJS.ProcessEnv): boolean {
  const ownData = flags.data === undefined && !env.LIFEBOAT_DATA && !env.DATABASE_URL;
  return Boolean(flags.demo) && ownData && env.LIFEBOAT_TOTP_REQUIRED === undefined;
}

/** `lifeboat serve`: the one place that reads the environment, migrates and listens. */
export async function serve(flags: ConfigFlags): Promise<void> {
  const env = { ...process.env };
  if (demoRelaxesTotp(flags, env)) env.LIFEBOAT_TOTP_REQUIRED = 'none';
  let config: Config;
  try {
    config = loadConfig(flags, env);
  } catch (error) {
    // A bad setting is bad usage: exit status 2, the message as it is.
    if (error instanceof ConfigError) throw new CliError(error.message.split('\n'), 2);
    throw error;
  }
  const db = await openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'sqlite', file: path.join(config.dataDir, 'lifeboat.db') },
  );
  await migrateToLatest(db);
  try {
    // The key must exist before the first request: on PostgreSQL it comes from the environment.
    ensureSecretKey(config);
  } catch (error) {
    await db.destroy();
    throw new CliError([`lifeboat: ${error instanceof Error ? error.message : String(error)}`], 2);
  }
  const unopenable = await countUnopenableSecrets(db, config);
  if (unopenable > 0) {
    console.warn(
      `WARNING: ${unopenable} user(s) have a second factor sealed with another key than this one ` +
        `(LIFEBOAT_SECRET_KEY or ${path.join(config.dataDir, 'secret.key')}). Restore the key from your backup; ` +
        'until then they can log in only with a recovery code, or after an administrator resets their second factor.',
    );
  }
  const sealed = await sealClearTotpSecrets(db, config);
  if (sealed > 0) console.log(`Encrypted ${sealed} TOTP secret(s) that were stored in clear.`);
  const deps = { db, config, clock: () => new Date(), ids: randomUUID };

  const out: string[] = [];
  if (config.demo) {
    const accounts = await seedDemo(db, deps);
    if (accounts.length > 0) {
      out.push('Demo municipality loaded. Demo accounts (password for all shown beside each):');
      for (const a of accounts)
        out.push(`  ${a.role.padEnd(13)} ${a.email.padEnd(32)} ${a.password}${a.unitId ? `  (unit ${a.unitId})` : ''}`);
    }
  }
  const setupLink = await ensureSetupLink(db, deps);
  if (setupLink) out.push('No administrator yet. Open this one-time link to create the first one:', `  ${setupLink}`);

  const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');
  const https =
    config.tlsCert && config.tlsKey
      ? { cert: fs.readFileSync(config.tlsCert), key: fs.readFileSync(config.tlsKey) }
      : undefined;
  const app = await buildApp({
    ...deps,
    webRoot,
    logRequests: process.env.LOG_REQUESTS === '1',
    reminderEveryMs: REMINDER_EVERY_MS,
    // Requests are logged as method, route pattern, status and time: never a URL, header or body (ops/logging.ts).
    logger: loggerOptions(process.env.LOG_LEVEL ?? 'info'),
    ...(https ? { https } : {}),
  });
  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : path.join(config.dataDir, 'lifeboat.db');
  console.log(`Lifeboat is listening on ${config.publicUrl} (data: ${where})`);
  for (const line of out) console.log(line);
  // `lifeboat user add` on this data prints links to where this server answers, flags included.
  await recordServedAddress(db, config);
  const warning = publicUrlWarning(config, lanAddresses());
  if (warning) for (const line of warning) console.warn(line);

  const stop = async () => {
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// This machine's IPv4 addresses on its networks: what a phone on the same network could open.
function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}
