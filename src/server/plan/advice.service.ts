/**
 * Where one more person helps most (docs/api.md, "Plan"): the domain's advice on the current plan's
 * catalogue and options (the open incident's actuals included), computed by the planner (a worker
 * thread in a server) and cached by content like the plan. It costs one forecast per team, so it has
 * its own route and the plan page loads it after the plan.
 */
import type { Catalogue } from '../../domain/catalogue/types.js';
import type { Advice } from '../../domain/plan/advice.js';
import type { PlanOptions } from '../../domain/plan/plan.js';
import type { Db } from '../../store/database.js';
import { cachedJob, Memo } from './memo.js';
import { currentPlanInput, type PlanRequest } from './plan.service.js';
import { inlinePlanner, type Planner } from './planner.js';

const CACHE_SIZE = 8;

/**
 * Advice by content: the key is the plan's (catalogue and options hashed), a few entries, least
 * recently used out; two requests for the same key while it runs share the one computation.
 */
export class AdviceCache {
  private readonly memo = new Memo<Advice>(CACHE_SIZE);

  /** `planner` computes: give the plan cache's, so the advice queues with the plans. */
  constructor(readonly planner: Planner = inlinePlanner()) {}

  /** The advice for a catalogue and options, from the cache when it was computed before. */
  advice(catalogue: Catalogue, options: PlanOptions): Promise<Advice> {
    return cachedJob(this.memo, this.planner, 'advice', { catalogue, options });
  }
}

/** GET /api/plan/advice: the advice on the current plan, with the moment it counts from. */
export async function currentAdvice(
  db: Db,
  cache: AdviceCache,
  now: Date,
  request: PlanRequest,
): Promise<Advice & { as_of_utc: string }> {
  const { catalogue, options, asOf } = await currentPlanInput(db, now, request);
  return { ...(await cache.advice(catalogue, options)), as_of_utc: asOf.toISOString() };
}
