import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, type ConfigFlags, loadConfig } from '../server/config.js';
import type { AppDeps } from '../server/deps.js';
import { publicUrlWarning, servedAddress } from '../server/public-url.js';
import { type DatabaseTarget, type Db, migrateToLatest, openDatabase } from '../store/database.js';
import { CliError } from './cli-error.js';
import { cliText } from './locale.js';

/** An open, migrated database with what services need beside it. */
export interface OpenedDb {
  db: Db;
  config: Config;
  deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'ids'>;
  close: () => Promise<void>;
  /** Lines to print on stderr when the links this command prints cannot be opened on a phone. */
  linkWarning: string[] | null;
}

/**
 * Opens the database that `serve` would use with these flags (--data, --demo, DATABASE_URL) and migrates
 * it. Links use the configuration the server would read (PUBLIC_URL, PORT, HOST, --port, --host); when
 * none of it is given here, the address the server on this database recorded when it started.
 */
export async function openFromFlags(
  flags: Pick<ConfigFlags, 'data' | 'demo' | 'port' | 'host'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenedDb> {
  let config = configOf({ data: flags.data, demo: flags.demo, port: flags.port, host: flags.host }, env);
  const db = await openDatabase(targetOf(config));
  await migrateToLatest(db);
  const given = [flags.port, flags.host, env.PUBLIC_URL, env.PORT, env.HOST].some((v) => v !== undefined && v !== '');
  const served = given ? undefined : await servedAddress(db);
  if (served) config = { ...config, publicUrl: served.publicUrl, host: served.host, port: served.port };
  return {
    db,
    config,
    linkWarning: publicUrlWarning(config),
    deps: { db, config, clock: () => new Date(), ids: randomUUID },
    close: () => db.destroy(),
  };
}

/** A database opened as it stands, with where it is in words. */
export interface RawDb {
  db: Db;
  where: string;
  close: () => Promise<void>;
}

/**
 * Opens the database that `serve` would use with these flags (--data, --demo, DATABASE_URL) WITHOUT migrating
 * it: a backup must not change the schema under a running server, and a restore migrates step by step itself.
 * With `mustExist`, a SQLite file that is not there is refused rather than created.
 */
export async function openUnmigrated(
  flags: Pick<ConfigFlags, 'data' | 'demo'>,
  options: { mustExist: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<RawDb> {
  const target = targetOf(configOf({ data: flags.data, demo: flags.demo }, env));
  if (target.kind === 'sqlite' && options.mustExist && !fs.existsSync(target.file)) {
    throw new CliError([`lifeboat: ${cliText('err.backup.noDatabase', { where: target.file })}`], 2);
  }
  const db = await openDatabase(target);
  const where = target.kind === 'sqlite' ? target.file : 'PostgreSQL (DATABASE_URL)';
  return { db, where, close: () => db.destroy() };
}

// The configuration `serve` would read with these flags; a bad one is bad usage (exit 2), not a crash.
function configOf(flags: ConfigFlags, env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(flags, env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message.split('\n'), 2);
    throw error;
  }
}

// The database `serve` would open: DATABASE_URL's PostgreSQL, else the data directory's SQLite file.
function targetOf(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'sqlite', file: path.join(config.dataDir, 'lifeboat.db') };
}
