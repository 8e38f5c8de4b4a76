import fs from 'node:fs';
import path from 'node:path';
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
} from 'kysely';
import type { AuditEventTable, AuditRefusalTable } from './audit/audit.table.js';
import type {
  ApiTokenTable,
  InvitationTable,
  LoginFailureTable,
  RecoveryCodeTable,
  SessionTable,
  UserTable,
} from './auth/auth.table.js';
import type {
  CatalogueChangeTable,
  SystemDependencyTable,
  SystemTable,
  TeamTable,
  UnitTable,
} from './catalogue/catalogue.table.js';
import type { DecisionTable } from './decisions/decisions.table.js';
import type { EventLogTable } from './eventlog/eventlog.table.js';
import type { SystemGateTable } from './gates/gates.table.js';
import type { IncidentTable } from './incident/incident.table.js';
import type { JournalHeadTable } from './journal/journal.table.js';
import type { RateLimitTable } from './limits/rate-limit.table.js';
import * as m0001 from './migrations/2026_11_29_0001_initial.js';
import * as m0002 from './migrations/2026_12_02_0002_rate_limits.js';
import * as m0003 from './migrations/2026_12_02_0003_accounts.js';
import * as m0004 from './migrations/2026_12_02_0004_audit_chain.js';
import * as m0005 from './migrations/2026_12_02_0005_workspace.js';
import * as m0009 from './migrations/2026_12_02_0009_decisions.js';
import * as m0011 from './migrations/2026_12_02_0011_tasks.js';
import * as m0012 from './migrations/2026_12_02_0012_situation.js';
import * as m0013 from './migrations/2026_12_02_0013_outgoing.js';
import * as m0014 from './migrations/2026_12_02_0014_public_hub.js';
import * as m0028 from './migrations/2026_12_02_0028_subscriptions.js';
import * as m0030 from './migrations/2026_12_02_0030_public_help.js';
import * as m0031 from './migrations/2026_12_03_0031_rate_limits_unlogged.js';
import type { OutboxTable } from './outbox/outbox.table.js';
import type { OutgoingAttemptTable, OutgoingTable } from './outgoing/outgoing.table.js';
import type { SettingTable } from './settings/settings.table.js';
import type {
  NoticePublicationTable,
  NoticeTable,
  NoticeTextTable,
  PublicForecastTable,
  SubscriptionTable,
} from './site/site.table.js';
import type {
  IdempotencyKeyTable,
  NeedChangeTable,
  NeedTable,
  PictureTable,
  ReportRhythmTable,
  ReportTable,
  ReportVersionTable,
} from './situation/situation.table.js';
import type { ObligationTable, ObligationTemplateTable, TaskTable } from './tasks/tasks.table.js';

/** Every table Lifeboat stores. */
export interface Database {
  settings: SettingTable;
  units: UnitTable;
  teams: TeamTable;
  systems: SystemTable;
  system_dependencies: SystemDependencyTable;
  catalogue_changes: CatalogueChangeTable;
  users: UserTable;
  invitations: InvitationTable;
  sessions: SessionTable;
  recovery_codes: RecoveryCodeTable;
  api_tokens: ApiTokenTable;
  login_failures: LoginFailureTable;
  audit_events: AuditEventTable;
  rate_limits: RateLimitTable;
  journal_heads: JournalHeadTable;
  audit_refusals: AuditRefusalTable;
  incidents: IncidentTable;
  event_log: EventLogTable;
  outbox: OutboxTable;
  system_gates: SystemGateTable;
  tasks: TaskTable;
  obligation_templates: ObligationTemplateTable;
  obligations: ObligationTable;
  decisions: DecisionTable;
  report_rhythms: ReportRhythmTable;
  reports: ReportTable;
  report_versions: ReportVersionTable;
  needs: NeedTable;
  need_changes: NeedChangeTable;
  pictures: PictureTable;
  idempotency_keys: IdempotencyKeyTable;
  outgoing: OutgoingTable;
  outgoing_attempts: OutgoingAttemptTable;
  notices: NoticeTable;
  notice_texts: NoticeTextTable;
  notice_publications: NoticePublicationTable;
  public_forecasts: PublicForecastTable;
  subscriptions: SubscriptionTable;
}

