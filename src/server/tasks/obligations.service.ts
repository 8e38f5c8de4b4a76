import { LifeboatError } from '../../domain/errors.js';
import { INTERNAL } from '../../domain/live/events.js';
import {
  deadlineOf,
  nextPending,
  type ObligationState,
  type ObligationTemplate,
  obligationOverdue,
} from '../../domain/tasks/tasks.js';
import { zoneFormatter } from '../../domain/time.js';
import type { Db } from '../../store/database.js';
import {
  activeIncident,
  listObligations,
  listObligationTemplates,
  replaceObligationTemplates,
  type StoredObligation,
  saveObligation,
} from '../../store/tasks/tasks.repository.js';
import type { AuthUser } from '../auth/guard.js';
import { actorOf } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { emit } from '../tx.js';
import { organisationZone } from './tasks.service.js';

type Deps = Pick<AppDeps, 'clock' | 'ids'>;

/** An obligation of the active incident as the API returns it. */
export interface ObligationView {
  id: string;
  title: string;
  recipient: string;
  basis: string;
  deadline_at: string;
  state: ObligationState;
  overdue: boolean;
  sent_at: string | null;
  note: string | null;
  by_label: string | null;
  at: string | null;
}

/** The obligation templates, in order. */
export async function getTemplates(db: Db): Promise<{ templates: ObligationTemplate[] }> {
  return { templates: await listObligationTemplates(db) };
}

/** Replaces the templates; the obligations already marked keep the words and deadline they had. */
export async function putTemplates(
  trx: Db,
  deps: Deps,
  user: AuthUser,
  templates: readonly ObligationTemplate[],
): Promise<{ templates: ObligationTemplate[] }> {
  const seen = new Set<string>();
  templates.forEach((t, i) => {
    if (seen.has(t.id)) {
      throw new LifeboatError('validation_failed', `there is already a template "${t.id}"`, {
        field: `templates[${i}].id`,
        key: 'err.obligations.duplicate',
        params: { id: t.id },
      });
    }
    seen.add(t.id);
  });
  await replaceObligationTemplates(trx, templates);
  await emit(trx, deps.clock(), { type: 'obligation.changed', audience: INTERNAL, data: { templates: true } });
  await recordEvent(trx, deps, actorOf(user), {
    kind: 'obligation',
    data: { obligation_id: null, action: 'templates', ids: templates.map((t) => t.id) },
  });
  return getTemplates(trx);
}

function fromStored(o: StoredObligation, basis: string, now: Date): ObligationView {
  return {
    id: o.template_id,
    title: o.title,
    recipient: o.recipient,
    basis,
    deadline_at: o.deadline_at,
    state: o.state,
    overdue: obligationOverdue(o.state, new Date(o.deadline_at), now),
    sent_at: o.sent_at,
    note: o.note,
    by_label: o.by_label,
    at: o.at,
  };
}

/** The active incident's obligations by deadline: the templates' deadlines from its detection, and their states. */
export async function listObligationsFor(db: Db, now: Date) {
  const time_zone = await organisationZone(db);
  const incident = (await activeIncident(db)) ?? null;
  const obligations = incident ? await obligationsOf(db, incident, time_zone, now) : [];
  return {
    now: now.toISOString(),
    time_zone,
    incident,
    obligations,
    next_pending: nextPending(obligations),
  };
}

async function obligationsOf(
  db: Db,
  incident: { id: string; detected_at: string },
  timeZone: string,
  now: Date,
): Promise<ObligationView[]> {
  const zone = zoneFormatter(timeZone, { fallback: 'Europe/Stockholm' });
  const detected = new Date(incident.detected_at);
  const templates = await listObligationTemplates(db);
  const stored = new Map((await listObligations(db, incident.id)).map((o) => [o.template_id, o]));
  const out: ObligationView[] = [];
  for (const t of templates) {
    const record = stored.get(t.id);
    stored.delete(t.id);
    if (record) out.push(fromStored(record, t.basis, now));
    else {
      const deadline = deadlineOf(detected, t, zone);
      out.push({
        id: t.id,
        title: t.title,
        recipient: t.recipient,
        basis: t.basis,
        deadline_at: deadline.toISOString(),
        state: 'pending',
        overdue: obligationOverdue('pending', deadline, now),
        sent_at: null,
        note: null,
        by_label: null,
        at: null,
      });
    }
  }
  // A marked obligation whose template was removed since stays on the record.
  for (const record of stored.values()) out.push(fromStored(record, '', now));
  // Stable: equal deadlines keep the templates' order.
  return out.sort((a, b) => Date.parse(a.deadline_at) - Date.parse(b.deadline_at));
}

/** How an obligation is marked. */
export type Marking = { state: 'sent'; sent_at?: string; note?: string } | { state: 'not_applicable'; reason: string };

/** Marks an obligation of the active incident sent (when, by whom, a note) or not applicable (why). */
export async function markObligation(
  trx: Db,
  deps: Deps,
  user: AuthUser,
  id: string,
  marking: Marking,
): Promise<{ obligation: ObligationView }> {
  const now = deps.clock();
  const incident = await activeIncident(trx);
  if (!incident) {
    throw new LifeboatError('conflict', 'No incident is open: obligations count from an open incident.', {
      key: 'err.obligations.noIncident',
    });
  }
  const current = (await obligationsOf(trx, incident, await organisationZone(trx), now)).find((o) => o.id === id);
  if (!current) {
    throw new LifeboatError('not_found', `There is no obligation "${id}".`, {
      key: 'err.obligations.notFound',
      params: { id },
    });
  }
  let sentAt: string | null = null;
  if (marking.state === 'sent') {
    const ms = Date.parse(marking.sent_at ?? now.toISOString());
    if (Number.isNaN(ms)) {
      throw new LifeboatError('validation_failed', 'This is not a valid date and time.', {
        field: 'sent_at',
        key: 'err.tasks.badTime',
      });
    }
    sentAt = new Date(ms).toISOString();
  }
  const actor = actorOf(user);
  const record: StoredObligation = {
    incident_id: incident.id,
    template_id: id,
    state: marking.state,
    title: current.title,
    recipient: current.recipient,
    deadline_at: current.deadline_at,
    sent_at: sentAt,
    note: marking.state === 'sent' ? (marking.note ?? '') : marking.reason,
    by_user_id: actor.userId,
    by_label: actor.label,
    at: now.toISOString(),
  };
  await saveObligation(trx, record);
  await emit(trx, now, { type: 'obligation.changed', audience: INTERNAL, data: { id } });
  await recordEvent(trx, deps, actor, {
    kind: 'obligation',
    text: record.note || null,
    data: { obligation_id: id, action: marking.state },
  });
  return { obligation: fromStored(record, current.basis, now) };
}
