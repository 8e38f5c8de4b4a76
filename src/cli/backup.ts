import fs from 'node:fs';
import path from 'node:path';
import { LifeboatError } from '../domain/errors.js';
import { CliError } from './cli-error.js';
import { cliErrorMessage, cliText } from './locale.js';

/** Options of `lifeboat backup` and `lifeboat restore`. */
export interface BackupOptions {
  data?: string;
  demo?: boolean;
}

// A refusal (bad file, non-empty database…) is the user's to fix: exit 2 with the reason, as bad input is.
function refused(error: unknown): never {
  if (error instanceof LifeboatError) throw new CliError([`lifeboat: ${cliErrorMessage(error)}`], 2);
  throw error;
}

/** `lifeboat backup FILE`: a consistent copy of the database (SQLite or PostgreSQL) while the server runs. */
export async function backupCommand(file: string, opts: BackupOptions): Promise<void> {
  // Said before the database is read, not as a bare ENOENT after it.
  try {
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
    throw new CliError([`lifeboat: ${file}: ${cliText('err.backup.cannotWrite', { code })}`], 2);
  }
  const { openUnmigrated } = await import('./open-db.js');
  const { writeBackup } = await import('../store/backup/backup.js');
  const opened = await openUnmigrated(opts, { mustExist: true });
  try {
    const header = await writeBackup(opened.db, file, { now: () => new Date() }).catch(refused);
    const rows = header.tables.reduce((sum, t) => sum + t.rows, 0);
    process.stdout.write(
      `${cliText('cli.backup.done', { file, rows, tables: header.tables.length, schema: header.schema, dialect: header.dialect })}\n`,
    );
  } finally {
    await opened.close();
  }
}

/** `lifeboat restore FILE`: brings a backup back into an empty database (either kind), then migrates it to this build. */
export async function restoreCommand(file: string, opts: BackupOptions): Promise<void> {
  const { openUnmigrated } = await import('./open-db.js');
  const { checkRestorable, restoreBackup } = await import('../store/backup/backup.js');
  // A file that will be refused must not leave an empty database file behind: checked before opening.
  const checked = await checkRestorable(file).catch(refused);
  const opened = await openUnmigrated(opts, { mustExist: false });
  try {
    const { header, rows } = await restoreBackup(opened.db, file, checked).catch(refused);
    process.stdout.write(
      `${cliText('cli.restore.done', {
        file,
        rows,
        tables: header.tables.length,
        schema: header.schema,
        created: header.created_at,
        where: opened.where,
      })}\n${cliText('cli.restore.key')}\n`,
    );
  } finally {
    await opened.close();
  }
}
