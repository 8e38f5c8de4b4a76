import { randomBytes } from 'node:crypto';
import type { Role } from '../../domain/roles.js';
import { countUsers } from '../../store/auth/auth.repository.js';
import { appendChanges, catalogueIsEmpty, replaceCatalogue } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import type { AppDeps } from '../deps.js';
import { createUserWithPassword } from '../users/users.service.js';
import { DEMO_CATALOGUE } from './demo-catalogue.js';
import { seedDemoDecisions } from './demo-decisions.js';
import { seedDemoEventLog } from './demo-eventlog.js';
import { seedDemoIncident } from './demo-incident.js';
import { seedDemoNeeds } from './demo-needs.js';
import { seedDemoNotices } from './demo-notices.js';
import { seedDemoOutgoing } from './demo-outgoing.js';
import { seedDemoPicture } from './demo-picture.js';
import { seedDemoSituation } from './demo-situation.js';
import { seedDemoTasks } from './demo-tasks.js';

/** A demo account, printed on the console. */
export interface DemoAccount {
  email: string;
  role: string;
  password: string;
  unitId?: string;
}

/** The settings key under which the demo keeps its accounts, so that every start can print them. */
export const DEMO_ACCOUNTS_KEY = 'demo_accounts';

/** The demo's accounts: one per role; the reporter belongs to the care office. */
export const DEMO_USERS: { email: string; name: string; role: Role; unitId?: string }[] = [
  { email: 'admin@demo.sjovik.se', name: 'Alva Admin', role: 'admin' },
  { email: 'stab@demo.sjovik.se', name: 'Stina Stabschef', role: 'staff' },
  { email: 'it@demo.sjovik.se', name: 'Isak Återstart', role: 'recovery' },
  { email: 'kommunikation@demo.sjovik.se', name: 'Klara Kommunikatör', role: 'communicator' },
  { email: 'omsorg@demo.sjovik.se', name: 'Maria Nyström', role: 'reporter', unitId: 'vof' },
  { email: 'lansstyrelsen@demo.sjovik.se', name: 'Olle Observatör', role: 'observer' },
];

// Readable over the phone and long enough for the password rule: three groups of four.
function demoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[bytes[i] % alphabet.length];
  }
  return out;
}

async function storedAccounts(db: Db): Promise<DemoAccount[]> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', DEMO_ACCOUNTS_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as DemoAccount[]) : [];
}

/**
 * Fills an EMPTY database with the demo municipality (Sjövik kommun) and one account
 * per role, and returns the accounts with their passwords. On a database that already
 * holds a catalogue or users it changes nothing and returns the accounts it once made
 * (none for a database the demo did not fill), so that every start can print them.
 * The demo's passwords are kept in clear in its own settings for that reason only: the
 * demo lives in its own data directory and holds nothing real.
 */
export async function seedDemo(db: Db, deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>): Promise<DemoAccount[]> {
  return db.transaction().execute(async (trx) => {
    if (!(await catalogueIsEmpty(trx)) || (await countUsers(trx)) > 0) return storedAccounts(trx);
    const at = deps.clock().toISOString();
    await replaceCatalogue(trx, DEMO_CATALOGUE, at);
    const records = [
      ...DEMO_CATALOGUE.teams.map((r) => ['team', r] as const),
      ...DEMO_CATALOGUE.units.map((r) => ['unit', r] as const),
      ...DEMO_CATALOGUE.systems.map((r) => ['system', r] as const),
    ];
    const changes = records.map(([entity, record]) => ({
      id: deps.ids(),
      at,
      actor: 'demo',
      actorUserId: null,
      source: 'import' as const,
      entity,
      entityId: record.id,
      action: 'add' as const,
      before: null,
      after: record,
    }));
    await appendChanges(trx, changes);
    const accounts: DemoAccount[] = [];
    for (const u of DEMO_USERS) {
      const password = demoPassword();
      await createUserWithPassword(trx, deps, { ...u, unitId: u.unitId ?? null, password });
      accounts.push({ email: u.email, role: u.role, password, ...(u.unitId ? { unitId: u.unitId } : {}) });
    }
    // The incident first: the log entries, decisions, tasks and obligations belong to it.
    await seedDemoIncident(trx, deps);
    // After the accounts: tasks need their assignees, and the staff account records the decisions.
    await seedDemoTasks(trx, deps);
    await seedDemoNeeds(trx, deps);
    await seedDemoDecisions(trx, deps);
    await seedDemoEventLog(trx, deps);
    await seedDemoSituation(trx, deps);
    // After the situation demo (its reports and needs): yesterday's approved picture is built from them.
    await seedDemoPicture(trx, deps);
    // After the situation picture (the integrator places it): the public updates of the incident.
    await seedDemoNotices(trx, deps);
    await seedDemoOutgoing(trx, deps);
    await trx
      .insertInto('settings')
      .values({ key: DEMO_ACCOUNTS_KEY, value: JSON.stringify(accounts) })
      .execute();
    return accounts;
  });
}
