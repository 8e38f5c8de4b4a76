/**
 * Where one more person helps most (docs/api.md, "Plan"): the domain's advice on the current plan's
 * catalogue and options (the open incident's actuals included), cached by content like the plan.
 * It costs one forecast per team, so it has its own route and the plan page loads it after the plan.
 */

import type { Catalogue } from '../../domain/catalogue/types.js';
import { type Advice, adviseCapacity } from '../../domain/plan/advice.js';
import type { PlanOptions } from '../../domain/plan/plan.js';
import type { Db } from '../../store/database.js';
import { currentPlanInput, fingerprint, type PlanRequest } from './plan.service.js';

const CACHE_SIZE = 8;

/** Advice by content: the same key as the plan's (catalogue and options), a few entries, least recently used out. */
export class AdviceCache {
  private readonly entries = new Map<string, Advice>();
  hits = 0;
  misses = 0;

  /** The advice for a catalogue and options, from the cache when it was computed before. */
  advice(catalogue: Catalogue, options: PlanOptions): Advice {
    const key = fingerprint(catalogue, options);
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const advice = adviseCapacity(catalogue, options);
    this.entries.set(key, advice);
    if (this.entries.size > CACHE_SIZE) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return advice;
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
  return { ...cache.advice(catalogue, options), as_of_utc: asOf.toISOString() };
}
