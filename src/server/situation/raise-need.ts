import type { NeedInput } from '../../domain/situation/needs.js';
import type { Db } from '../../store/database.js';
import { insertNeed, insertNeedChange } from '../../store/situation/needs.repository.js';
import type { Actor } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { emit } from '../tx.js';

/**
 * Raises a need for a unit inside the caller's unit of work: stored as `new`, its first change logged, an
 * event-log entry written and `need.changed` emitted to the unit and the staff. The caller has checked that
 * the actor may act for the unit and that the systems named exist. Returns the need's id.
 */
export async function raiseNeed(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  actor: Actor,
  input: NeedInput & { incident_id: string; unit_id: string; report_id: string | null },
): Promise<string> {
  const now = deps.clock();
  const id = deps.ids();
  await insertNeed(trx, {
    id,
    incident_id: input.incident_id,
    unit_id: input.unit_id,
    report_id: input.report_id,
    title: input.title,
    detail: input.detail,
    category: input.category,
    urgency: input.urgency,
    status: 'new',
    owner_user_id: null,
    system_ids: input.system_ids,
    created_at: now.toISOString(),
    created_by_user_id: actor.userId,
  });
  await insertNeedChange(trx, {
    id: deps.ids(),
    need_id: id,
    at: now.toISOString(),
    actor_user_id: actor.userId,
    actor_label: actor.label,
    changes: { status: [null, 'new'] },
    note: '',
  });
  await recordEvent(trx, deps, actor, {
    kind: 'need',
    unit_id: input.unit_id,
    system_id: null,
    text: input.title,
    data: { need_id: id, status: 'new', urgency: input.urgency, category: input.category, report_id: input.report_id },
  });
  await emit(trx, now, {
    type: 'need.changed',
    audience: { kind: 'unit', unit_id: input.unit_id },
    data: { need_id: id, unit_id: input.unit_id, status: 'new' },
  });
  return id;
}
