/** Swedish texts of `lifeboat backup` and `lifeboat restore` (spread into sv.ts). */
export const backupSv = {
  'err.backup.noLifeboat': 'här finns inga Lifeboat-data',
  'err.backup.noDatabase': 'ingen Lifeboat-databas i {where}',
  'err.backup.cannotWrite': 'kan inte skriva filen här ({code})',
  'err.backup.notBackup': 'inte en säkerhetskopia från Lifeboat (en gzip-fil vars första rad anger "lifeboat-backup")',
  'err.backup.version':
    'säkerhetskopian har formatversion {version}, som denna Lifeboat inte kan läsa (den läser version {supported}): återställ den med en nyare Lifeboat',
  'err.backup.corrupt':
    'säkerhetskopian är skadad eller ofullständig (kontrollsumman eller antalet rader stämmer inte med huvudet): ingenting återställdes',
  'err.backup.newerSchema':
    'säkerhetskopian har schemat {schema}, nyare än denna Lifeboat känner till (till och med {latest}): återställ den med samma eller en nyare Lifeboat',
  'err.backup.mismatch':
    'säkerhetskopians tabell {table} stämmer inte med databasens vid samma schema: ingenting återställdes',
  'err.backup.notEmpty':
    'databasen är inte tom (tabellen {table} har {count} rader): återställ bara till en ny, tom databas',
  'err.backup.newerDatabase':
    'databasen har schemat {found}, som denna Lifeboat inte känner till: återställ bara till en ny, tom databas',
  'cli.backup.done': '{file}: {rows} rader i {tables} tabeller, schema {schema}, från {dialect}',
  'cli.restore.done':
    '{file}: {rows} rader i {tables} tabeller återställda (schema {schema}, tagen {created}) till {where}',
  'cli.restore.key':
    'Säkerhetskopian innehåller inte servernyckeln: ge denna server den gamla (LIFEBOAT_SECRET_KEY, eller secret.key i den gamla datakatalogen), annars kan andra faktorn inte kontrolleras.',
};
