import { LifeboatError } from '../../domain/errors.js';
import { ROLES } from '../../domain/roles.js';
import type { Db } from '../../store/database.js';
import type { App } from '../app.js';
import { metaOf } from '../auth/auth.routes.js';
import {
  CreatedTokenSchema,
  CreatedUserSchema,
  CreateTokenBody,
  CreateUserBody,
  IdParams,
  InvitationUrlSchema,
  NoContent,
  PatchUserBody,
  TokenListSchema,
  UserListSchema,
  UserOnlySchema,
  userJson,
} from '../auth/auth.schemas.js';
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

  const none = { 204: NoContent };
  const link = { 200: InvitationUrlSchema };

  app.get('/api/users', { ...admin, schema: { response: { 200: UserListSchema } } }, async () => ({
    users: (await listPublicUsers(deps.db)).map(userJson),
  }));

  app.post(
    '/api/users',
    { ...admin, schema: { body: CreateUserBody, response: { 200: CreatedUserSchema } } },
    async (request) => {
      const actor = callerOf(request);
      const { unit_id: unitId, ...rest } = request.body;
      const input = { ...rest, ...(unitId === undefined ? {} : { unitId }) };
      const made = await tx((trx) => createUserWithInvitation(trx, deps, input, actor.id, metaOf(request)));
      return { user: userJson(made.user), invitation_url: made.invitationUrl };
    },
  );

  app.patch(
    '/api/users/:id',
    { ...admin, schema: { params: IdParams, body: PatchUserBody, response: { 200: UserOnlySchema } } },
    async (request) => {
      const actor = callerOf(request);
      const { unit_id: unitId, ...rest } = request.body;
      const input = { ...rest, ...(unitId === undefined ? {} : { unitId }) };
      return {
        user: userJson(await tx((trx) => patchUser(trx, deps, request.params.id, input, actor, metaOf(request)))),
      };
    },
  );

  app.post('/api/users/:id/invitation', { ...admin, schema: { params: IdParams, response: link } }, async (request) => {
    const actor = callerOf(request);
    return { invitation_url: await tx((trx) => resetInvitation(trx, deps, request.params.id, actor, metaOf(request))) };
  });

  app.post(
    '/api/users/:id/revoke-sessions',
    { ...admin, schema: { params: IdParams, response: none } },
    async (request, reply) => {
      const actor = callerOf(request);
      await tx((trx) => adminRevokeSessions(trx, deps, request.params.id, actor, metaOf(request)));
      return reply.status(204).send(null);
    },
  );

  // The reset makes the link through which the new factor is enrolled.
  app.post('/api/users/:id/reset-totp', { ...admin, schema: { params: IdParams, response: link } }, async (request) => {
    const actor = callerOf(request);
    return { invitation_url: await tx((trx) => adminResetTotp(trx, deps, request.params.id, actor, metaOf(request))) };
  });

  app.post(
    '/api/users/:id/unlock',
    { ...admin, schema: { params: IdParams, response: none } },
    async (request, reply) => {
      const actor = callerOf(request);
      await tx((trx) => adminUnlock(trx, deps, request.params.id, actor, metaOf(request)));
      return reply.status(204).send(null);
    },
  );

  app.get('/api/tokens', { ...anyone, schema: { response: { 200: TokenListSchema } } }, async (request) => ({
    tokens: (await listTokens(deps.db, callerOf(request))).map((t) => ({
      id: t.id,
      name: t.name,
      created_at: t.createdAt,
      last_used_at: t.lastUsedAt,
      user_email: t.userEmail,
      read_only: t.readOnly,
      expires_at: t.expiresAt,
    })),
  }));

  app.post(
    '/api/tokens',
    { ...anyone, schema: { body: CreateTokenBody, response: { 200: CreatedTokenSchema } } },
    async (request) => {
      const caller = callerOf(request);
      // A token that could mint tokens would outlive its own revocation.
      if (request.auth?.via !== 'session') {
        throw new LifeboatError('forbidden', 'API tokens are made from a logged-in session, not with a token.', {
          key: 'err.auth.tokenFromSession',
        });
      }
      const { name, read_only: readOnly, expires_days: expiresDays } = request.body;
      const made = await tx((trx) =>
        createToken(trx, deps, caller.id, { name, readOnly, expiresDays }, caller.id, metaOf(request)),
      );
      return { id: made.id, token: made.token, read_only: made.readOnly, expires_at: made.expiresAt };
    },
  );

  app.delete('/api/tokens/:id', { ...anyone, schema: { params: IdParams, response: none } }, async (request, reply) => {
    const caller = callerOf(request);
    await tx((trx) => revokeToken(trx, deps, request.params.id, caller, metaOf(request)));
    return reply.status(204).send(null);
  });
}
