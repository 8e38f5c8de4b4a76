/**
 * Lifeboat's own backup file, the same for SQLite and PostgreSQL so that a backup moves between them:
 * a gzip file of JSON lines (two gzip members, which every gunzip reads as one stream).
 *
 *   line 1     the header: format, version, schema (the last migration applied), created_at, the source
 *              dialect, every table with its columns and row count (in dependency order), the counters'
 *              last values, and the SHA-256 of everything after this line
 *   then       for each table in the header's order: `{"table":"NAME"}`, then one JSON array per row, the
 *              values in the header's column order, rows in primary-key order (byte order for text)
 *
 * Values are JSON as the store holds them: text, numbers, 0/1, null (and `{"base64": …}` for bytes).
 * `zcat FILE | head -1` shows what a backup holds without reading the rest.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { CompiledQuery, sql } from 'kysely';
import { LifeboatError } from '../../domain/errors.js';
import { msg } from '../../domain/messages.js';
import {
  appliedMigrations,
  type Db,
  dialectOf,
  LATEST_MIGRATION,
  MIGRATIONS,
  migrateTo,
  migrateToLatest,
  openDatabase,
} from '../database.js';
import { counterValues, describeTables, resetCounters, type TableShape } from './schema.js';

/** The `format` of every Lifeboat backup's header. */
export const BACKUP_FORMAT = 'lifeboat-backup';
/** The version of the file layout this build writes and reads. */
export const BACKUP_VERSION = 1;

/** The first line of a backup. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** The last migration applied to the database backed up: the schema its rows fit. */
  schema: string;
  created_at: string;
  dialect: 'sqlite' | 'postgres';
  tables: { name: string; columns: string[]; rows: number }[];
  /** The last id each table's counter (AUTOINCREMENT, serial) handed out. */
  counters: Record<string, number>;
  /** SHA-256 (hex) of the body: every byte after the header's line. */
  body_sha256: string;
}

type Cell = string | number | boolean | null | { base64: string };

// Rows per SELECT and per INSERT: bounded memory, and within both dialects' limits on bound parameters.
const READ_BATCH = 2000;
const MAX_PARAMETERS = 30000;

/** Options of `writeBackup`. */
export interface WriteBackupOptions {
  now: () => Date;
  /** Rows per read (default 2000; tests page through small tables with a few). */
  batchRows?: number;
  /** Called after each table is read, inside the snapshot (tests write between tables with it). */
  afterTable?: (table: string) => Promise<void>;
}

/**
 * Writes a consistent backup of the database into `file` while others keep writing: every table is read in
 * ONE read transaction (PostgreSQL: REPEATABLE READ, READ ONLY, one snapshot; SQLite in WAL mode: a read
 * transaction sees the database as of its first read, and writers go on beside it). The file appears under
 * its name only when complete (written beside it, flushed to disk, renamed), readable by its owner only.
 */
