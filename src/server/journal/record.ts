import { INTERNAL } from '../../domain/live/events.js';
import type { Db } from '../../store/database.js';
import { appendEventLog, type NewEventLogEntry } from '../../store/eventlog/eventlog.repository.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import type { Actor } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { emit } from '../tx.js';

/** What a service says about one event-log entry; the rest (id, times, incident, author) is filled in here. */
export type EventLogInput = Pick<NewEventLogEntry, 'kind' | 'system_id' | 'unit_id' | 'text' | 'data'> & {
  /** When it happened, if not now (a manual entry about an earlier call). */
  at?: Date;
};

/**
 * Writes one entry of the event log (händelselogg) in the caller's transaction, tied to the open incident,
 * and emits `event.added` so that open logs refresh. Every automatic entry goes through here.
 */
export async function recordEvent(
  trx: Db,
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  actor: Actor,
  input: EventLogInput,
): Promise<string> {
  const now = deps.clock();
  const id = deps.ids();
  await appendEventLog(trx, {
    id,
    incident_id: await activeIncidentId(trx),
    at: (input.at ?? now).toISOString(),
    recorded_at: now.toISOString(),
    kind: input.kind,
    actor_user_id: actor.userId,
    actor_label: actor.label,
    system_id: input.system_id ?? null,
    unit_id: input.unit_id ?? null,
    text: input.text ?? null,
    data: input.data ?? {},
  });
  await emit(trx, now, {
    type: 'event.added',
    audience: INTERNAL,
    data: { id, kind: input.kind, system_id: input.system_id ?? null },
  });
  return id;
}
