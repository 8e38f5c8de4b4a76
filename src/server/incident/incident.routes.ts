import { may, rolesFor } from '../../domain/access.js';
import { ROLES } from '../../domain/roles.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import { actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import {
  ActiveIncidentResponse,
  BoardQuery,
  BoardResponse,
  CreateIncidentBody,
  IncidentListResponse,
  IncidentParams,
  IncidentResponse,
  PatchIncidentBody,
} from './incident.schemas.js';
import {
  activeIncident,
  board,
  closeIncident,
  incidentDetail,
  listAllIncidents,
  openIncident,
  patchIncident,
} from './incident.service.js';

const tags = ['incidents'];

/** Incidents and the recovery board (docs/api.md, "Incidents", "Recovery board"). */
export async function incidentRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const { db } = deps;
  const readers = requireRole(...rolesFor('internal.read'));
  const managers = requireRole(...rolesFor('incident.manage'));
  const anyRole = requireRole(...ROLES);

  app.get(
    '/api/incidents',
    {
      onRequest: readers,
      schema: { tags, summary: 'Every incident, the open one first', response: { 200: IncidentListResponse } },
    },
    async () => ({ incidents: await listAllIncidents(db) }),
  );

  app.get(
    '/api/incidents/active',
    {
      // Every role: a reporter, too, must see that the open incident is an exercise (the banner).
      onRequest: anyRole,
      schema: {
        tags,
        summary: 'The open incident, or null; its stored forecast only for internal readers',
        response: { 200: ActiveIncidentResponse },
      },
    },
    async (request) => {
      const incident = await activeIncident(db);
      // The forecast is the plan's, which a reporter may not read.
      if (!incident || may(callerOf(request).role, 'internal.read')) return { incident };
      return { incident: { ...incident, forecast: null } };
    },
  );

  app.get(
    '/api/incidents/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One incident, open or closed, with its stored forecast',
        params: IncidentParams,
        response: { 200: IncidentResponse },
      },
    },
    async (request) => ({ incident: await incidentDetail(db, request.params.id) }),
  );

  app.post(
    '/api/incidents',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Open an incident (409 while another is open); stores the forecast as it stands',
        body: CreateIncidentBody,
        response: { 201: IncidentResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(callerOf(request));
      const incident = await unitOfWork(deps, (trx) => openIncident(trx, deps, actor, request.body));
      return reply.status(201).send({ incident });
    },
  );

  app.patch(
    '/api/incidents/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Change an open incident',
        params: IncidentParams,
        body: PatchIncidentBody,
        response: { 200: IncidentResponse },
      },
    },
    async (request) => {
      const actor = actorOf(callerOf(request));
      return {
        incident: await unitOfWork(deps, (trx) => patchIncident(trx, deps, actor, request.params.id, request.body)),
      };
    },
  );

  app.post(
    '/api/incidents/:id/close',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Close the open incident (it stays readable)',
        params: IncidentParams,
        response: { 200: IncidentResponse },
      },
    },
    async (request) => {
      const actor = actorOf(callerOf(request));
      return { incident: await unitOfWork(deps, (trx) => closeIncident(trx, deps, actor, request.params.id)) };
    },
  );

  app.get(
    '/api/board',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The recovery board: columns by status (filtered by team and owner) and the chart',
        querystring: BoardQuery,
        response: { 200: BoardResponse },
      },
    },
    async (request) => board(db, deps.clock(), request.query),
  );
}