export async function writeBackup(db: Db, file: string, options: WriteBackupOptions): Promise<BackupHeader> {
  const target = path.resolve(file);
  const stem = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}`);
  const bodyFile = `${stem}.body`;
  const partFile = `${stem}.part`;
  try {
    const read = async (trx: Db) => readSnapshot(trx, bodyFile, options);
    const header =
      dialectOf(db) === 'postgres'
        ? await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read)
        : await db.transaction().execute(read);
    const out = await fs.promises.open(partFile, 'w', 0o600);
    try {
      await out.write(zlib.gzipSync(`${JSON.stringify(header)}\n`));
      for await (const chunk of fs.createReadStream(bodyFile)) await out.write(chunk as Buffer);
      await out.sync();
    } finally {
      await out.close();
    }
    await fs.promises.rename(partFile, target);
    await syncDirectory(path.dirname(target));
    return header;
  } finally {
    await fs.promises.rm(bodyFile, { force: true });
    await fs.promises.rm(partFile, { force: true });
  }
}

async function readSnapshot(trx: Db, bodyFile: string, options: WriteBackupOptions): Promise<BackupHeader> {
  const applied = await appliedMigrations(trx);
  const schema = applied?.at(-1);
  if (!schema) throw new LifeboatError('bad_request', msg('err.backup.noLifeboat', 'there is no Lifeboat data here'));
  const shapes = await describeTables(trx);
  const counters = await counterValues(trx, shapes);
  const hash = createHash('sha256');
  const gzip = zlib.createGzip();
  const done = pipeline(gzip, fs.createWriteStream(bodyFile, { mode: 0o600 }));
  // The pipeline's failure is awaited below; until then it must not count as unhandled.
  done.catch(() => undefined);
  const write = async (text: string) => {
    hash.update(text, 'utf8');
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  const tables: BackupHeader['tables'] = [];
  try {
    for (const shape of shapes) {
      // Paging by key needs a key: without one, a row equal to the last of a page would be skipped, unseen.
      if (shape.key.length === 0) throw new Error(`table ${shape.name} has no primary key: it cannot be read exactly`);
      await write(`${JSON.stringify({ table: shape.name })}\n`);
      let rows = 0;
      const size = options.batchRows ?? READ_BATCH;
      // Keyset paging (rows after the last key read), so a big table costs one index walk, not one per page.
      for (let last: Record<string, unknown> | undefined; ; ) {
        const batch = await sql<Record<string, unknown>>`
          select * from ${sql.table(shape.name)} ${last ? sql`where ${after(trx, shape, last)}` : sql``}
          order by ${orderOf(trx, shape)} limit ${size}`.execute(trx);
        // One write per page: a zlib write per row costs more than reading the row.
        let text = '';
        for (const row of batch.rows) {
          text += `${JSON.stringify(shape.columns.map((c) => encodeCell(row[c], shape.name, c)))}\n`;
        }
        if (text !== '') await write(text);
        rows += batch.rows.length;
        last = batch.rows.at(-1);
        if (batch.rows.length < size) break;
      }
      tables.push({ name: shape.name, columns: shape.columns, rows });
      await options.afterTable?.(shape.name);
    }
    gzip.end();
    await done;
  } catch (error) {
    gzip.destroy();
    throw error;
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schema,
    created_at: options.now().toISOString(),
    dialect: dialectOf(trx),
    tables,
    counters,
    body_sha256: hash.digest('hex'),
  };
}

// Primary-key order; text in byte order on PostgreSQL too (COLLATE "C", as SQLite compares), so that the
// same data gives the same body, whichever database it comes from.
function orderOf(db: Db, shape: TableShape) {
  const postgres = dialectOf(db) === 'postgres';
  return sql.join(shape.key.map((c) => (postgres && shape.text.has(c) ? sql`${sql.ref(c)} collate "C"` : sql.ref(c))));
}

// `(k1, k2, …) > (v1, v2, …)` in the order's own terms (byte order for text on PostgreSQL). A null in a key
// (SQLite allows one in a primary key that is not an INTEGER PRIMARY KEY) would end the paging early, so it
// is refused rather than cut short.
function after(db: Db, shape: TableShape, last: Record<string, unknown>) {
  const postgres = dialectOf(db) === 'postgres';
  const column = (c: string) => (postgres && shape.text.has(c) ? sql`${sql.ref(c)} collate "C"` : sql.ref(c));
  const value = (c: string) => {
    const v = last[c];
    if (v === null || v === undefined) throw new Error(`${shape.name}.${c}: a null in the ordering key`);
    return postgres && shape.text.has(c) ? sql`cast(${v} as text) collate "C"` : sql`${v}`;
  };
  return sql`(${sql.join(shape.key.map(column))}) > (${sql.join(shape.key.map(value))})`;
}

function encodeCell(value: unknown, table: string, column: string): Cell {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  // Nothing Lifeboat stores is anything else; a backup that cannot give it back exactly must not be written.
  throw new Error(`${table}.${column}: a value of type ${typeof value} cannot be backed up exactly`);
}

function decodeCell(cell: unknown, sqlite: boolean): unknown {
  if (typeof cell === 'boolean' && sqlite) return cell ? 1 : 0;
  if (cell !== null && typeof cell === 'object' && typeof (cell as { base64?: unknown }).base64 === 'string') {
    return Buffer.from((cell as { base64: string }).base64, 'base64');
  }
  return cell;
}

async function syncDirectory(dir: string): Promise<void> {
  // A rename is durable once the directory is; some systems cannot open a directory for that, which is no error.
  try {
    const handle = await fs.promises.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort: the file itself was synced before the rename
  }
}

function refusal(key: string, english: string, params?: Record<string, string | number>): LifeboatError {
  return new LifeboatError('bad_request', msg(key, english, params));
}

const corrupt = () =>
  refusal(
    'err.backup.corrupt',
    'the backup is damaged or incomplete (its checksum or row counts do not match its header): nothing was restored',
  );

// Far above any row Lifeboat stores (each value came through a request of a few MB at most), far below
// V8's longest string: a file of one endless line (damaged, or a gzip bomb) is refused, not held in memory.
const MAX_LINE = 256 * 1024 * 1024;

/** The lines of a gzip'd file, each without its newline; a last line without one is reported as `partial`. */
async function* linesOf(file: string): AsyncGenerator<{ line: string; partial: boolean }> {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of gunzip) {
    // Only the new text is searched: splitting `rest + text` again for each chunk of a long line is quadratic.
    const text = decoder.write(chunk as Buffer);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield { line: rest + text.slice(start, end), partial: false };
      rest = '';
      start = end + 1;
    }
    rest += text.slice(start);
    if (rest.length > MAX_LINE) throw corrupt();
  }
  rest += decoder.end();
  if (rest !== '') yield { line: rest, partial: true };
}

function parseHeader(line: string): BackupHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = null;
  }
  const h = parsed as Partial<BackupHeader> | null;
  if (h === null || typeof h !== 'object' || h.format !== BACKUP_FORMAT) throw notABackup();
  if (h.version !== BACKUP_VERSION) {
    throw refusal(
      'err.backup.version',
      `the backup is in format version ${String(h.version)}, which this Lifeboat cannot read (it reads version ${BACKUP_VERSION}): restore it with a newer Lifeboat`,
      { version: String(h.version), supported: BACKUP_VERSION },
    );
  }
  // The checksum covers the body only: the header's own values are checked here, before any is used.
  const count = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  const tablesOk =
    Array.isArray(h.tables) &&
    h.tables.every(
      (t) =>
        typeof t?.name === 'string' &&
        count(t.rows) &&
        Array.isArray(t.columns) &&
        t.columns.every((c) => typeof c === 'string'),
    );
  if (
    typeof h.schema !== 'string' ||
    typeof h.created_at !== 'string' ||
    typeof h.body_sha256 !== 'string' ||
    (h.dialect !== 'sqlite' && h.dialect !== 'postgres') ||
    !tablesOk ||
    typeof h.counters !== 'object' ||
    h.counters === null ||
    !Object.values(h.counters).every(count)
  ) {
    throw corrupt();
  }
  return h as BackupHeader;
}

const notABackup = () =>
  refusal('err.backup.notBackup', 'not a Lifeboat backup (a gzip file whose first line names "lifeboat-backup")');

/**
 * Reads a backup from end to end and returns its header when everything holds: the format, the checksum of
 * the body, each table's rows in the header's order and count. Refuses (LifeboatError) otherwise.
 */
export async function verifyBackup(file: string): Promise<BackupHeader> {
  let magic: Buffer;
  try {
    const handle = await fs.promises.open(file, 'r');
    try {
      magic = Buffer.alloc(2);
      await handle.read(magic, 0, 2, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw refusal('err.cli.cannotRead', `cannot read the file (${code})`, { code });
  }
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) throw notABackup();
  return scan(file, () => undefined);
}

// Reads the file once: the header, then every body line through `onRow` (table, values), checking as it goes.
async function scan(
  file: string,
  onRow: (table: BackupHeader['tables'][number], values: unknown[]) => Promise<void> | undefined,
): Promise<BackupHeader> {
  let header: BackupHeader | undefined;
  const hash = createHash('sha256');
  let index = -1;
  let count = 0;
  const finishTable = () => {
    if (header && index >= 0 && header.tables[index]?.rows !== count) throw corrupt();
  };
  try {
    for await (const { line, partial } of linesOf(file)) {
      if (!header) {
        header = parseHeader(line);
        if (partial) throw corrupt();
        continue;
      }
      if (partial) throw corrupt();
      hash.update(`${line}\n`, 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw corrupt();
      }
      if (Array.isArray(value)) {
        const table = header.tables[index];
        if (!table || value.length !== table.columns.length) throw corrupt();
        count++;
        await onRow(table, value);
      } else {
        finishTable();
        index++;
        count = 0;
        if ((value as { table?: unknown } | null)?.table !== header.tables[index]?.name) throw corrupt();
      }
    }
  } catch (error) {
    if (error instanceof LifeboatError) throw error;
    // zlib's "unexpected end of file" (cut short), "incorrect header check" and the like.
    throw header ? corrupt() : notABackup();
  }
  if (!header) throw notABackup();
  finishTable();
  if (index !== header.tables.length - 1 || hash.digest('hex') !== header.body_sha256) throw corrupt();
  return header;
}

/** What a restore did. */
export interface RestoreSummary {
  header: BackupHeader;
  rows: number;
}

/**
 * Checks, without a database, that this build can restore the backup: `verifyBackup`, and a schema it knows.
 * Returns the header; refuses (LifeboatError) otherwise.
 */
export async function checkRestorable(file: string): Promise<BackupHeader> {
  const header = await verifyBackup(file);
  if (!Object.hasOwn(MIGRATIONS, header.schema)) {
    throw refusal(
      'err.backup.newerSchema',
      `the backup holds schema ${header.schema}, newer than this Lifeboat knows (up to ${LATEST_MIGRATION}): restore it with the same or a newer Lifeboat`,
      { schema: header.schema, latest: LATEST_MIGRATION },
    );
  }
  return header;
}

/**
 * Restores a backup into an EMPTY database (never migrated, or migrated with nothing but what the migrations
 * themselves write): checks the whole file first (`checkRestorable`, unless its header is given, as it was
 * just checked), migrates to the backup's schema, loads every table in one transaction in dependency order,
 * sets the counters (PostgreSQL sequences) past the largest id, and then migrates to this build's latest
 * schema. Refuses (LifeboatError) a damaged or foreign file, a backup of a newer schema than this build
 * knows, and a database that is not empty.
 */
export async function restoreBackup(db: Db, file: string, checked?: BackupHeader): Promise<RestoreSummary> {
  const header = checked ?? (await checkRestorable(file));
  await assertEmpty(db);
  await migrateTo(db, header.schema);
  const sqlite = dialectOf(db) === 'sqlite';
  let rows = 0;
  await db.transaction().execute(async (trx) => {
    const shapes = await describeTables(trx);
    checkShapes(shapes, header);
    // What the migrations seeded (assertEmpty allowed nothing else) makes way for the backup's rows.
    for (const shape of [...shapes].reverse()) await sql`delete from ${sql.table(shape.name)}`.execute(trx);
    let pending: unknown[][] = [];
    let current: BackupHeader['tables'][number] | undefined;
    const flush = async () => {
      if (!current || pending.length === 0) return;
      await trx.executeQuery(insertQuery(current.name, current.columns, pending, sqlite));
      rows += pending.length;
      pending = [];
    };
    // The file is read again, checked again (it could have changed since), and any fault rolls everything back.
    const again = await scan(file, async (table, values) => {
      if (table !== current) {
        await flush();
        current = table;
      }
      pending.push(values);
      if (pending.length >= Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length))) await flush();
    });
    await flush();
    if (JSON.stringify(again) !== JSON.stringify(header)) throw corrupt();
    await resetCounters(trx, shapes, header.counters);
  });
  await migrateToLatest(db);
  return { header, rows };
}

// A multi-row INSERT built directly: going through Kysely's query builder for thousands of parameters costs
// more than the database's own work. Names are quoted; every value is a bound parameter.
function insertQuery(table: string, columns: string[], rows: unknown[][], sqlite: boolean): CompiledQuery {
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const parameters: unknown[] = [];
  const tuples = rows.map((row) => {
    const marks = row.map((cell) => {
      parameters.push(decodeCell(cell, sqlite));
      return sqlite ? '?' : `$${parameters.length}`;
    });
    return `(${marks.join(',')})`;
  });
  return CompiledQuery.raw(
    `insert into ${quote(table)} (${columns.map(quote).join(',')}) values ${tuples.join(',')}`,
    parameters,
  );
}

// The backup and this database at the backup's schema must have the same tables and columns, and the
// backup's order must load parents before children here.
function checkShapes(shapes: TableShape[], header: BackupHeader): void {
  const here = new Map(shapes.map((s) => [s.name, s]));
  const theirs = new Set(header.tables.map((t) => t.name));
  const seen = new Set<string>();
  const mismatch = (table: string) =>
    refusal(
      'err.backup.mismatch',
      `the backup's table ${table} does not match this database's at the same schema: nothing was restored`,
      { table },
    );
  for (const t of header.tables) {
    const shape = here.get(t.name);
    if (!shape || [...shape.columns].sort().join() !== [...t.columns].sort().join()) throw mismatch(t.name);
    if (shape.references.some((r) => theirs.has(r) && !seen.has(r))) throw mismatch(t.name);
    seen.add(t.name);
  }
  for (const shape of shapes) if (!theirs.has(shape.name)) throw mismatch(shape.name);
}

/**
 * Refuses a database that holds anything: tables that are not Lifeboat's, a schema this build does not know,
 * or any row beyond what the migrations themselves write (found by migrating a scratch database alike).
 */
async function assertEmpty(db: Db): Promise<void> {
  const applied = await appliedMigrations(db);
  const shapes = await describeTables(db);
  const notEmpty = (table: string, count: number) =>
    new LifeboatError(
      'conflict',
      msg(
        'err.backup.notEmpty',
        `the database is not empty (table ${table} holds ${count} rows): restore only into a new, empty database`,
        { table, count },
      ),
    );
  const at = applied?.at(-1);
  if (!at) {
    const first = shapes[0];
    if (first) throw notEmpty(first.name, await countRows(db, first.name));
    return;
  }
  // A schema this build does not know came from a newer Lifeboat; one it knows, even newer than the
  // backup's, is migrated down to it (harmless on tables that hold nothing but the migrations' own rows).
  if (!Object.hasOwn(MIGRATIONS, at)) {
    throw new LifeboatError(
      'conflict',
      msg(
        'err.backup.newerDatabase',
        `the database was set up with schema ${at}, which this Lifeboat does not know: restore only into a new, empty database`,
        { found: at },
      ),
    );
  }
  const scratch = await openDatabase({ kind: 'sqlite', file: ':memory:' });
  try {
    await migrateTo(scratch, at);
    const lifeboat = new Set((await describeTables(scratch)).map((s) => s.name));
    for (const shape of shapes) {
      const count = await countRows(db, shape.name);
      if (count === 0) continue;
      if (!lifeboat.has(shape.name)) throw notEmpty(shape.name, count);
      // Counted before compared: a table of a live database is refused without being read into memory.
      const seeded = await rowsAsText(scratch, shape);
      if (count !== seeded.length) throw notEmpty(shape.name, count);
      if ((await rowsAsText(db, shape)).join('\n') !== seeded.join('\n')) throw notEmpty(shape.name, count);
    }
  } finally {
    await scratch.destroy();
  }
}

async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

// A table's rows as sorted JSON texts, comparable between SQLite and PostgreSQL.
async function rowsAsText(db: Db, shape: TableShape): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(shape.name)}`.execute(db);
  return rows
    .map((row) =>
      JSON.stringify(
        shape.columns.map((c) => encodeCell(row[c] === true ? 1 : row[c] === false ? 0 : row[c], shape.name, c)),
      ),
    )
    .sort();
}
