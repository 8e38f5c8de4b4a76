import { LifeboatError } from '../../domain/errors.js';
import { ROLES } from '../../domain/roles.js';
import type { Db } from '../../store/database.js';
import type { App } from '../app.js';
import { metaOf } from '../auth/auth.routes.js';
import { CreateTokenBody, CreateUserBody, IdParams, PatchUserBody } from '../auth/auth.schemas.js';
import { callerOf, requireRole } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import {
  adminResetTotp,
  adminRevokeSessions,
  adminUnlock,
  createToken,
  createUserWithInvitation,
  listPublicUsers,
  listTokens,
  patchUser,
  resetInvitation,
  revokeToken,
} from './users.service.js';

/** User administration and API tokens (docs/api.md); the audit trail is in ../audit/. */
export async function userRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  // Groups this module's routes under one heading in /api/docs.
  app.addHook('onRoute', (route) => {
    route.schema = { tags: ['users'], ...route.schema };
  });
  const { deps } = opts;
  const tx = <T>(fn: (trx: Db) => Promise<T>) => unitOfWork(deps, fn);
  const admin = { onRequest: requireRole('admin') };
  const anyone = { onRequest: requireRole(...ROLES) };

  app.get('/api/users', admin, async () => ({ users: await listPublicUsers(deps.db) }));

  app.post('/api/users', { ...admin, schema: { body: CreateUserBody } }, async (request) => {
    const actor = callerOf(request);
    return tx((trx) => createUserWithInvitation(trx, deps, request.body, actor.id, metaOf(request)));
  });

  app.patch('/api/users/:id', { ...admin, schema: { params: IdParams, body: PatchUserBody } }, async (request) => {
    const actor = callerOf(request);
    return { user: await tx((trx) => patchUser(trx, deps, request.params.id, request.body, actor, metaOf(request))) };
  });

  app.post('/api/users/:id/invitation', { ...admin, schema: { params: IdParams } }, async (request) => {
    const actor = callerOf(request);
    return { invitationUrl: await tx((trx) => resetInvitation(trx, deps, request.params.id, actor, metaOf(request))) };
  });

  app.post('/api/users/:id/revoke-sessions', { ...admin, schema: { params: IdParams } }, async (request, reply) => {
    const actor = callerOf(request);
    await tx((trx) => adminRevokeSessions(trx, deps, request.params.id, actor, metaOf(request)));
    return reply.status(204).send();
  });

  // The reset makes the link through which the new factor is enrolled.
  app.post('/api/users/:id/reset-totp', { ...admin, schema: { params: IdParams } }, async (request) => {
    const actor = callerOf(request);
    return { invitationUrl: await tx((trx) => adminResetTotp(trx, deps, request.params.id, actor, metaOf(request))) };
  });

  app.post('/api/users/:id/unlock', { ...admin, schema: { params: IdParams } }, async (request, reply) => {
    const actor = callerOf(request);
    await tx((trx) => adminUnlock(trx, deps, request.params.id, actor, metaOf(request)));
    return reply.status(204).send();
  });

  app.get('/api/tokens', anyone, async (request) => ({ tokens: await listTokens(deps.db, callerOf(request)) }));

  app.post('/api/tokens', { ...anyone, schema: { body: CreateTokenBody } }, async (request) => {
    const caller = callerOf(request);
    // A token that could mint tokens would outlive its own revocation.
    if (request.auth?.via !== 'session') {
      throw new LifeboatError('forbidden', 'API tokens are made from a logged-in session, not with a token.', {
        key: 'err.auth.tokenFromSession',
      });
    }
    return tx((trx) => createToken(trx, deps, caller.id, request.body, caller.id, metaOf(request)));
  });

  app.delete('/api/tokens/:id', { ...anyone, schema: { params: IdParams } }, async (request, reply) => {
    const caller = callerOf(request);
    await tx((trx) => revokeToken(trx, deps, request.params.id, caller, metaOf(request)));
    return reply.status(204).send();
  });
}
