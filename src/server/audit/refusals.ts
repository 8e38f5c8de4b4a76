import type { FastifyError, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorCode } from '../../domain/errors.js';
import { LifeboatError, type LifeboatErrorOptions } from '../../domain/errors.js';
import { recordRefusal } from '../../store/audit/audit.repository.js';
import type { AppDeps } from '../deps.js';

/** How long one refusal row gathers the refusals like it. */
export const REFUSAL_WINDOW_MS = 10 * 60_000;
/** Distinct (action, who, route) rows per window; past it, refusals share one overflow row, so a flood stays small. */
export const MAX_REFUSAL_KEYS_PER_WINDOW = 500;

const ACTION_OF: Partial<Record<ErrorCode, string>> = {
  unauthenticated: 'access_refused_unauthenticated',
  totp_required: 'access_refused_unauthenticated',
  forbidden: 'access_refused_forbidden',
  csrf_failed: 'access_refused_csrf',
};

// Refusals that are not attacks or that their route already audits row by row: the UI probes the session
// (`GET /api/auth/me` answers 401 to every visitor of the login page), and a wrong password or code is
// recorded by the login and password services themselves.
const NOT_RECORDED = new Set([
  'GET /api/auth/me:unauthenticated',
  'GET /api/auth/me:totp_required',
  'POST /api/auth/login:unauthenticated',
  'POST /api/auth/password:unauthenticated',
]);

/** The audit action of a reporter asking for another unit's records (answered 404, recorded here). */
export const OTHER_UNIT_ACTION = 'access_refused_other_unit';

/**
 * A reporter asked for another unit's report or need. It is answered exactly like "not found", so the
 * caller learns nothing about whether the record exists; the refusal audit records it (`OTHER_UNIT_ACTION`).
 */
export class OtherUnitRefusal extends LifeboatError {
  constructor(
    message: string,
    options: { key: string; field?: string; params?: LifeboatErrorOptions['params'] },
    /** What was asked for, for the audit row only (never answered). */
    readonly asked: { record: string; id: string | null; unit_id: string },
  ) {
    super('not_found', message, options);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The error code of a refusal this request got, set when the error is answered. */
    refusedWith: ErrorCode | null;
    /** Another unit's record this reporter asked for, set when the error is answered. */
    refusedOtherUnit: OtherUnitRefusal['asked'] | null;
  }
}

/** The window a moment falls in, as the ISO time it starts. */
export function windowStart(now: Date, windowMs = REFUSAL_WINDOW_MS): string {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
}

function routeOf(request: FastifyRequest): string {
  // The route's pattern, not the URL: an attacker choosing URLs cannot choose how many keys there are.
  return `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
}

// One refused request into the audit trail: the first per (action, caller, route) in a window writes a
// chained row, the rest add to its count; a failed write is logged, never answered.
async function record(
  deps: AppDeps,
  request: FastifyRequest,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const route = routeOf(request);
  const user = request.auth?.user ?? request.authPending?.user ?? null;
  const who = user ? `user:${user.id}` : `ip:${request.ip}`;
  const now = deps.clock();
  const start = windowStart(now);
  const at = now.toISOString();
  try {
    await recordRefusal(deps.db, {
      key: `${start}|${action}|${who}|${route}`,
      windowStart: start,
      maxKeysPerWindow: MAX_REFUSAL_KEYS_PER_WINDOW,
      overflowKey: `${start}|access_refused_overflow`,
      at,
      event: () => ({
        id: deps.ids(),
        at,
        actorUserId: user?.id ?? null,
        action,
        subject: route,
        detail: { ...detail, window: start },
        ip: request.ip ?? null,
      }),
      overflowEvent: () => ({
        id: deps.ids(),
        at,
        actorUserId: null,
        action: 'access_refused_overflow',
        subject: null,
        detail: { window: start, note: 'more kinds of refusal than one window records one by one' },
        ip: null,
      }),
    });
  } catch (error) {
    request.log.error({ err: error }, 'could not record a refused request in the audit trail');
  }
}

/**
 * Records refused access (401, 403, CSRF, and a reporter asking for another unit's records) in the audit trail, aggregated: the first refusal per
 * (action, user or address, route) in a window writes a chained row, the rest add to its count.
 */
export const refusalAudit = fp(
  async (app, opts: { deps: AppDeps }) => {
    const { deps } = opts;
    app.decorateRequest('refusedWith', null);
    app.decorateRequest('refusedOtherUnit', null);
    app.addHook('onError', async (request, _reply, error: FastifyError | LifeboatError) => {
      if (error instanceof OtherUnitRefusal) request.refusedOtherUnit = error.asked;
      else if (error instanceof LifeboatError && ACTION_OF[error.code]) request.refusedWith = error.code;
    });
    // onSend, before the answer leaves: the refused caller waits for one small write, which keeps the
    // record in step with the answer (and tests deterministic); a failed write is logged, never answered.
    app.addHook('onSend', async (request, reply, payload) => {
      const other = request.refusedOtherUnit;
      if (other && reply.statusCode === 404) {
        const user = request.auth?.user ?? null;
        await record(deps, request, OTHER_UNIT_ACTION, {
          status: 404,
          code: 'not_found',
          record: other.record,
          id: other.id,
          asked_unit_id: other.unit_id,
          own_unit_id: user?.unitId ?? null,
        });
        return payload;
      }
      const code = request.refusedWith;
      if (!code || (reply.statusCode !== 401 && reply.statusCode !== 403)) return payload;
      if (NOT_RECORDED.has(`${routeOf(request)}:${code}`)) return payload;
      await record(deps, request, ACTION_OF[code] as string, { status: reply.statusCode, code });
      return payload;
    });
  },
  { name: 'lifeboat-refusal-audit' },
);
