/**
 * The public snapshot with what only the server can add: the expected return of the services whose
 * forecast the staff chose to publish, dated from the plan (P50–P90) at the moment of rendering.
 */
import { expectedRange, type PublicSnapshot } from '../../domain/site/public.js';
import type { Db } from '../../store/database.js';
import { readPublicSnapshot } from '../../store/site/public.repository.js';
import { FALLBACK_ORGANISATION } from '../catalogue/catalogue.service.js';
import { currentPlanInput, type PlanCache, withDates } from '../plan/plan.service.js';

/** Everything the public site shows now: the one read of public data, plus published forecasts. */
export async function publicSnapshot(db: Db, plans: PlanCache, now: Date): Promise<PublicSnapshot> {
  const { snapshot, forecasts } = await readPublicSnapshot(db, FALLBACK_ORGANISATION);
  if (forecasts.length === 0) return snapshot;
  const { catalogue, options, asOf } = await currentPlanInput(db, now);
  const plan = withDates(await plans.plan(catalogue, options), asOf, catalogue.organisation.timezone);
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
