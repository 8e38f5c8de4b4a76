import { rolesFor } from '../../domain/access.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { IDEMPOTENCY_SWEEP_MS, IdempotencyHeaders, idempotent, pruneIdempotencyKeys } from '../idempotency.js';
import { sweepEvery } from '../sweep.js';
import { unitOfWork } from '../tx.js';
import {
  AmendBody,
  ReportForm,
  ReportFormQuery,
  ReportIdParams,
  ReportList,
  ReportListQuery,
  ReportResponse,
  ReportWithVersions,
  ReportWriteBody,
} from './reports.schemas.js';
import { amendReport, getReportFor, listReportsFor, reportForm, saveDraft, submitReport } from './reports.service.js';

/** The situation reports API (docs/api.md, "Situation reports"). */
export async function reportRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db } = deps;
  const readers = requireRole(...rolesFor('report.read'));
  const writers = requireRole(...rolesFor('report.write'));
  const tags = ['reports'];

  // The keys that made resends safe are kept IDEMPOTENCY_KEEP_MS, then deleted: they hold what was reported.
  sweepEvery(app, IDEMPOTENCY_SWEEP_MS, 'deleting old idempotency keys', () => pruneIdempotencyKeys(db, deps.clock()));

  app.get(
    '/api/report-form',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: "What the report form shows: a unit's deadlines, the systems to pick, and the report so far",
        querystring: ReportFormQuery,
        response: { 200: ReportForm },
      },
    },
    async (request) => reportForm(db, deps.clock(), callerOf(request), request.query),
  );

  app.get(
    '/api/reports',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: "The active incident's reports the caller may read (a reporter: its unit's), by deadline",
        querystring: ReportListQuery,
        response: { 200: ReportList },
      },
    },
    async (request) => listReportsFor(db, callerOf(request), request.query),
  );

  app.get(
    '/api/reports/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One report with every submitted version',
        params: ReportIdParams,
        response: { 200: ReportWithVersions },
      },
    },
    async (request) => getReportFor(db, callerOf(request), request.params.id),
  );

  app.post(
    '/api/reports/draft',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: "Save a draft of a unit's report for a deadline (before it is submitted)",
        body: ReportWriteBody,
        response: { 200: ReportResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return { report: await unitOfWork(deps, (trx) => saveDraft(trx, deps, user, request.body)) };
    },
  );

  app.post(
    '/api/reports/submit',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: "Submit a unit's report for a deadline; a resend with the same Idempotency-Key gets the same answer",
        headers: IdempotencyHeaders,
        body: ReportWriteBody,
        response: { 200: ReportResponse },
      },
    },
    async (request, reply) => {
      const user = callerOf(request);
      const answer = await unitOfWork(deps, (trx) =>
        idempotent(
          trx,
          deps,
          { userId: user.id, key: request.headers['idempotency-key'], route: 'submit', request: request.body },
          async () => ({ status: 200 as const, body: { report: await submitReport(trx, deps, user, request.body) } }),
        ),
      );
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.post(
    '/api/reports/:id/amend',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: 'Amend a submitted report (a new version; late after the deadline); idempotent with a key',
        headers: IdempotencyHeaders,
        params: ReportIdParams,
        body: AmendBody,
        response: { 200: ReportResponse },
      },
    },
    async (request, reply) => {
      const user = callerOf(request);
      const { id } = request.params;
      const answer = await unitOfWork(deps, (trx) =>
        idempotent(
          trx,
          deps,
          {
            userId: user.id,
            key: request.headers['idempotency-key'],
            route: 'amend',
            request: { id, ...request.body },
          },
          async () => ({
            status: 200 as const,
            body: { report: await amendReport(trx, deps, user, id, request.body) },
          }),
        ),
      );
      return reply.code(answer.status).send(answer.body);
    },
  );
}
