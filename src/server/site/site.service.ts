/**
 * The public snapshot with what only the server can add: the expected return of the services whose
 * forecast the staff chose to publish, dated from the plan (P50–P90) at the moment of rendering.
 */
import type { PublicSnapshot } from '../../domain/site/public.js';
import type { Db } from '../../store/database.js';
import { readPublicSnapshot } from '../../store/site/public.repository.js';
import { FALLBACK_ORGANISATION, getCatalogue } from '../catalogue/catalogue.service.js';
import { type PlanCache, planOptions, withDates } from '../plan/plan.service.js';

const HOUR = 3_600_000;

/**
 * An honest range for people: the P50 rounded down and the P90 rounded up to the hour, never the
 * same hour twice (a one-instant "range" would promise more than a forecast knows).
 */
export function expectedRange(p50At: string, p90At: string): { from: string; to: string } {
  const from = Math.floor(Date.parse(p50At) / HOUR) * HOUR;
  const to = Math.max(from + HOUR, Math.ceil(Date.parse(p90At) / HOUR) * HOUR);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Everything the public site shows now: the one read of public data, plus published forecasts. */
export async function publicSnapshot(db: Db, plans: PlanCache, now: Date): Promise<PublicSnapshot> {
  const { snapshot, forecasts } = await readPublicSnapshot(db, FALLBACK_ORGANISATION);
  if (forecasts.length === 0) return snapshot;
  const catalogue = await getCatalogue(db);
  const plan = withDates(plans.plan(catalogue, planOptions({})), now, catalogue.organisation.timezone);
  const bySystem = new Map(plan.systems.map((s) => [s.id, s]));
  const keyed = new Map(forecasts.map((f) => [f.key, bySystem.get(f.system_id)]));
  return {
    ...snapshot,
    services: snapshot.services.map((s) => {
      const planned = keyed.get(s.key);
      return planned ? { ...s, expected: expectedRange(planned.p50_at, planned.p90_at) } : s;
    }),
  };
}
