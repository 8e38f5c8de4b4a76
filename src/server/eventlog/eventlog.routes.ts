import { Type } from '@sinclair/typebox';
import { rolesFor } from '../../domain/access.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import { actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import {
  LogExportQuery,
  LogExportSchema,
  LogPageSchema,
  LogQuery,
  ManualEntryBody,
  ManualEntryResponse,
} from './eventlog.schemas.js';
import { addManualEntry, exportLogCsv, exportLogJson, listLog } from './eventlog.service.js';

const tags = ['event log'];

/** The event log, händelselogg (docs/api.md, "Event log"): read, filter, search, write by hand, export. */
export async function eventLogRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const readers = requireRole(...rolesFor('internal.read'));
  app.get(
    '/api/log',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The event log, newest first, a page at a time, with filters and search',
        querystring: LogQuery,
        response: { 200: LogPageSchema },
      },
    },
    async (request) => listLog(deps.db, request.query),
  );
  app.post(
    '/api/log',
    {
      onRequest: requireRole(...rolesFor('event.add')),
      schema: {
        tags,
        summary: 'Writes a manual entry (a call, an observation) in the open incident’s log',
        body: ManualEntryBody,
        response: { 200: ManualEntryResponse },
      },
    },
    async (request) => {
      const actor = actorOf(callerOf(request));
      const entry = await unitOfWork(deps, (trx) => addManualEntry(trx, deps, actor, request.body));
      return { entry };
    },
  );
  app.get(
    '/api/log/export.csv',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The filtered log as CSV for Excel (UTF-8 with BOM, `;`, formulas neutralised)',
        querystring: LogExportQuery,
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const csv = await exportLogCsv(deps.db, request.query);
      return reply
        .header('content-disposition', 'attachment; filename="handelselogg.csv"')
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );
  app.get(
    '/api/log/export.json',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The filtered log as JSON: every column, the incident’s title and whether it is an exercise',
        querystring: LogExportQuery,
        response: { 200: LogExportSchema },
      },
    },
    async (request, reply) => {
      const body = await exportLogJson(deps.db, deps, request.query);
      return reply.header('content-disposition', 'attachment; filename="handelselogg.json"').send(body);
    },
  );
}
