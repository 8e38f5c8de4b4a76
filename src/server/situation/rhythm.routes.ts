import { rolesFor } from '../../domain/access.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import {
  CreateRhythmBody,
  DeadlineList,
  DeadlinesQuery,
  RhythmList,
  RhythmParams,
  RhythmResponse,
} from './rhythm.schemas.js';
import { createRhythm, endRhythmFor, listDeadlinesFor, listRhythmsFor } from './rhythm.service.js';

/** The reporting rhythm (stabsrytm) and its deadlines (docs/api.md, "Reporting rhythm"). */
export async function rhythmRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const managers = requireRole(...rolesFor('rhythm.manage'));
  const tags = ['situation'];

  app.get(
    '/api/rhythms',
    {
      onRequest: requireRole(...rolesFor('internal.read')),
      schema: {
        tags,
        summary: "The active incident's reporting rules, ended ones too",
        response: { 200: RhythmList },
      },
    },
    async () => listRhythmsFor(deps.db, deps.clock()),
  );

  app.post(
    '/api/rhythms',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Start a reporting rule: daily at a time of day, or once; for some units or all',
        body: CreateRhythmBody,
        response: { 200: RhythmResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return { rule: await unitOfWork(deps, (trx) => createRhythm(trx, deps, user, request.body)) };
    },
  );

  app.post(
    '/api/rhythms/:id/end',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'End a reporting rule now (its past deadlines stay)',
        params: RhythmParams,
        response: { 200: RhythmResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return { rule: await unitOfWork(deps, (trx) => endRhythmFor(trx, deps, user, request.params.id)) };
    },
  );

  app.get(
    '/api/deadlines',
    {
      // A reporter reads its own unit's deadlines (the service narrows), every internal reader all of them.
      onRequest: requireRole(...rolesFor('report.read')),
      schema: {
        tags,
        summary: "The active incident's reporting deadlines in a window (a reporter: its own unit's)",
        querystring: DeadlinesQuery,
        response: { 200: DeadlineList },
      },
    },
    async (request) => listDeadlinesFor(deps.db, deps.clock(), callerOf(request), request.query),
  );
}
