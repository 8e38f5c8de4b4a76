import { rolesFor } from '../../domain/access.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import {
  NeedDetail,
  NeedList,
  NeedNoteBody,
  NeedParams,
  NeedQuery,
  NeedResponse,
  RaiseNeedBody,
  TriageNeedBody,
} from './needs.schemas.js';
import { addNeedNote, listNeedsFor, needDetail, raiseNeedFor, triageNeed } from './needs.service.js';

/** The needs for support API (docs/api.md, "Needs"). */
export async function needRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db } = deps;
  const readers = requireRole(...rolesFor('report.read'));
  const raisers = requireRole(...rolesFor('need.raise'));
  const managers = requireRole(...rolesFor('need.manage'));
  const tags = ['needs'];

  app.get(
    '/api/needs',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: "The active incident's needs for support in triage order (a reporter: its unit's)",
        querystring: NeedQuery,
        response: { 200: NeedList },
      },
    },
    async (request) => listNeedsFor(db, deps.clock(), callerOf(request), request.query),
  );

  app.get(
    '/api/needs/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One need with its log of changes (another unit\'s is "not found" to a reporter)',
        params: NeedParams,
        response: { 200: NeedDetail },
      },
    },
    async (request) => needDetail(db, callerOf(request), request.params.id),
  );

  app.post(
    '/api/needs',
    {
      onRequest: raisers,
      schema: {
        tags,
        summary: 'Raise a need for support for a unit (a reporter: for its own unit)',
        body: RaiseNeedBody,
        response: { 200: NeedResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return { need: await unitOfWork(deps, (trx) => raiseNeedFor(trx, deps, user, request.body)) };
    },
  );

  app.patch(
    '/api/needs/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Triage a need: status along its lifecycle, owner, urgency, category, a note',
        params: NeedParams,
        body: TriageNeedBody,
        response: { 200: NeedResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return {
        need: await unitOfWork(deps, (trx) => triageNeed(trx, deps, user, request.params.id, request.body)),
      };
    },
  );

  app.post(
    '/api/needs/:id/notes',
    {
      onRequest: raisers,
      schema: {
        tags,
        summary: "Add a note to a need's log (staff, or a reporter of the need's unit)",
        params: NeedParams,
        body: NeedNoteBody,
        response: { 200: NeedResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return {
        need: await unitOfWork(deps, (trx) => addNeedNote(trx, deps, user, request.params.id, request.body.note)),
      };
    },
  );
}
