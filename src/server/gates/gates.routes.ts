import { rolesFor } from '../../domain/access.js';
import { gatesOf } from '../../domain/gates/status.js';
import type { App } from '../app.js';
import { callerOf, requireRole } from '../auth/guard.js';
import { actorOf, updateSystem } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { lock, unitOfWork } from '../tx.js';
import {
  GateAnswer,
  GateDecisionBody,
  GateParams,
  StatusAnswer,
  StatusBody,
  SystemGatesSchema,
  SystemParams,
} from './gates.schemas.js';
import { decideGate, gatesLeftBySystem, listSystemGates } from './gates.service.js';

const tags = ['gates'];

/** Security gates and status changes (docs/api.md, "Gates and status"). */
export async function gateRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  const { deps } = opts;
  const readers = requireRole(...rolesFor('internal.read'));
  const deciders = requireRole(...rolesFor('gate.decide'));
  const statusEditors = requireRole(...rolesFor('system.status'));

  app.get(
    '/api/systems/:id/gates',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: "A system's security gates: each one's state, who, when, evidence or reason, expiry",
        params: SystemParams,
        response: { 200: SystemGatesSchema },
      },
    },
    async (request) => listSystemGates(deps.db, request.params.id, deps.clock()),
  );

  app.put(
    '/api/systems/:id/gates/:gate',
    {
      onRequest: deciders,
      schema: {
        tags,
        summary: 'Pass a gate (with evidence), waive it (with a reason, optionally until a time) or reset it',
        params: GateParams,
        body: GateDecisionBody,
        response: { 200: GateAnswer },
      },
    },
    async (request) => {
      const actor = actorOf(callerOf(request));
      const { id, gate } = request.params;
      return { gate: await unitOfWork(deps, (trx) => decideGate(trx, deps, actor, id, gate, request.body)) };
    },
  );

  app.post(
    '/api/systems/:id/status',
    {
      onRequest: statusEditors,
      schema: {
        tags,
        summary: "Change a system's status under the lifecycle's rules (409 names the gates and dependencies left)",
        params: SystemParams,
        body: StatusBody,
        response: { 200: StatusAnswer },
      },
    },
    async (request) => {
      const user = callerOf(request);
      const { status, override_reason } = request.body;
      const patch = override_reason === undefined ? { status } : { status, override_reason };
      // The catalogue lock first, as PATCH /api/systems/:id takes it: the rule reads the dependencies'
      // statuses, and the write must not put back fields a concurrent edit has just changed.
      const system = await unitOfWork(deps, async (trx) => {
        await lock(trx, 'catalogue');
        return updateSystem(trx, deps, user, actorOf(user), request.params.id, patch);
      });
      const left = await gatesLeftBySystem(deps.db, [{ id: system.id, gates: gatesOf(system) }], deps.clock());
      return { system, gates_left: left.get(system.id) ?? [] };
    },
  );
}
