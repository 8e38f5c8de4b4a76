import type { FastifyReply, FastifyRequest } from 'fastify';
import { LifeboatError } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';

/** The caller, as every route sees it after authentication. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The unit a `reporter` is bound to; null for other roles. */
  unitId: string | null;
  locale: 'sv' | 'en' | null;
}

/** How a request was authenticated. */
export interface AuthContext {
  user: AuthUser;
  via: 'session' | 'token';
  sessionId?: string;
  /** The session's CSRF token (sessions only). */
  csrfToken?: string;
  /** Whether the session was started by an invitation or reset link (sessions only). */
  viaLink?: boolean;
  /** A read-only API token: safe methods only (tokens only). */
  readOnly?: boolean;
}

/** A session that has passed the password but still owes its second factor. */
export interface PendingAuth {
  user: AuthUser;
  sessionId: string;
  csrfToken: string;
  viaLink: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin when the request carries a valid session or token. */
    auth: AuthContext | null;
    /** Set instead of `auth` while a session waits for its TOTP code. */
    authPending: PendingAuth | null;
  }
}

// A pending session is told what it lacks, so the UI can ask for the code.
function notAuthenticated(request: FastifyRequest): LifeboatError {
  return request.authPending
    ? new LifeboatError('totp_required', 'Give the code from your authenticator app first.', {
        key: 'err.auth.totpFirst',
      })
    : new LifeboatError('unauthenticated', 'Log in first.', { key: 'err.auth.logInFirst' });
}

/** An onRequest hook that admits only the given roles (401 when anonymous, 403 otherwise), before any body is read. */
export function requireRole(...roles: readonly Role[]) {
  return async function roleGuard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const auth = request.auth;
    if (!auth) throw notAuthenticated(request);
    if (!roles.includes(auth.user.role))
      throw new LifeboatError('forbidden', 'Your role does not allow this.', { key: 'err.auth.roleForbids' });
  };
}

/** The authenticated caller; throws 401 when there is none (use after a guard). */
export function callerOf(request: FastifyRequest): AuthUser {
  if (!request.auth) throw notAuthenticated(request);
  return request.auth.user;
}

/** Throws 403 unless the caller may see the given unit: reporters see only their own. */
export function assertUnitAccess(user: AuthUser, unitId: string): void {
  if (user.role === 'reporter' && user.unitId !== unitId) {
    throw new LifeboatError('forbidden', 'You can only see your own unit.', { key: 'err.auth.ownUnit' });
  }
}
