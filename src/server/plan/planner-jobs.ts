/**
 * The planner's jobs by kind: each takes plain JSON and returns plain JSON, so that it can run in a
 * worker thread (planner-worker.ts) or inline (planner.ts). A new kind of job is one line here.
 */
import type { Catalogue } from '../../domain/catalogue/types.js';
import { adviseCapacity } from '../../domain/plan/advice.js';
import { computePlan, type PlanOptions } from '../../domain/plan/plan.js';
import { type WhatIfChanges, whatIf } from '../../domain/plan/what-if.js';

/** Every job the planner runs, by kind. */
export const PLANNER_JOBS = {
  plan: (input: { catalogue: Catalogue; options: PlanOptions }) => computePlan(input.catalogue, input.options),
  whatIf: (input: { catalogue: Catalogue; changes: WhatIfChanges; options: PlanOptions }) =>
    whatIf(input.catalogue, input.changes, input.options),
  advice: (input: { catalogue: Catalogue; options: PlanOptions }) => adviseCapacity(input.catalogue, input.options),
};

/** The type of the job table, for the planner's generic signatures. */
export type PlannerJobs = typeof PLANNER_JOBS;
