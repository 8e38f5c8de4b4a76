import type { FastifyReply, FastifyRequest } from 'fastify';
import { LifeboatError } from '../../domain/errors.js';
import type { Db } from '../../store/database.js';
import type { App } from '../app.js';
import { secureCookies } from '../config.js';
import type { AppDeps } from '../deps.js';
import { SESSION_COOKIE } from './auth.plugin.js';
import { AcceptBody, CodeBody, InspectBody, LoginBody, MeBody, PasswordBody, SetupBody } from './auth.schemas.js';
import {
  acceptInvitation,
  changePassword,
  confirmTotp,
  describeCaller,
  enrollTotp,
  inspectInvitation,
  login,
  logout,
  logoutAll,
  type RequestMeta,
  type StartedSession,
  updateMe,
  verifySecondFactor,
} from './auth.service.js';
import type { AuthUser } from './guard.js';
import { completeSetup, setupNeeded } from './setup.service.js';

/** Where a request came from, for the audit trail and the back-off. */
export function metaOf(request: FastifyRequest): RequestMeta {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}

// The caller's session, pending the second factor or not; tokens are not sessions.
function sessionOf(request: FastifyRequest): {
  user: AuthUser;
  sessionId: string;
  csrfToken: string;
  verified: boolean;
} {
  const auth = request.auth;
  if (auth?.via === 'session' && auth.sessionId && auth.csrfToken) {
    return { user: auth.user, sessionId: auth.sessionId, csrfToken: auth.csrfToken, verified: true };
  }
  const pending = request.authPending;
  if (pending) return { ...pending, verified: false };
  if (auth) throw new LifeboatError('forbidden', 'This needs a logged-in session, not an API token.');
  throw new LifeboatError('unauthenticated', 'Log in first.');
}

function rateLimited(reply: FastifyReply, retryAfter: number): LifeboatError {
  reply.header('retry-after', String(retryAfter));
  return new LifeboatError('rate_limited', `Too many failed attempts; try again in ${retryAfter} seconds.`, {
    details: { retryAfter },
  });
}

/** Authentication, set-up and invitation routes of docs/api.md. */
export async function authRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  // Groups this module's routes under one heading in /api/docs.
  app.addHook('onRoute', (route) => {
    route.schema = { tags: ['auth'], ...route.schema };
  });
  const { deps } = opts;
  const tx = { execute: <T>(fn: (trx: Db) => Promise<T>) => deps.db.transaction().execute(fn) };

  const sendSession = (reply: FastifyReply, s: StartedSession) => {
    reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: secureCookies(deps.config),
    });
    return { user: s.user, csrfToken: s.csrfToken, totp: s.totp };
  };

  app.get('/api/setup', async () => ({ needed: await setupNeeded(deps.db) }));

  app.post('/api/setup', { schema: { body: SetupBody } }, async (request, reply) => {
    const started = await tx.execute((trx) => completeSetup(trx, deps, request.body, metaOf(request)));
    return sendSession(reply, started);
  });

  app.post('/api/auth/login', { schema: { body: LoginBody } }, async (request, reply) => {
    const outcome = await tx.execute((trx) => login(trx, deps, request.body, metaOf(request)));
    if (outcome.kind === 'locked') throw rateLimited(reply, outcome.retryAfter);
    if (outcome.kind === 'failed') throw new LifeboatError('unauthenticated', 'Wrong e-mail or password.');
    return sendSession(reply, outcome.session);
  });

  app.post('/api/auth/totp/verify', { schema: { body: CodeBody } }, async (request, reply) => {
    const s = sessionOf(request);
    if (s.verified)
      return { ...(await describeCaller(deps.db, s.user.id, { csrfToken: s.csrfToken, totpVerified: true })) };
    const outcome = await tx.execute((trx) =>
      verifySecondFactor(trx, deps, s.sessionId, s.user.id, request.body.code, metaOf(request)),
    );
    if (outcome.kind === 'locked') throw rateLimited(reply, outcome.retryAfter);
    if (outcome.kind === 'failed') {
      throw new LifeboatError('validation_failed', 'code: the code is not valid', { field: 'code' });
    }
    return { user: outcome.user, csrfToken: s.csrfToken, totp: 'ok' as const };
  });

  app.post('/api/auth/totp/enroll', async (request) => {
    const s = sessionOf(request);
    return tx.execute((trx) => enrollTotp(trx, deps, s.user.id));
  });

  app.post('/api/auth/totp/confirm', { schema: { body: CodeBody } }, async (request) => {
    const s = sessionOf(request);
    return tx.execute((trx) => confirmTotp(trx, deps, s.sessionId, s.user.id, request.body.code, metaOf(request)));
  });

  app.get('/api/auth/me', async (request) => {
    if (request.auth?.via === 'token') return describeCaller(deps.db, request.auth.user.id, null);
    const s = sessionOf(request);
    return describeCaller(deps.db, s.user.id, { csrfToken: s.csrfToken, totpVerified: s.verified });
  });

  app.patch('/api/auth/me', { schema: { body: MeBody } }, async (request) => {
    const s = sessionOf(request);
    if (!s.verified) throw new LifeboatError('totp_required', 'Give the code from your authenticator app first.');
    return { user: await tx.execute((trx) => updateMe(trx, deps, s.user.id, request.body)) };
  });

  app.post('/api/auth/password', { schema: { body: PasswordBody } }, async (request, reply) => {
    const s = sessionOf(request);
    if (!s.verified) throw new LifeboatError('totp_required', 'Give the code from your authenticator app first.');
    await tx.execute((trx) => changePassword(trx, deps, s.user.id, s.sessionId, request.body, metaOf(request)));
    return reply.status(204).send();
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const s = sessionOf(request);
    await tx.execute((trx) => logout(trx, deps, s.user.id, s.sessionId, metaOf(request)));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.post('/api/auth/logout-all', async (request, reply) => {
    const s = sessionOf(request);
    await tx.execute((trx) => logoutAll(trx, deps, s.user.id, metaOf(request)));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.post('/api/invitations/inspect', { schema: { body: InspectBody } }, async (request) =>
    inspectInvitation(deps.db, deps, request.body.token),
  );

  app.post('/api/invitations/accept', { schema: { body: AcceptBody } }, async (request, reply) => {
    const started = await tx.execute((trx) => acceptInvitation(trx, deps, request.body, metaOf(request)));
    return sendSession(reply, started);
  });
}
