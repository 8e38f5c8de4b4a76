/**
 * The API's input schemas for the restart plan (docs/api.md, "Plan").
 */
import { Type } from '@sinclair/typebox';
import { IdSchema, MAX_HOURS, MAX_TEAM_CAPACITY } from '../../domain/catalogue/schema.js';
import { SYSTEM_STATUSES } from '../../domain/catalogue/types.js';

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

// ---- responses ----
// Fastify serialises with these, so they name every field the plan has; type lists rather than
// unions keep serialising 100,000 lines free of trial validation.

const Num = Type.Number();
const Str = Type.String();
const NullableNumber = Type.Unsafe<number | null>({ type: ['number', 'null'] });
const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });
/** A string that is one of `values`. */
function StringEnum<T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}
const Status = StringEnum(SYSTEM_STATUSES);
const Priority = Type.Unsafe<[number | null, number | null, number | null]>({
  type: 'array',
  items: { type: ['number', 'null'] },
  minItems: 3,
  maxItems: 3,
  description: '(society, organisation, -rto_hours); null for a missing value',
});

/** One system's line of the plan, with its times also as dates. */
export const PlanLineOut = Type.Object({
  id: Str,
  name: Str,
  team: NullableString,
  status: Status,
  ready_h: Num,
  start_h: Num,
  finish_h: Num,
  waiting_for: NullableString,
  priority: Priority,
  inherited_from: NullableString,
  rto_hours: NullableNumber,
  p50_h: Num,
  p90_h: Num,
  p_within_rto: NullableNumber,
  start_at: Str,
  finish_at: Str,
  p50_at: Str,
  p90_at: Str,
  actual_h: Type.Optional(Type.Number({ description: 'hours from its first restoring to back (status history)' })),
  elapsed_h: Type.Optional(Type.Number({ description: 'hours in progress so far, for one started and not back' })),
});

/** What the forecast learned from the status history (issue 11; docs/api.md, "Plan"). */
export const LearningOut = Type.Object(
  {
    finished: Type.Integer({ description: 'systems back whose actual duration it learned from' }),
    in_progress: Type.Integer({ description: 'systems in progress whose hours so far it learned from' }),
    factor_p50: Type.Number({ description: 'median of the shared friction factor the runs draw' }),
    factor_p05: Type.Number({ description: '5th percentile of it' }),
    factor_p95: Type.Number({ description: '95th percentile of it' }),
  },
  { description: 'present only when the open incident has a status history' },
);

/** The plan as GET /api/plan gives it: the domain's plan plus dates from `as_of_utc`. */
export const DatedPlanOut = Type.Object({
  makespan_h: Num,
  systems: Type.Array(PlanLineOut),
  forecast: Type.Object({
    runs: Type.Integer(),
    seed: Type.Integer(),
    friction: Num,
    p50_h: Num,
    p90_h: Num,
    p50_at: Str,
    p90_at: Str,
  }),
  critical_chain: Type.Array(
    Type.Object({
      id: Str,
      start_h: Num,
      finish_h: Num,
      waited_for: Type.Unsafe<'dependency' | 'team' | null>({
        type: ['string', 'null'],
        enum: ['dependency', 'team', null],
      }),
    }),
  ),
  warnings: Type.Array(
    Type.Object({
      code: StringEnum(['no-estimate', 'rto-inversion'] as const),
      system: Str,
      needs: Type.Optional(Type.Array(Str)),
      message: Str,
    }),
  ),
  learning: Type.Optional(LearningOut),
  as_of_utc: Type.String({
    description: "the instant the plan counts from, in UTC: the server's clock, floored to 10 minutes with actuals",
  }),
  as_of: Type.String({ description: "the same instant in the organisation's time zone" }),
  time_zone: Str,
  makespan_at: Str,
});

/** DatedPlanOut less its systems: what GET /api/plan serialises beside the systems it writes a slice at a time. */
export const DatedPlanRestOut = Type.Omit(DatedPlanOut, ['systems']);

const Delta = Type.Object({ base: Num, variant: Num, delta: Num });
const Deltas = { finish_h: Delta, p50_h: Delta, p90_h: Delta };
/** How one system moves in a what-if. */
export const DeltaLineOut = Type.Object({ id: Str, ...Deltas });
/** The what-if's delta less its systems: what is serialised beside the systems written a slice at a time. */
export const DeltaRestOut = Type.Object({ whole: Type.Object(Deltas) });
/** The answer of POST /api/plan/what-if. */
export const WhatIfOut = Type.Object({
  base: DatedPlanOut,
  variant: DatedPlanOut,
  delta: Type.Object({
    whole: Type.Object(Deltas),
    systems: Type.Array(DeltaLineOut),
  }),
});

/** The answer of GET /api/systems/:id/why. */
export const WhyOut = Type.Object({
  why_not_yet: Type.Object({
    id: Str,
    status: Status,
    finished: Type.Boolean(),
    waiting_on: Type.Array(Str),
    chain: Type.Array(Type.Object({ id: Str, status: Status, waiting_on: Type.Array(Str) })),
    roots: Type.Array(Str),
    gates_pending: Type.Array(Str),
  }),
  why_before: Type.Object({
    id: Str,
    priority: Priority,
    own_priority: Priority,
    inherited_from: NullableString,
    path: Type.Array(Str),
    compared_with: Type.Optional(
      Type.Object({
        id: Str,
        priority: Priority,
        first: Str,
        decided_by: StringEnum(['society', 'organisation', 'rto_hours', 'id'] as const),
      }),
    ),
  }),
  systems: Type.Record(Str, Type.Object({ name: Str, status: Status })),
});

/** GET /api/plan/advice: the forecast's options, as for the plan. */
export const AdviceQuery = PlanQuery;

const Gain = Type.Number({ description: 'hours earlier with one more person (negative: later)' });

/** The answer of GET /api/plan/advice: where one more person helps most, best first. */
export const AdviceOut = Type.Object({
  runs: Type.Integer(),
  seed: Type.Integer(),
  p50_h: Num,
  p90_h: Num,
  services: Type.Array(Str, { description: 'the most important services not yet back, most important first' }),
  teams: Type.Array(
    Type.Object({
      team: Str,
      capacity: Type.Integer({ description: 'the capacity planned now; the advice tries one more' }),
      p50_gain_h: Gain,
      p90_gain_h: Gain,
      likely_gain_h: Gain,
      services_gain_h: Gain,
      services: Type.Array(Type.Object({ id: Str, p50_h: Num, gain_h: Gain })),
      open: Type.Integer({ description: 'systems of the team not yet back' }),
    }),
  ),
  learning: Type.Optional(LearningOut),
  as_of_utc: Str,
});
