import type { Static } from '@sinclair/typebox';
import type { CoverageGrid, CoverageUnitSchema } from '../../../server/situation/coverage.schemas.js';
import type { CreateRhythmBody, RhythmList, RhythmResponse } from '../../../server/situation/rhythm.schemas.js';
import { request } from '../../api.js';

/** GET /api/coverage. */
export type Coverage = Static<typeof CoverageGrid>;
/** One unit's row of the coverage grid. */
export type CoverageUnit = Static<typeof CoverageUnitSchema>;
/** GET /api/rhythms. */
export type Rhythms = Static<typeof RhythmList>;
/** One reporting rule. */
export type Rhythm = Static<typeof RhythmResponse>['rule'];
/** POST /api/rhythms. */
export type NewRhythm = Static<typeof CreateRhythmBody>;

/** Typed calls of docs/api.md, "Reporting rhythm" and "Coverage". */
export const coverageApi = {
  coverage: () => request<Coverage>('GET', '/api/coverage'),
  rhythms: () => request<Rhythms>('GET', '/api/rhythms'),
  createRhythm: (body: NewRhythm) => request<{ rule: Rhythm }>('POST', '/api/rhythms', { body }),
  endRhythm: (id: string) => request<{ rule: Rhythm }>('POST', `/api/rhythms/${encodeURIComponent(id)}/end`),
};
