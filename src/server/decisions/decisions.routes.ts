import { rolesFor } from '../../domain/access.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import {
  CorrectionBody,
  CsvSchema,
  DecisionAnswerSchema,
  DecisionExportSchema,
  DecisionListSchema,
  DecisionParams,
  DecisionsQuery,
  NewDecisionBody,
} from './decisions.schemas.js';
import {
  addDecision,
  assertDecisionExists,
  exportDecisions,
  exportDecisionsCsv,
  getDecision,
  listDecisions,
} from './decisions.service.js';

/** The decision log (docs/api.md, "Decisions"): list, one entry, add, correct, exports. */
export async function decisionRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const readers = requireRole(...rolesFor('internal.read'));
  const writers = requireRole(...rolesFor('decision.add'));
  const tags = ['decisions'];
  const actorOf = (request: Parameters<typeof callerOf>[0]) => {
    const user = callerOf(request);
    return { userId: user.id, label: user.email, name: user.name };
  };

  app.get(
    '/api/decisions',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The decision log, newest first (order=seq: the chain order), with the chain head',
        querystring: DecisionsQuery,
        response: { 200: DecisionListSchema },
      },
    },
    async (request) => listDecisions(deps.db, request.query),
  );
  app.get(
    '/api/decisions/export.json',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'The whole chain, every stored column, head and exercise flag (verify with lifeboat verify-log --file)',
        response: { 200: DecisionExportSchema },
      },
    },
    async (_request, reply) => {
      const data = await exportDecisions(deps.db, deps.clock());
      return reply.header('content-disposition', 'attachment; filename="decisions.json"').send(data);
    },
  );
  app.get(
    '/api/decisions/export.csv',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The whole chain as CSV: a header, one row per entry, a last row with the head',
        response: { 200: CsvSchema },
      },
    },
    async (_request, reply) => {
      const text = await exportDecisionsCsv(deps.db, deps.clock());
      return reply
        .header('content-disposition', 'attachment; filename="decisions.csv"')
        .type('text/csv; charset=utf-8')
        .send(text);
    },
  );
  app.get(
    '/api/decisions/:id',
    {
      onRequest: readers,
      schema: { tags, summary: 'One decision', params: DecisionParams, response: { 200: DecisionAnswerSchema } },
    },
    async (request) => getDecision(deps.db, request.params.id),
  );
  app.post(
    '/api/decisions',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: 'Record a decision (with corrects: a correction of an earlier entry)',
        body: NewDecisionBody,
        response: { 200: DecisionAnswerSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const decision = await unitOfWork(deps, (trx) => addDecision(trx, deps, actor, request.body));
      return getDecision(deps.db, decision.id);
    },
  );
  app.post(
    '/api/decisions/:id/corrections',
    {
      onRequest: writers,
      schema: {
        tags,
        summary: 'Record a correction of an entry: a new entry pointing at it (nothing is changed or deleted)',
        params: DecisionParams,
        body: CorrectionBody,
        response: { 200: DecisionAnswerSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const decision = await unitOfWork(deps, async (trx) => {
        await assertDecisionExists(trx, request.params.id);
        return addDecision(trx, deps, actor, { ...request.body, corrects: request.params.id });
      });
      return getDecision(deps.db, decision.id);
    },
  );
}
