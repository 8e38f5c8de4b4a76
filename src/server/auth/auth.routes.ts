import type { FastifyReply, FastifyRequest } from 'fastify';
import { LifeboatError } from '../../domain/errors.js';
import type { Db } from '../../store/database.js';
import type { App } from '../app.js';
import { secureCookies } from '../config.js';
import type { AppDeps } from '../deps.js';
import { unitOfWork } from '../tx.js';
import { DEVICE_COOKIE, SESSION_COOKIE } from './auth.plugin.js';
import {
  AcceptBody,
  CodeBody,
  IdParams,
  InspectBody,
  InvitationSchema,
  LoginBody,
  MeBody,
  NoContent,
  PasswordBody,
  RecoveryCodesSchema,
  SessionList,
  SessionSchema,
  SetupBody,
  SetupNeededSchema,
  TotpEnrolSchema,
  UserOnlySchema,
  userJson,
} from './auth.schemas.js';
import {
  acceptInvitation,
  changePassword,
  confirmTotp,
  describeCaller,
  enrollTotp,
  inspectInvitation,
  listMySessions,
  login,
  logout,
  logoutAll,
  type RequestMeta,
  revokeMySession,
  type StartedSession,
  type TotpState,
  updateMe,
  verifySecondFactor,
} from './auth.service.js';
import type { AuthUser } from './guard.js';
import { deviceIdOf, newDeviceCookie } from './keys.js';
import { assertPasswordStrength, hashPassword } from './password.js';
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
  viaLink: boolean;
} {
  const auth = request.auth;
  if (auth?.via === 'session' && auth.sessionId && auth.csrfToken) {
    const { user, sessionId, csrfToken } = auth;
    return { user, sessionId, csrfToken, verified: true, viaLink: auth.viaLink ?? false };
  }
  const pending = request.authPending;
  if (pending) return { ...pending, verified: false };
  if (auth)
    throw new LifeboatError('forbidden', 'This needs a logged-in session, not an API token.', {
      key: 'err.auth.sessionNeeded',
    });
  throw new LifeboatError('unauthenticated', 'Log in first.', { key: 'err.auth.logInFirst' });
}

// onRequest guards: the caller is known before any body is read, so an anonymous request costs nothing.
const anySession = {
  onRequest: async (request: FastifyRequest) => {
    sessionOf(request);
  },
};
const verifiedSession = {
  onRequest: async (request: FastifyRequest) => {
    if (!sessionOf(request).verified) {
      throw new LifeboatError('totp_required', 'Give the code from your authenticator app first.', {
        key: 'err.auth.totpFirst',
      });
    }
  },
};
const sessionOrToken = {
  onRequest: async (request: FastifyRequest) => {
    if (request.auth?.via !== 'token') sessionOf(request);
  },
};

function rateLimited(reply: FastifyReply, retryAfter: number): LifeboatError {
  reply.header('retry-after', String(retryAfter));
  return new LifeboatError('rate_limited', `Too many failed attempts; try again in ${retryAfter} seconds.`, {
    details: { retry_after: retryAfter },
    key: 'err.auth.tooManyAttempts',
    params: { seconds: retryAfter },
  });
}

