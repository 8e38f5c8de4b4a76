/**
 * The API's input schemas for the restart plan (docs/api.md, "Plan").
 */
import { Type } from '@sinclair/typebox';
import { IdSchema, MAX_HOURS, MAX_TEAM_CAPACITY } from '../../domain/catalogue/schema.js';

/** The most forecast runs one request may ask for: a bound on the work a request can cause. */
export const MAX_RUNS = 5000;

const Runs = Type.Integer({ minimum: 1, maximum: MAX_RUNS, description: 'Monte Carlo runs (default 1000)' });
const Seed = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'seed of the forecast (default 1)',
});

/** GET /api/plan: `?runs=&seed=`. */
export const PlanQuery = Type.Object(
  { runs: Type.Optional(Runs), seed: Type.Optional(Seed) },
  { additionalProperties: false },
);

// The file's estimate, bounded as the stored catalogue is: the plan's dates must stay within a Date.
const WhatIfHours = Type.Number({ minimum: 0, maximum: MAX_HOURS });
const WhatIfEstimate = Type.Object(
  { low: WhatIfHours, likely: WhatIfHours, high: WhatIfHours },
  { additionalProperties: false },
);

/** POST /api/plan/what-if: the changes to try, and the forecast's options. */
export const WhatIfBody = Type.Object(
  {
    capacity: Type.Optional(
      Type.Record(IdSchema, Type.Integer({ minimum: 1, maximum: MAX_TEAM_CAPACITY }), {
        description: 'team id to the number of systems it may work on at once',
      }),
    ),
    done: Type.Optional(Type.Array(IdSchema, { maxItems: 100000, description: 'systems to treat as back in service' })),
    estimates: Type.Optional(
      Type.Record(IdSchema, WhatIfEstimate, { description: 'system id to a new estimate in hours' }),
    ),
    runs: Type.Optional(Runs),
    seed: Type.Optional(Seed),
  },
  { additionalProperties: false },
);

/** `:id` of a system. */
export const SystemIdParams = Type.Object({ id: IdSchema });
