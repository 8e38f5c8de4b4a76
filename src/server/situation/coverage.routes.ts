import { rolesFor } from '../../domain/access.js';
import type { App } from '../app.js';
import { requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { CoverageGrid, CoverageQuery } from './coverage.schemas.js';
import { coverageFor } from './coverage.service.js';

/** The coverage grid (docs/api.md, "Coverage"): who has reported by which deadline. */
export async function coverageRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  app.get(
    '/api/coverage',
    {
      onRequest: requireRole(...rolesFor('internal.read')),
      schema: {
        tags: ['situation'],
        summary: 'Units by deadline: reported, late, missing, pending; contacts and each unit’s last report',
        querystring: CoverageQuery,
        response: { 200: CoverageGrid },
      },
    },
    async (request) => coverageFor(deps.db, deps.clock(), request.query),
  );
}
