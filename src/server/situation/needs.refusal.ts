import type { FastifyRequest } from 'fastify';
import { recordRefusal } from '../../store/audit/audit.repository.js';
import { MAX_REFUSAL_KEYS_PER_WINDOW, windowStart } from '../audit/refusals.js';
import { callerOf } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { OtherUnitRefusal } from './needs.service.js';

/** The audit action of a reporter asking for another unit's record (answered 404). */
export const OTHER_UNIT_ACTION = 'access_refused_unit';

/**
 * Records in the audit trail that a reporter asked for another unit's need, aggregated like every refusal
 * (one chained row per caller and route in a window, the rest counted), and after the unit of work has
 * rolled back, so that the refusal's record is not rolled back with it.
 */
export async function auditOtherUnit(deps: AppDeps, request: FastifyRequest, refusal: OtherUnitRefusal): Promise<void> {
  const user = callerOf(request);
  const route = `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
  const now = deps.clock();
  const start = windowStart(now);
  const at = now.toISOString();
  try {
    await recordRefusal(deps.db, {
      key: `${start}|${OTHER_UNIT_ACTION}|user:${user.id}|${route}`,
      windowStart: start,
      maxKeysPerWindow: MAX_REFUSAL_KEYS_PER_WINDOW,
      overflowKey: `${start}|access_refused_overflow`,
      at,
      event: () => ({
        id: deps.ids(),
        at,
        actorUserId: user.id,
        action: OTHER_UNIT_ACTION,
        subject: route,
        detail: {
          status: 404,
          code: 'not_found',
          need_id: refusal.needId,
          asked_unit_id: refusal.unitId,
          own_unit_id: user.unitId,
          window: start,
        },
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

/** Runs a route's work; a refusal of another unit's need is audited before it is answered as 404. */
export async function auditingOtherUnit<T>(deps: AppDeps, request: FastifyRequest, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OtherUnitRefusal) await auditOtherUnit(deps, request, error);
    throw error;
  }
}
