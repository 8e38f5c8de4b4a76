/** English texts of `lifeboat backup` and `lifeboat restore` (spread into en.ts). */
export const backupEn = {
  'err.backup.noLifeboat': 'there is no Lifeboat data here',
  'err.backup.noDatabase': 'no Lifeboat database at {where}',
  'err.backup.cannotWrite': 'cannot write the file here ({code})',
  'err.backup.notBackup': 'not a Lifeboat backup (a gzip file whose first line names "lifeboat-backup")',
  'err.backup.version':
    'the backup is in format version {version}, which this Lifeboat cannot read (it reads version {supported}): restore it with a newer Lifeboat',
  'err.backup.corrupt':
    'the backup is damaged or incomplete (its checksum or row counts do not match its header): nothing was restored',
  'err.backup.newerSchema':
    'the backup holds schema {schema}, newer than this Lifeboat knows (up to {latest}): restore it with the same or a newer Lifeboat',
  'err.backup.mismatch':
    "the backup's table {table} does not match this database's at the same schema: nothing was restored",
  'err.backup.notEmpty':
    'the database is not empty (table {table} holds {count} rows): restore only into a new, empty database',
  'err.backup.newerDatabase':
    'the database was set up with schema {found}, which this Lifeboat does not know: restore only into a new, empty database',
  'cli.backup.done': '{file}: {rows} rows in {tables} tables, schema {schema}, from {dialect}',
  'cli.restore.done': '{file}: restored {rows} rows in {tables} tables (schema {schema}, taken {created}) into {where}',
  'cli.restore.key':
    'The backup does not hold the server key: give this server the old one (LIFEBOAT_SECRET_KEY, or secret.key of the old data directory), or second factors cannot be checked.',
};
