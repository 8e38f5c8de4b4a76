import type { Static } from '@sinclair/typebox';
import type {
  AdviceOut,
  DatedPlanOut,
  LearningOut,
  PlanLineOut,
  WhatIfBody,
  WhatIfOut,
  WhyOut,
} from '../../../server/plan/plan.schemas.js';
import { request } from '../../api.js';

/** One system's line of the plan, with its times also as dates. */
export type PlanLine = Static<typeof PlanLineOut>;

/** The plan as GET /api/plan gives it: the domain's plan plus dates from `as_of_utc`. */
export type DatedPlan = Static<typeof DatedPlanOut>;

/** The changes a what-if tries. */
export type WhatIfRequest = Static<typeof WhatIfBody>;

/** The answer of POST /api/plan/what-if. */
export type WhatIfResponse = Static<typeof WhatIfOut>;

/** The answer of GET /api/systems/:id/why. */
export type WhyResponse = Static<typeof WhyOut>;

/** What the forecast learned from the status history (issue 11). */
export type Learning = Static<typeof LearningOut>;

/** The answer of GET /api/plan/advice: where one more person helps most. */
export type AdviceResponse = Static<typeof AdviceOut>;

/** The plan's calls of the HTTP API (docs/api.md, "Plan"). */
export const planApi = {
  plan: () => request<DatedPlan>('GET', '/api/plan'),
  whatIf: (body: WhatIfRequest) => request<WhatIfResponse>('POST', '/api/plan/what-if', { body }),
  advice: () => request<AdviceResponse>('GET', '/api/plan/advice'),
  why: (id: string) => request<WhyResponse>('GET', `/api/systems/${encodeURIComponent(id)}/why`),
};
