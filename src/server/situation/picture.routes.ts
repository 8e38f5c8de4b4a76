import { rolesFor } from '../../domain/access.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import { actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { PlanCache } from '../plan/plan.service.js';
import { unitOfWork } from '../tx.js';
import {
  ApprovePictureBody,
  DraftPictureSchema,
  PictureExportSchema,
  PictureListSchema,
  PictureParams,
  PictureResponse,
} from './picture.schemas.js';
import {
  approvePicture,
  buildDraft,
  exportPicture,
  getApprovedPicture,
  listApprovedPictures,
} from './picture.service.js';

/** The common situation picture and its approval (docs/api.md, "Situation picture"). */
export async function pictureRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db } = deps;
  const readers = requireRole(...rolesFor('internal.read'));
  const approvers = requireRole(...rolesFor('picture.approve'));
  // The app's one cache, shared with the plan API: the picture shows the same forecast without computing it again.
  const cache = deps.plans ?? new PlanCache();
  const tags = ['picture'];

  app.get(
    '/api/picture',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The common situation picture as it stands now (the draft), beside the last approved one',
        response: { 200: DraftPictureSchema },
      },
    },
    async () => buildDraft(db, cache, deps.clock()),
  );

  app.post(
    '/api/pictures',
    {
      onRequest: approvers,
      schema: {
        tags,
        summary: 'Approve the picture as it stands now, with a summary (fastställd lägesbild); it never changes',
        body: ApprovePictureBody,
        response: { 200: PictureResponse },
      },
    },
    async (request) => {
      const actor = actorOf(callerOf(request));
      return {
        picture: await unitOfWork(deps, (trx) => approvePicture(trx, deps, cache, actor, request.body.summary)),
      };
    },
  );

  app.get(
    '/api/pictures',
    {
      onRequest: readers,
      schema: { tags, summary: 'Every approved picture, newest first', response: { 200: PictureListSchema } },
    },
    async () => listApprovedPictures(db),
  );

  app.get(
    '/api/pictures/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One approved picture, as it was approved',
        params: PictureParams,
        response: { 200: PictureResponse },
      },
    },
    async (request) => ({ picture: await getApprovedPicture(db, request.params.id) }),
  );

  app.get(
    '/api/pictures/:id/export',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One approved picture as a JSON file, with the decision log head it carries',
        params: PictureParams,
        response: { 200: PictureExportSchema },
      },
    },
    async (request, reply) => {
      const data = await exportPicture(db, request.params.id, deps.clock());
      const name = `lagesbild-v${data.picture.version}.json`;
      return reply.header('content-disposition', `attachment; filename="${name}"`).send(data);
    },
  );
}
