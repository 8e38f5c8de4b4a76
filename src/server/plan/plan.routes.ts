import { INTERNAL_READERS, STATUS_EDITORS } from '../../domain/roles.js';
import type { App } from '../app.js';
import { requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { sendFieldsInSlices, sendInSlices, slicedObject } from '../sliced-reply.js';
import { AdviceCache, currentAdvice } from './advice.service.js';
import {
  AdviceOut,
  AdviceQuery,
  DatedPlanOut,
  DatedPlanRestOut,
  DeltaLineOut,
  DeltaRestOut,
  PlanLineOut,
  PlanQuery,
  SystemIdParams,
  WhatIfBody,
  WhatIfOut,
  WhyOut,
} from './plan.schemas.js';
import { currentPlan, explainSystem, type PlanAnswer, PlanCache, planWhatIf } from './plan.service.js';

const tags = ['plan'];

/** The restart plan API (docs/api.md, "Plan"): the plan, what-ifs, and why a system waits. */
export async function planRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db } = deps;
  const readers = requireRole(...INTERNAL_READERS);
  const planners = requireRole(...STATUS_EDITORS);
  // The app's one cache: keyed by the catalogue's content, so it can never serve a stale plan.
  const cache = deps.plans ?? new PlanCache();

  app.get(
    '/api/plan',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The restart plan of the current catalogue and statuses',
        querystring: PlanQuery,
        response: { 200: DatedPlanOut },
      },
    },
    async (request, reply) => {
      const answer = await currentPlan(db, cache, deps.clock(), request.query);
      return sendInSlices(reply, planInSlices(answer));
    },
  );

  // One forecast per team: its own cache (same keys as the plan's), filled only when the advice is asked
  // for, computed by the plans' planner so that it waits its turn in the same worker pool.
  const advice = new AdviceCache(cache.planner);
  app.get(
    '/api/plan/advice',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'Where one more person helps most: each team with one more, ranked',
        querystring: AdviceQuery,
        response: { 200: AdviceOut },
      },
    },
    async (request) => currentAdvice(db, advice, deps.clock(), request.query),
  );

  app.post(
    '/api/plan/what-if',
    {
      onRequest: planners,
      schema: {
        tags,
        summary: 'Compare the plan with a changed copy of it (nothing is saved)',
        body: WhatIfBody,
        response: { 200: WhatIfOut },
      },
    },
    async (request, reply) => {
      const { base, variant, delta } = await planWhatIf(db, cache, deps.clock(), request.body);
      return sendFieldsInSlices(reply, [
        ['base', slicedObject(reply, planInSlices(base))],
        ['variant', slicedObject(reply, planInSlices(variant))],
        [
          'delta',
          slicedObject(reply, {
            rest: { value: { whole: delta.whole }, schema: DeltaRestOut },
            key: 'systems',
            items: { values: delta.systems, schema: DeltaLineOut },
          }),
        ],
      ]);
    },
  );

  app.get(
    '/api/systems/:id/why',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'Why a system is not back yet, and why it comes where it does',
        params: SystemIdParams,
        response: { 200: WhyOut },
      },
    },
    async (request) => explainSystem(db, request.params.id, deps.clock()),
  );
}

// A plan's answer as sendInSlices writes it: the dated head whole, the systems dated a slice at a time.
function planInSlices({ plan, systems, date }: PlanAnswer) {
  return {
    rest: { value: plan, schema: DatedPlanRestOut },
    key: 'systems',
    items: { values: systems, schema: PlanLineOut },
    map: date,
  };
}
