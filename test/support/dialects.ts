import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type Db, migrateToLatest, openDatabase } from '../../src/store/database.js';

/** A dialect the store and API suites run on. */
export type Dialect = 'sqlite' | 'postgres';

const pgUrl = process.env.TEST_DATABASE_URL;
const required = process.env.LIFEBOAT_REQUIRE_ALL === '1';

if (!pgUrl) {
  if (required) throw new Error('TEST_DATABASE_URL is not set, and LIFEBOAT_REQUIRE_ALL=1 forbids skipping PostgreSQL');
  if (!(globalThis as { __lifeboatPgWarned?: boolean }).__lifeboatPgWarned) {
    (globalThis as { __lifeboatPgWarned?: boolean }).__lifeboatPgWarned = true;
    console.warn(
      '\n!!! PostgreSQL suites SKIPPED: TEST_DATABASE_URL is not set (npm test starts one where initdb exists) !!!\n',
    );
  }
}

/** The dialects available in this run: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: Dialect[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, migrated database of the given dialect, and a function that drops it. */
export async function freshDatabase(dialect: Dialect): Promise<{ db: Db; drop: () => Promise<void>; url?: string }> {
  if (dialect === 'sqlite') {
    const db = await openDatabase({ kind: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    return { db, drop: () => db.destroy() };
  }
  if (!pgUrl) throw new Error('no PostgreSQL in this run');
  // One database per test file keeps suites independent and parallel.
  const name = `lb_${randomBytes(6).toString('hex')}`;
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl, max: 1 }) }),
  });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      // pg's pool.end() resolves before its connections have closed; forcing the drop then
      // kills them mid-close and pg raises an unhandled 57P01. Wait for them to go first.
      for (let i = 0; i < 200; i++) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(admin);
        if (Number(rows[0]?.n ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}
