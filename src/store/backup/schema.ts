import { sql } from 'kysely';
import { type Db, dialectOf } from '../database.js';

/** One table as the database itself describes it: what a backup reads and a restore fills. */
export interface TableShape {
  name: string;
  /** Column names in the table's own order. */
  columns: string[];
  /** The primary key's columns (none when the table has none): the order rows are read in. */
  key: string[];
  /** Columns holding text, which PostgreSQL must order byte-wise (as SQLite does) for the same file order. */
  text: Set<string>;
  /** Tables this one references with a foreign key (itself excluded). */
  references: string[];
  /** The column an identity/serial/AUTOINCREMENT counter fills, if any. */
  counter: string | null;
}

/**
 * The tables of the database as it stands (not a list kept by hand, so a table a new migration adds is
 * backed up without anyone remembering to), in dependency order: a table comes after every table it
 * references, ties by name. Kysely's own migration bookkeeping is left out; its state is the header's
 * `schema`.
 */
export async function describeTables(db: Db): Promise<TableShape[]> {
  const postgres = dialectOf(db) === 'postgres';
  const schema = postgres ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView && (!postgres || t.schema === schema));
  const keys = await primaryKeys(db, postgres);
  const refs = await foreignKeys(db, postgres);
  const shapes = tables.map((t): TableShape => {
    const columns = t.columns.map((c) => c.name);
    return {
      name: t.name,
      columns,
      key: keys.get(t.name) ?? [],
      text: new Set(t.columns.filter((c) => /text|char/i.test(c.dataType)).map((c) => c.name)),
      references: [...new Set(refs.get(t.name) ?? [])].filter((r) => r !== t.name).sort(),
      counter: t.columns.find((c) => c.isAutoIncrementing)?.name ?? null,
    };
  });
  return dependencyOrder(shapes);
}

/** Orders tables so that each follows the tables it references (Kahn's algorithm, ties by name). */
export function dependencyOrder(shapes: TableShape[]): TableShape[] {
  const byName = new Map(shapes.map((s) => [s.name, s]));
  const placed = new Set<string>();
  const out: TableShape[] = [];
  while (out.length < shapes.length) {
    const ready = shapes
      .filter((s) => !placed.has(s.name) && s.references.every((r) => placed.has(r) || !byName.has(r)))
      .map((s) => s.name)
      .sort();
    const next = ready[0];
    // A cycle of foreign keys would need constraints deferred on restore; Lifeboat's schema has none.
    if (next === undefined) {
      const left = shapes.filter((s) => !placed.has(s.name)).map((s) => s.name);
      throw new Error(`the foreign keys of ${left.join(', ')} form a cycle`);
    }
    placed.add(next);
    out.push(byName.get(next) as TableShape);
  }
  return out;
}

async function primaryKeys(db: Db, postgres: boolean): Promise<Map<string, string[]>> {
  const rows = postgres
    ? (
        await sql<{ table_name: string; column_name: string }>`
          select tc.table_name, kcu.column_name
          from information_schema.table_constraints tc
          join information_schema.key_column_usage kcu
            on kcu.constraint_name = tc.constraint_name and kcu.constraint_schema = tc.constraint_schema
           and kcu.table_name = tc.table_name
          where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema()
          order by tc.table_name, kcu.ordinal_position`.execute(db)
      ).rows
    : (
        await sql<{ table_name: string; column_name: string }>`
          select m.name as table_name, p.name as column_name
          from sqlite_master m join pragma_table_info(m.name) p
          where m.type = 'table' and p.pk > 0
          order by m.name, p.pk`.execute(db)
      ).rows;
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  return out;
}

async function foreignKeys(db: Db, postgres: boolean): Promise<Map<string, string[]>> {
  const rows = postgres
    ? (
        await sql<{ table_name: string; referenced: string }>`
          select cl.relname as table_name, rf.relname as referenced
          from pg_constraint c
          join pg_class cl on cl.oid = c.conrelid
          join pg_class rf on rf.oid = c.confrelid
          join pg_namespace n on n.oid = cl.relnamespace
          where c.contype = 'f' and n.nspname = current_schema()`.execute(db)
      ).rows
    : (
        await sql<{ table_name: string; referenced: string }>`
          select m.name as table_name, f."table" as referenced
          from sqlite_master m join pragma_foreign_key_list(m.name) f
          where m.type = 'table'`.execute(db)
      ).rows;
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.referenced]);
  return out;
}

/**
 * The last value each table's counter handed out (SQLite's `sqlite_sequence`, PostgreSQL's sequence), which
 * can be above the largest id still present (rows pruned since): a restore continues from there, so an id a
 * client may still hold (a live event's id) is never handed out twice.
 */
export async function counterValues(db: Db, shapes: TableShape[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const counted = shapes.filter((s) => s.counter !== null);
  if (counted.length === 0) return out;
  if (dialectOf(db) === 'postgres') {
    for (const s of counted) {
      const seq = await serialSequence(db, s.name, s.counter as string);
      if (!seq) continue;
      const { rows } = await sql<{ last_value: number | string; is_called: boolean }>`
        select last_value, is_called from ${sql.raw(seq)}`.execute(db);
      const row = rows[0];
      if (row) out[s.name] = row.is_called ? Number(row.last_value) : Number(row.last_value) - 1;
    }
    return out;
  }
  const exists = await sql<{ n: number }>`
    select count(*) as n from sqlite_master where type = 'table' and name = 'sqlite_sequence'`.execute(db);
  if (Number(exists.rows[0]?.n ?? 0) === 0) return out;
  const { rows } = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence`.execute(db);
  for (const r of rows) if (counted.some((s) => s.name === r.name)) out[r.name] = Number(r.seq);
  return out;
}

/** Sets each table's counter to continue after max(its largest id, the value the backup recorded). */
export async function resetCounters(db: Db, shapes: TableShape[], recorded: Record<string, number>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  for (const s of shapes) {
    if (s.counter === null) continue;
    const { rows } = await sql<{ m: number | string | null }>`
      select max(${sql.ref(s.counter)}) as m from ${sql.table(s.name)}`.execute(db);
    const last = Math.max(Number(rows[0]?.m ?? 0), recorded[s.name] ?? 0);
    if (postgres) {
      const seq = await serialSequence(db, s.name, s.counter);
      if (!seq) continue;
      // setval(…, 1, false): the next value is 1, for a table that never handed one out.
      if (last > 0) await sql`select setval(${seq}::regclass, ${last}, true)`.execute(db);
      else await sql`select setval(${seq}::regclass, 1, false)`.execute(db);
    } else if (last > 0) {
      // Inserts with explicit ids already moved sqlite_sequence to the largest; a pruned tail needs more.
      await sql`delete from sqlite_sequence where name = ${s.name}`.execute(db);
      await sql`insert into sqlite_sequence (name, seq) values (${s.name}, ${last})`.execute(db);
    }
  }
}

async function serialSequence(db: Db, table: string, column: string): Promise<string | null> {
  const { rows } = await sql<{ seq: string | null }>`
    select pg_get_serial_sequence(${table}, ${column}) as seq`.execute(db);
  return rows[0]?.seq ?? null;
}
