import type { Estimate, SystemStatus } from '../../../domain/catalogue/types.js';
import type { WhyBefore, WhyNotYet } from '../../../domain/plan/explain.js';
import type { PlanResult } from '../../../domain/plan/plan.js';
import type { Delta } from '../../../domain/plan/what-if.js';
import { request } from '../../api.js';

/** One system's line of the plan, with its times also as dates. */
export type PlanLine = PlanResult['systems'][number] & {
  start_at: string;
  finish_at: string;
  p50_at: string;
  p90_at: string;
};

/** The plan as GET /api/plan gives it: the domain's plan plus dates from `asOf`. */
export interface DatedPlan extends Omit<PlanResult, 'systems' | 'forecast'> {
  asOf: string;
  as_of: string;
  time_zone: string;
  makespan_at: string;
  systems: PlanLine[];
  forecast: PlanResult['forecast'] & { p50_at: string; p90_at: string };
}

/** The changes a what-if tries. */
export interface WhatIfRequest {
  capacity?: Record<string, number>;
  done?: string[];
  estimates?: Record<string, Estimate>;
  runs?: number;
  seed?: number;
}

/** The answer of POST /api/plan/what-if. */
export interface WhatIfResponse {
  base: DatedPlan;
  variant: DatedPlan;
  delta: {
    whole: { finish_h: Delta; p50_h: Delta; p90_h: Delta };
    systems: Array<{ id: string; finish_h: Delta; p50_h: Delta; p90_h: Delta }>;
  };
}

/** The answer of GET /api/systems/:id/why. */
export interface WhyResponse {
  whyNotYet: WhyNotYet;
  whyBefore: WhyBefore;
  systems: Record<string, { name: string; status: SystemStatus }>;
}

/** The plan's calls of the HTTP API (docs/api.md, "Plan"). */
export const planApi = {
  plan: () => request<DatedPlan>('GET', '/api/plan'),
  whatIf: (body: WhatIfRequest) => request<WhatIfResponse>('POST', '/api/plan/what-if', { body }),
  why: (id: string) => request<WhyResponse>('GET', `/api/systems/${encodeURIComponent(id)}/why`),
};
