import type { App } from '../app.js';
import { requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { AuditPageSchema, AuditQuery } from './audit.schemas.js';
import { listAudit } from './audit.service.js';

/** The audit trail (docs/api.md, "Audit"): pages newest first, filters, the chain's head. */
export async function auditRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  app.get(
    '/api/audit',
    {
      onRequest: requireRole('admin'),
      schema: {
        tags: ['audit'],
        summary: 'The hash-chained audit trail, newest first, a page at a time',
        querystring: AuditQuery,
        response: { 200: AuditPageSchema },
      },
    },
    async (request) => listAudit(deps.db, request.query),
  );
}
