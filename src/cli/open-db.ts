import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type Config, ConfigError, type ConfigFlags, loadConfig } from '../server/config.js';
import type { AppDeps } from '../server/deps.js';
import { type Db, migrateToLatest, openDatabase } from '../store/database.js';
import { CliError } from './cli-error.js';

/** An open, migrated database with what services need beside it. */
export interface OpenedDb {
  db: Db;
  config: Config;
  deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'ids'>;
  close: () => Promise<void>;
}

/** Opens the database that `serve` would use with these flags (--data, --demo, DATABASE_URL) and migrates it. */
export async function openFromFlags(
  flags: Pick<ConfigFlags, 'data' | 'demo'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenedDb> {
  let config: Config;
  try {
    config = loadConfig({ data: flags.data, demo: flags.demo }, env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message.split('\n'), 2);
    throw error;
  }
  const db = await openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'sqlite', file: path.join(config.dataDir, 'lifeboat.db') },
  );
  await migrateToLatest(db);
  return {
    db,
    config,
    deps: { db, config, clock: () => new Date(), ids: randomUUID },
    close: () => db.destroy(),
  };
}
