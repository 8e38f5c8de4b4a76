import fp from 'fastify-plugin';
import { LifeboatError } from '../../domain/errors.js';
import type { AppDeps } from '../deps.js';
import { authUserOf, resolveBearer, resolveSession } from './auth.service.js';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'lifeboat_session';
/** The name of the signed device cookie that binds lockouts to a client. */
export const DEVICE_COOKIE = 'lifeboat_device';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// A read-only token may use only these: whatever else a method is, it is not known to be harmless.
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
// These routes start a session: a stale cookie must not stand in their way. SameSite and
// the JSON content type protect them instead.
// The public hub's forms (subscribe, confirm, unsubscribe) act for nobody's session: their capability is
// the token or the address, so a signed-in staff member's cookie must not make them demand a CSRF header.
const NO_CSRF = new Set([
  '/api/auth/login',
  '/api/setup',
  '/api/invitations/accept',
  '/api/invitations/inspect',
  '/subscribe',
  '/subscribe/confirm',
  '/unsubscribe',
]);

/** Authenticates each request from its session cookie or bearer token and enforces CSRF for cookies. */
export const authPlugin = fp(
  async (app, opts: { deps: AppDeps }) => {
    const { deps } = opts;
    app.decorateRequest('auth', null);
    app.decorateRequest('authPending', null);

    app.addHook('onRequest', async (request) => {
      // /metrics checks its own bearer token (METRICS_TOKEN, ops/metrics.ts), which is no API token.
      if (request.routeOptions.url === '/metrics') return;
      const header = request.headers.authorization;
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
        if (!match?.[1])
          throw new LifeboatError('unauthenticated', 'Authorization must be "Bearer TOKEN".', {
            key: 'err.auth.bearerForm',
          });
        request.auth = await resolveBearer(deps.db, deps, match[1]);
        if (request.auth.readOnly && !SAFE.has(request.method)) {
          throw new LifeboatError('forbidden', 'This API token is read-only.', { key: 'err.auth.readOnlyToken' });
        }
        return;
      }
      const token = request.cookies?.[SESSION_COOKIE];
      if (!token) return;
      const resolved = await resolveSession(deps.db, deps, token);
      if (!resolved) return;
      const { session, pending } = resolved;
      const path = request.url.split('?')[0] ?? '';
      if (UNSAFE.has(request.method) && !NO_CSRF.has(path)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !constantTimeEqual(sent, session.csrfToken)) {
          throw new LifeboatError('csrf_failed', 'The X-CSRF-Token header is missing or wrong; reload the page.', {
            key: 'err.auth.csrf',
          });
        }
      }
      const user = authUserOf(session.user);
      const base = { sessionId: session.id, csrfToken: session.csrfToken, viaLink: session.viaLink };
      if (pending) request.authPending = { user, ...base };
      else request.auth = { user, via: 'session', ...base };
    });
  },
  { name: 'lifeboat-auth' },
);

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
