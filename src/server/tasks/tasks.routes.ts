import { rolesFor } from '../../domain/access.js';
import { ROLES } from '../../domain/roles.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import { getTemplates, listObligationsFor, markObligation, putTemplates } from './obligations.service.js';
import {
  CreateTaskBody,
  NotApplicableBody,
  ObligationList,
  ObligationResponse,
  PatchTaskBody,
  RecordIdParams,
  ReportTaskBody,
  SentBody,
  TaskList,
  TaskQuery,
  TaskResponse,
  TemplateList,
} from './tasks.schemas.js';
import { changeTask, createTask, listTasksFor, reportTask } from './tasks.service.js';

/** The tasks and reporting obligations API (docs/api.md, "Tasks" and "Obligations"). */
export async function taskRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db } = deps;
  const anyone = requireRole(...ROLES);
  const reporters = requireRole(...rolesFor('task.report'));
  const managers = requireRole(...rolesFor('task.manage'));
  const readers = requireRole(...rolesFor('internal.read'));
  const obligationManagers = requireRole(...rolesFor('obligation.manage'));
  const tags = ['tasks'];

  app.get(
    '/api/tasks',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: "The active incident's tasks the caller may see (a reporter: its unit's and its own)",
        querystring: TaskQuery,
        response: { 200: TaskList },
      },
    },
    async (request) => listTasksFor(db, deps.clock(), callerOf(request), request.query),
  );

  app.post(
    '/api/tasks',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Create a task for a person or a unit',
        body: CreateTaskBody,
        response: { 200: TaskResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return { task: await unitOfWork(deps, (trx) => createTask(trx, deps, user, request.body)) };
    },
  );

  app.patch(
    '/api/tasks/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Change, reassign, cancel or reopen a task',
        params: RecordIdParams,
        body: PatchTaskBody,
        response: { 200: TaskResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return {
        task: await unitOfWork(deps, (trx) => changeTask(trx, deps, user, request.params.id, request.body)),
      };
    },
  );

  app.post(
    '/api/tasks/:id/report',
    {
      onRequest: reporters,
      schema: {
        tags,
        summary: 'Report a task back (återrapportering): its assignee, or staff on its behalf',
        params: RecordIdParams,
        body: ReportTaskBody,
        response: { 200: TaskResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return {
        task: await unitOfWork(deps, (trx) => reportTask(trx, deps, user, request.params.id, request.body.text)),
      };
    },
  );

  const otags = ['obligations'];
  app.get(
    '/api/obligation-templates',
    {
      onRequest: readers,
      schema: { tags: otags, summary: 'The reporting obligation templates', response: { 200: TemplateList } },
    },
    async () => getTemplates(db),
  );

  app.put(
    '/api/obligation-templates',
    {
      onRequest: obligationManagers,
      schema: {
        tags: otags,
        summary: 'Replace the reporting obligation templates',
        body: TemplateList,
        response: { 200: TemplateList },
      },
    },
    async (request) => {
      const user = callerOf(request);
      return unitOfWork(deps, (trx) => putTemplates(trx, deps, user, request.body.templates));
    },
  );

  app.get(
    '/api/obligations',
    {
      onRequest: readers,
      schema: {
        tags: otags,
        summary: "The active incident's reporting obligations, by deadline",
        response: { 200: ObligationList },
      },
    },
    async () => listObligationsFor(db, deps.clock()),
  );

  app.post(
    '/api/obligations/:id/sent',
    {
      onRequest: obligationManagers,
      schema: {
        tags: otags,
        summary: 'Mark an obligation of the active incident sent (when, a note or reference)',
        params: RecordIdParams,
        body: SentBody,
        response: { 200: ObligationResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      const { id } = request.params;
      return unitOfWork(deps, (trx) => markObligation(trx, deps, user, id, { state: 'sent', ...request.body }));
    },
  );

  app.post(
    '/api/obligations/:id/not-applicable',
    {
      onRequest: obligationManagers,
      schema: {
        tags: otags,
        summary: 'Mark an obligation of the active incident not applicable, with the reason',
        params: RecordIdParams,
        body: NotApplicableBody,
        response: { 200: ObligationResponse },
      },
    },
    async (request) => {
      const user = callerOf(request);
      const { id } = request.params;
      return unitOfWork(deps, (trx) =>
        markObligation(trx, deps, user, id, { state: 'not_applicable', reason: request.body.reason }),
      );
    },
  );
}
