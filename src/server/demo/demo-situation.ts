/**
 * The demo's situation picture: a reporting rhythm at 08:00 and 14:00 since the incident opened, and the
 * units' reports for the recent deadlines (most on time, two late, one unit missing at the latest), with
 * needs of different urgencies and a system in demand whose P90 is later than a unit needs it.
 */
import type { NeedInput } from '../../domain/situation/needs.js';
import type { ReportContent } from '../../domain/situation/report.js';
import { deadlinesBetween } from '../../domain/situation/rhythm.js';
import { zoneFormatter } from '../../domain/time.js';
import type { Db } from '../../store/database.js';
import { listRhythmRules, listUnitsByName } from '../../store/situation/reports.repository.js';
import { activeIncident } from '../../store/tasks/tasks.repository.js';
import type { AuthUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { currentPlan, PlanCache } from '../plan/plan.service.js';
import { submitReport } from '../situation/reports.service.js';
import { organisationZone } from '../tasks/tasks.service.js';

const HOUR = 3_600_000;
/** How far back the demo's reports go: yesterday's and today's deadlines. */
const WINDOW_HOURS = 30;
/** The unit that has not reported by the latest deadline. */
export const DEMO_MISSING_UNIT = 'bun';
/** The unit whose need-by for the slowest system is earlier than that system's P90. */
export const DEMO_DEMANDING_UNIT = 'vof';

type Overall = NonNullable<ReportContent['overall']>;

const STATES: Record<string, Overall> = {
  ksf: 'affected',
  service: 'severely_affected',
  bun: 'affected',
  vof: 'severely_affected',
  sof: 'affected',
  sbf: 'affected',
  kff: 'normal',
  rtj: 'affected',
  energi: 'normal',
  vatten: 'affected',
  bostader: 'normal',
  nordavia: 'normal',
};

const NEEDS: Record<string, NeedInput[]> = {
  vof: [
    {
      title: 'Skrivare och papper till hemtjänstens gruppbaser',
      detail: 'Listorna skrivs ut på apoteket; sex grupper behöver egna skrivare för kvällens ändringar.',
      category: 'equipment',
      urgency: 'critical',
      system_ids: [],
    },
  ],
  service: [
    {
      title: 'Extra personal i kontaktcenter',
      detail: 'Samtalen har tredubblats; vi behöver fyra personer till i två dygn.',
      category: 'staffing',
      urgency: 'high',
      system_ids: [],
    },
  ],
  bun: [
    {
      title: 'Mobilt bredband till skolornas expeditioner',
      detail: 'Skolnätet är avstängt; de rena datorerna behöver 4G-modem för frånvarorapporteringen.',
      category: 'it',
      urgency: 'medium',
      system_ids: [],
    },
  ],
  sbf: [
    {
      title: 'Transport av handlingar till stadshuset',
      detail: 'En bil två gånger om dagen.',
      category: 'transport',
      urgency: 'low',
      system_ids: [],
    },
  ],
};

function content(unitId: string, missing: ReportContent['missing_systems'], withNeeds: boolean): ReportContent {
  const overall = STATES[unitId] ?? 'affected';
  return {
    overall,
    situation:
      overall === 'normal'
        ? 'Verksamheten går som vanligt med papper där det behövs.'
        : 'Verksamheten går på reservrutiner; delar av arbetet ligger efter.',
    consequences:
      overall === 'severely_affected'
        ? 'Vi kan inte se dagens planering i systemen och arbetar från utskrifter.'
        : 'Handläggningen går långsammare.',
    life_health_risk: unitId === 'vof',
    actions: 'Pappersrutiner i bruk, avstämning med krisledningen två gånger om dagen.',
    workarounds: overall === 'normal' ? [] : [{ description: 'Manuella listor och telefon', lasts_until: null }],
    missing_systems: missing,
    staffing: 'Full bemanning, förstärkt med personal från andra enheter.',
    needs: withNeeds ? (NEEDS[unitId] ?? []).map((n) => ({ ...n, need_id: null })) : [],
    forecast: 'Oförändrat läge närmaste dygnet.',
    questions: unitId === 'service' ? 'När kan vi ge invånarna besked om e-tjänsterna?' : '',
  };
}

async function demoUser(db: Db, email: string): Promise<AuthUser | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'unit_id'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as AuthUser['role'],
    unitId: row.unit_id,
    locale: null,
  };
}

/**
 * Seeds the rhythm and the reports of the open incident, as if written over the last day, through the same
 * service the form uses (needs raised, the event log written). Does nothing without an open incident.
 */
export async function seedDemoSituation(trx: Db, deps: Pick<AppDeps, 'clock' | 'ids'>): Promise<void> {
  const incident = await activeIncident(trx);
  if (!incident) return;
  const now = deps.clock();
  for (const time of ['08:00', '14:00']) {
    await trx
      .insertInto('report_rhythms')
      .values({
        id: deps.ids(),
        incident_id: incident.id,
        kind: 'daily',
        time_of_day: time,
        at: null,
        unit_ids: '[]',
        remind_minutes: 30,
        starts_at: incident.detected_at,
        ends_at: null,
        created_at: incident.detected_at,
        created_by_user_id: null,
      })
      .execute();
  }
  const zone = zoneFormatter(await organisationZone(trx));
  const deadlines = deadlinesBetween(
    await listRhythmRules(trx, incident.id),
    now.getTime() - WINDOW_HOURS * HOUR,
    now.getTime(),
    zone,
  );
  const units = (await listUnitsByName(trx)).map((u) => u.id);
  const staff = await demoUser(trx, 'stab@demo.sjovik.se');
  const reporter = await demoUser(trx, 'omsorg@demo.sjovik.se');
  if (!staff || deadlines.length === 0) return;

  // The slowest system still to come back: the demanding unit needs it well before its P90.
  const { systems } = await currentPlan(trx, new PlanCache(), now, {});
  const slowest = [...systems].sort((a, b) => b.p90_h - a.p90_h)[0];
  const demanded = slowest
    ? [
        {
          system_id: slowest.id,
          need_by: new Date(now.getTime() + Math.max(2, slowest.p90_h / 3) * HOUR).toISOString(),
        },
      ]
    : [];

  const latest = deadlines.length - 1;
  // Two late reports: one at the first deadline shown, one at the latest.
  const lateAt = (i: number, unitId: string) => (i === 0 && unitId === 'sbf') || (i === latest && unitId === 'service');
  for (const [i, deadline] of deadlines.entries()) {
    const cycle = Date.parse(deadline.at);
    for (const [j, unitId] of units.entries()) {
      if (i === latest && unitId === DEMO_MISSING_UNIT) continue;
      const at = lateAt(i, unitId)
        ? Math.min(now.getTime(), cycle + Math.max(60_000, Math.min(45 * 60_000, (now.getTime() - cycle) / 2)))
        : cycle - (20 + ((j * 7) % 40)) * 60_000;
      const user = unitId === DEMO_DEMANDING_UNIT && reporter ? reporter : staff;
      // Needs are raised once: from the latest report, or the earlier one of the unit that is missing now.
      const withNeeds = unitId === DEMO_MISSING_UNIT ? i === 0 : i === latest;
      await submitReport(trx, { clock: () => new Date(at), ids: deps.ids }, user, {
        unit_id: unitId,
        cycle_at: deadline.at,
        content: content(unitId, unitId === DEMO_DEMANDING_UNIT ? demanded : [], withNeeds),
      });
    }
  }
}
