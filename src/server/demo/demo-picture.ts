import { zoneFormatter } from '../../domain/time.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import type { AppDeps } from '../deps.js';
import { PlanCache } from '../plan/plan.service.js';
import { approvePicture } from '../situation/picture.service.js';
import { organisationZone } from '../tasks/tasks.service.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Yesterday at 14:30 on the organisation's wall clock, as an instant. */
export function yesterdayAt1430(now: Date, timeZone: string): Date {
  const zone = zoneFormatter(timeZone, { fallback: 'Europe/Stockholm' });
  const local = now.getTime() + zone.offsetAt(now.getTime()) * MINUTE;
  const wall = Math.floor(local / DAY) * DAY - DAY + 14.5 * 60 * MINUTE;
  return new Date(zone.fromWallClock(wall));
}

const SUMMARY =
  'Omsorgen arbetar med pappersrutiner; läkemedelslistor skrivs ut från apoteket varje morgon. Skolorna har undervisning som vanligt. Stabens fokus: omsorgsjournalen och lönekörningen. Nästa lägesbild i morgon 14:30.';

/**
 * Seeds the demo's approved picture of yesterday 14:30 (the staff meeting), built by the picture's own service
 * from what the demo holds by then (after the situation demo: its reports and needs). Nothing without an incident.
 */
export async function seedDemoPicture(db: Db, deps: Pick<AppDeps, 'clock' | 'ids'>): Promise<void> {
  if (!(await activeIncidentId(db))) return;
  const approvedAt = yesterdayAt1430(deps.clock(), await organisationZone(db));
  const staff = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('email', '=', 'stab@demo.sjovik.se')
    .executeTakeFirst();
  const actor = staff ? { userId: staff.id, label: staff.email } : { userId: null, label: 'stab@demo.sjovik.se' };
  await approvePicture(db, { clock: () => approvedAt, ids: deps.ids }, new PlanCache(), actor, SUMMARY);
}