/** A database handle or a transaction: what every repository function takes. */
export type Db = Kysely<Database>;

/** Where the data lives: a SQLite file in a directory, or a PostgreSQL URL. */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Every migration, listed by hand (not read from a folder) so that the compiled CLI and the tests see the same set. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_29_0001_initial': m0001,
  '2026_12_02_0002_rate_limits': m0002,
  '2026_12_02_0003_accounts': m0003,
  '2026_12_02_0004_audit_chain': m0004,
  '2026_12_02_0005_workspace': m0005,
  '2026_12_02_0011_tasks': m0011,
  '2026_12_02_0009_decisions': m0009,
  '2026_12_02_0012_situation': m0012,
  '2026_12_02_0013_outgoing': m0013,
  '2026_12_02_0014_public_hub': m0014,
  '2026_12_02_0028_subscriptions': m0028,
  '2026_12_02_0030_public_help': m0030,
  '2026_12_03_0031_rate_limits_unlogged': m0031,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

// The pool behind each PostgreSQL handle, for the one connection that LISTENs (src/server/live/hub.ts).
const pools = new WeakMap<Db, import('pg').Pool>();

/** The PostgreSQL pool behind a handle opened by `openDatabase`, or undefined (SQLite). */
export function pgPoolOf(db: Db): import('pg').Pool | undefined {
  return pools.get(db);
}

/** Opens the database: SQLite with WAL, foreign keys and a busy timeout, or a PostgreSQL pool. */
export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  if (target.kind === 'postgres') {
    const pg = await import('pg');
    // Counts and sums come back as strings by default; ours fit in a double.
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    pg.default.types.setTypeParser(1700, (v: string) => Number(v));
    const pool = new pg.default.Pool({ connectionString: target.url, max: 10 });
    // An idle client dropped by the server (a restart, a failover) must not crash the process;
    // the pool replaces it and the next query reports any lasting problem.
    pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    pools.set(db, pool);
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy();
      // Name the server but never the password that the URL may carry.
      const url = new URL(target.url);
      const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
      throw new Error(
        `cannot connect to PostgreSQL at ${where} (DATABASE_URL): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return db;
  }
  const { default: SQLite } = await import('better-sqlite3');
  if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const sqlite = new SQLite(target.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // An acknowledged write must survive a crash of the process AND of the machine (a report, a decision):
  // in WAL mode NORMAL syncs only at checkpoints, so a power cut can take the last commits; FULL syncs the
  // WAL at every commit. What it costs is measured in bench/durability.mjs (bench/README.md).
  sqlite.pragma('synchronous = FULL');
  // SQLite's own lower() folds ASCII only; searches must find "Återvinning" from "å" as PostgreSQL does.
  sqlite.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

// A migrator's answer as an exception naming the migration that failed.
function orThrow({ error, results }: MigrationResultSet): void {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<void> {
  orThrow(await new Migrator({ db, provider }).migrateToLatest());
}

/** The schema version a fully migrated database of this build has: the last migration's name (Kysely runs them by name). */
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1) as string;

/** Brings the schema to exactly the migration `name` (one this build knows); throws with the failing one. */
export async function migrateTo(db: Db, name: string): Promise<void> {
  orThrow(await new Migrator({ db, provider }).migrateTo(name));
}

/** The names of the migrations applied to a database, in order; null when it was never migrated. */
export async function appliedMigrations(db: Db): Promise<string[] | null> {
  const exists =
    dialectOf(db) === 'postgres'
      ? sql<{ n: number }>`select count(*)::int as n where to_regclass('kysely_migration') is not null`
      : sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`;
  if (Number((await exists.execute(db)).rows[0]?.n ?? 0) === 0) return null;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return rows.map((r) => r.name).sort();
}

/** The dialect a handle speaks, for the few places where SQL differs. */
export function dialectOf(db: Db): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
}

/** The migrations this code knows that the database has not run yet (empty: the schema is current). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await new Migrator({ db, provider }).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
