import { rolesFor } from '../../domain/access.js';
import type { NoticeAction } from '../../domain/site/notices.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import {
  CreateNoticeBody,
  ForecastBody,
  ForecastParams,
  NoticeList,
  NoticeParams,
  NoticePrint,
  NoticeQuery,
  NoticeResponse,
  NoticeTextBody,
  NoticeTextParams,
  PatchNoticeBody,
  PublicServiceList,
  PublicServiceResponse,
  SiteLanguages,
  SiteLanguagesBody,
} from './notices.schemas.js';
import {
  actOnNotice,
  createNotice,
  getNoticeFor,
  languagesOf,
  listNoticesFor,
  listPublicServices,
  patchNotice,
  printNotice,
  putLanguages,
  saveNoticeText,
  setForecastShown,
} from './notices.service.js';

const ACTIONS: { action: NoticeAction; summary: string; publish?: boolean }[] = [
  { action: 'submit', summary: 'Submit a draft update for review' },
  { action: 'return', summary: 'Send an update in review back to draft' },
  {
    action: 'publish',
    summary: 'Publish an update in review: a second person, never its author, and never for an exercise',
    publish: true,
  },
  {
    action: 'amend',
    summary: 'Amend a published update (the public keeps the old version until it is published again)',
  },
];

/** The public updates API (docs/api.md, "Public updates"): notices, the site's languages, public forecasts. */
export async function noticeRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db } = deps;
  const readers = requireRole(...rolesFor('internal.read'));
  const writers = requireRole(...rolesFor('notice.write'));
  const publishers = requireRole(...rolesFor('notice.publish'));
  // The site's languages are the organisation's setting: admin and staff change them.
  const languageEditors = requireRole(...rolesFor('catalogue.edit'));
  const tags = ['notices'];

  app.get(
    '/api/notices',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: "The active incident's public updates, newest first, and the site's languages",
        querystring: NoticeQuery,
        response: { 200: NoticeList },
      },
    },
    async (request) => listNoticesFor(db, deps.clock(), request.query),
  );

  app.post(
    '/api/notices',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: 'Write a new draft update for the active incident',
        body: CreateNoticeBody,
        response: { 200: NoticeResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return { notice: await unitOfWork(deps, (trx) => createNotice(trx, deps, user, request.body)) };
    },
  );

  app.get(
    '/api/notices/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One update: its texts, what the public sees, its publications and what the caller may do',
        params: NoticeParams,
        response: { 200: NoticeResponse },
      },
    },
    async (request) => ({ notice: await getNoticeFor(db, deps, callerOf(request), request.params.id) }),
  );

  app.patch(
    '/api/notices/:id',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: 'Set when the next update comes at the latest (a draft only)',
        params: NoticeParams,
        body: PatchNoticeBody,
        response: { 200: NoticeResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      const { id } = request.params;
      return {
        notice: await unitOfWork(deps, (trx) => patchNotice(trx, deps, user, id, request.body.next_update_at)),
      };
    },
  );

  app.put(
    '/api/notices/:id/texts/:lang',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: "Save one language's text of a draft (the original's change marks translations pending)",
        params: NoticeTextParams,
        body: NoticeTextBody,
        response: { 200: NoticeResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      const { id, lang } = request.params;
      return {
        notice: await unitOfWork(deps, (trx) => saveNoticeText(trx, deps, user, id, lang, request.body)),
      };
    },
  );

  for (const { action, summary, publish } of ACTIONS) {
    app.post(
      `/api/notices/:id/${action}`,
      {
        onRequest: publish ? publishers : writers,
        schema: { tags, summary, params: NoticeParams, response: { 200: NoticeResponse } },
      },
      async (request) => {
        const user = callerOf(request);
        const { id } = request.params;
        return { notice: await unitOfWork(deps, (trx) => actOnNotice(trx, deps, user, id, action)) };
      },
    );
  }

  app.get(
    '/api/notices/:id/print',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'A published update as an A4 notice: its text, times and the QR code of its public page',
        params: NoticeParams,
        response: { 200: NoticePrint },
      },
    },
    async (request) => printNotice(db, deps, request.params.id),
  );

  app.get(
    '/api/site/languages',
    {
      onRequest: readers,
      schema: { tags, summary: "The public site's languages", response: { 200: SiteLanguages } },
    },
    async () => languagesOf(db),
  );

  app.put(
    '/api/site/languages',
    {
      onRequest: languageEditors,
      schema: {
        tags,
        summary: "Set the languages added to the site beyond the organisation's and English",
        body: SiteLanguagesBody,
        response: { 200: SiteLanguages },
      },
    },
    async (request) => unitOfWork(deps, (trx) => putLanguages(trx, deps, request.body.extra)),
  );

  app.get(
    '/api/public-services',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The systems with a public name, their status, and whether their expected return is published',
        response: { 200: PublicServiceList },
      },
    },
    async () => listPublicServices(db),
  );

  app.put(
    '/api/public-services/:system_id/forecast',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: "Show or hide a public service's expected return on the public site",
        params: ForecastParams,
        body: ForecastBody,
        response: { 200: PublicServiceResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      const { system_id } = request.params;
      return unitOfWork(deps, (trx) => setForecastShown(trx, deps, user, system_id, request.body.shown));
    },
  );
}