/** Authentication, set-up and invitation routes of docs/api.md. */
export async function authRoutes(app: App, opts: { deps: AppDeps }): Promise<void> {
  // Groups this module's routes under one heading in /api/docs.
  app.addHook('onRoute', (route) => {
    route.schema = { tags: ['auth'], ...route.schema };
  });
  const { deps } = opts;
  const tx = { execute: <T>(fn: (trx: Db) => Promise<T>) => unitOfWork(deps, fn) };

  const sendSession = (reply: FastifyReply, s: StartedSession) => {
    reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: secureCookies(deps.config),
    });
    return { user: userJson(s.user), csrf_token: s.csrfToken, totp: s.totp };
  };
  // The caller's own view in the API's names.
  const callerJson = (c: { user: Parameters<typeof userJson>[0]; csrfToken: string | null; totp: TotpState }) => ({
    user: userJson(c.user),
    csrf_token: c.csrfToken,
    totp: c.totp,
  });
  const session = { response: { 200: SessionSchema } };
  const none = { response: { 204: NoContent } };
  // The client a lockout is bound to: a device cookie this server signed, else the address.
  const clientMeta = (request: FastifyRequest): RequestMeta => ({
    ...metaOf(request),
    deviceId: deviceIdOf(deps.config, request.cookies?.[DEVICE_COOKIE]),
  });

  app.get('/api/setup', { schema: { response: { 200: SetupNeededSchema } } }, async () => ({
    needed: await setupNeeded(deps.db),
  }));

  app.post('/api/setup', { schema: { body: SetupBody, ...session } }, async (request, reply) => {
    const started = await tx.execute((trx) => completeSetup(trx, deps, request.body, metaOf(request)));
    return sendSession(reply, started);
  });

  app.post('/api/auth/login', { schema: { body: LoginBody, ...session } }, async (request, reply) => {
    const meta = clientMeta(request);
    // Logging in again ends the session this browser held before (its old cookie).
    const previous = request.auth?.via === 'session' ? request.auth.sessionId : request.authPending?.sessionId;
    const outcome = await login(deps.db, deps, request.body, meta, previous ?? null);
    if (outcome.kind === 'locked') throw rateLimited(reply, outcome.retryAfter);
    if (outcome.kind === 'failed')
      throw new LifeboatError('unauthenticated', 'Wrong e-mail or password.', { key: 'err.auth.wrongLogin' });
    if (!meta.deviceId) {
      reply.setCookie(DEVICE_COOKIE, newDeviceCookie(deps.config), {
        httpOnly: true,
        sameSite: 'strict',
        path: '/api/auth',
        maxAge: 400 * 24 * 3600,
        secure: secureCookies(deps.config),
      });
    }
    return sendSession(reply, outcome.session);
  });

  app.post(
    '/api/auth/totp/verify',
    { ...anySession, schema: { body: CodeBody, ...session } },
    async (request, reply) => {
      const s = sessionOf(request);
      if (s.verified)
        return callerJson(await describeCaller(deps.db, s.user.id, { csrfToken: s.csrfToken, totpVerified: true }));
      const outcome = await verifySecondFactor(
        deps.db,
        deps,
        s.sessionId,
        s.user.id,
        request.body.code,
        clientMeta(request),
      );
      if (outcome.kind === 'locked') throw rateLimited(reply, outcome.retryAfter);
      if (outcome.kind === 'failed') {
        throw new LifeboatError('validation_failed', 'code: the code is not valid', {
          field: 'code',
          key: 'err.totp.badCode',
        });
      }
      return { user: userJson(outcome.user), csrf_token: s.csrfToken, totp: 'ok' as const };
    },
  );

  app.post(
    '/api/auth/totp/enroll',
    { ...anySession, schema: { response: { 200: TotpEnrolSchema } } },
    async (request) => {
      const s = sessionOf(request);
      const e = await tx.execute((trx) => enrollTotp(trx, deps, s.user.id, s));
      return { secret: e.secret, otpauth_url: e.otpauthUrl, qr_data_url: e.qrDataUrl };
    },
  );

  app.post(
    '/api/auth/totp/confirm',
    { ...anySession, schema: { body: CodeBody, response: { 200: RecoveryCodesSchema } } },
    async (request) => {
      const s = sessionOf(request);
      const { recoveryCodes } = await tx.execute((trx) =>
        confirmTotp(trx, deps, { id: s.sessionId, viaLink: s.viaLink }, s.user.id, request.body.code, metaOf(request)),
      );
      return { recovery_codes: recoveryCodes };
    },
  );

  app.get('/api/auth/me', { ...sessionOrToken, schema: session }, async (request) => {
    if (request.auth?.via === 'token') return callerJson(await describeCaller(deps.db, request.auth.user.id, null));
    const s = sessionOf(request);
    return callerJson(await describeCaller(deps.db, s.user.id, { csrfToken: s.csrfToken, totpVerified: s.verified }));
  });

  app.patch(
    '/api/auth/me',
    { ...verifiedSession, schema: { body: MeBody, response: { 200: UserOnlySchema } } },
    async (request) => {
      const s = sessionOf(request);
      return { user: userJson(await tx.execute((trx) => updateMe(trx, deps, s.user.id, request.body))) };
    },
  );

  app.post(
    '/api/auth/password',
    { ...verifiedSession, schema: { body: PasswordBody, ...none } },
    async (request, reply) => {
      const s = sessionOf(request);
      const { current_password: currentPassword, new_password: newPassword } = request.body;
      const input = { currentPassword, newPassword };
      const outcome = await changePassword(deps.db, deps, s.user.id, s.sessionId, input, clientMeta(request));
      if (outcome.kind === 'locked') throw rateLimited(reply, outcome.retryAfter);
      if (outcome.kind === 'failed') {
        throw new LifeboatError('validation_failed', 'current_password: the current password is wrong', {
          field: 'current_password',
          key: 'err.auth.wrongPassword',
        });
      }
      return reply.status(204).send(null);
    },
  );

  app.get('/api/auth/sessions', { ...verifiedSession, schema: { response: { 200: SessionList } } }, async (request) => {
    const s = sessionOf(request);
    const sessions = await listMySessions(deps.db, deps, s.user.id, s.sessionId);
    return {
      sessions: sessions.map((x) => ({
        id: x.id,
        created_at: x.createdAt,
        last_seen_at: x.lastSeenAt,
        expires_at: x.expiresAt,
        ip: x.ip,
        user_agent: x.userAgent,
        current: x.current,
      })),
    };
  });

  app.delete(
    '/api/auth/sessions/:id',
    { ...verifiedSession, schema: { params: IdParams, ...none } },
    async (request, reply) => {
      const s = sessionOf(request);
      await tx.execute((trx) => revokeMySession(trx, deps, s.user.id, request.params.id, metaOf(request)));
      if (request.params.id === s.sessionId) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.post('/api/auth/logout', { ...anySession, schema: none }, async (request, reply) => {
    const s = sessionOf(request);
    await tx.execute((trx) => logout(trx, deps, s.user.id, s.sessionId, metaOf(request)));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post('/api/auth/logout-all', { ...anySession, schema: none }, async (request, reply) => {
    const s = sessionOf(request);
    await tx.execute((trx) => logoutAll(trx, deps, s.user.id, metaOf(request)));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post(
    '/api/invitations/inspect',
    { schema: { body: InspectBody, response: { 200: InvitationSchema } } },
    async (request) => inspectInvitation(deps.db, deps, request.body.token),
  );

  app.post('/api/invitations/accept', { schema: { body: AcceptBody, ...session } }, async (request, reply) => {
    assertPasswordStrength(request.body.password, 'password');
    // Hashed before the transaction: on SQLite it holds the only connection.
    const hash = await hashPassword(request.body.password, deps.config.scryptCost);
    const started = await tx.execute((trx) => acceptInvitation(trx, deps, request.body, metaOf(request), hash));
    return sendSession(reply, started);
  });
}
