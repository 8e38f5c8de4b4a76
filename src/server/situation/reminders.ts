import { mustReport, reminderDue } from '../../domain/situation/rhythm.js';
import { translate } from '../../i18n/index.js';
import { listUnits } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import { listCoverageReports } from '../../store/situation/coverage.repository.js';
import type { App } from '../app.js';
import type { AppDeps } from '../deps.js';
import { enqueue } from '../outgoing/enqueue.js';
import { unitOfWork } from '../tx.js';
import { incidentDeadlines, organisationSettings } from './rhythm.service.js';

/** How often a server looks for reminders to queue, unless its deps say otherwise. */
export const REMINDER_EVERY_MS = 60_000;
const MINUTE = 60_000;
const LONGEST_REMINDER_MS = 1440 * MINUTE;

/** What the tick needs: the database (and the live hub), ids, and the public address for the form's link. */
export type ReminderDeps = Pick<AppDeps, 'db' | 'ids' | 'live'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

// A number as the SMS gateway wants it: the digits and a leading +, without the spaces and dashes people type.
function phoneNumber(phone: string): string {
  const compact = phone.replace(/[\s\-().]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

/**
 * Queues the reminders that are due at `now`: for each deadline of the active incident whose reminder time has
 * come but not the deadline itself, one e-mail per contact with an address and one SMS per contact with a phone
 * number, for every unit that must report and has not submitted. Each message's `dedupe_key` names the
 * incident, deadline, unit, channel and recipient, so a tick run twice (or on two servers) queues it once.
 * Returns how many messages were newly queued. Nothing is sent here: the outgoing worker does that.
 */
export async function queueReminders(db: Db, deps: ReminderDeps, now: Date): Promise<number> {
  const incidentId = await activeIncidentId(db);
  if (incidentId === null) return 0;
  const { zone, locale } = await organisationSettings(db);
  const ms = now.getTime();
  const due = (await incidentDeadlines(db, incidentId, { from: ms, to: ms + LONGEST_REMINDER_MS }, zone)).filter((d) =>
    reminderDue(d, ms),
  );
  if (due.length === 0) return 0;
  const units = await listUnits(db);
  const link = `${deps.config.publicUrl.replace(/\/+$/, '')}/app/report`;
  const when = new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone: zone.zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });
  return unitOfWork({ db, live: deps.live }, async (trx) => {
    let queued = 0;
    const at = () => now;
    for (const deadline of due) {
      const submitted = new Set(
        (await listCoverageReports(trx, incidentId, [deadline.at]))
          .filter((r) => r.first_submitted_at !== null)
          .map((r) => r.unit_id),
      );
      const deadlineText = when.format(new Date(deadline.at));
      for (const unit of units) {
        if (!mustReport(deadline, unit.id) || submitted.has(unit.id)) continue;
        const vars = { unit: unit.name, deadline: deadlineText, link };
        for (const contact of unit.contacts) {
          const messages: { channel: 'email' | 'sms'; recipient: string }[] = [];
          if (contact.email) messages.push({ channel: 'email', recipient: contact.email.trim() });
          if (contact.phone) messages.push({ channel: 'sms', recipient: phoneNumber(contact.phone) });
          for (const { channel, recipient } of messages) {
            const fresh = await enqueue(
              trx,
              { clock: at, ids: deps.ids },
              {
                channel,
                purpose: 'reminder',
                recipient,
                subject: channel === 'email' ? translate(locale, 'rhythm.reminder.subject', vars) : null,
                body: translate(locale, channel === 'email' ? 'rhythm.reminder.email' : 'rhythm.reminder.sms', {
                  ...vars,
                  name: contact.name,
                }),
                meta: { incident_id: incidentId, unit_id: unit.id, cycle_at: deadline.at },
                dedupe_key: `reminder:${incidentId}:${deadline.at}:${unit.id}:${channel}:${recipient}`,
              },
            );
            if (fresh) queued++;
          }
        }
      }
    }
    return queued;
  });
}

/**
 * Runs `queueReminders` every `everyMs` while the app is up: started when it is ready, stopped when it closes.
 * A tick never overlaps the one before, and a failure is logged and tried again at the next tick.
 */
export function installReminderTimer(app: App, deps: ReminderDeps & Pick<AppDeps, 'clock'>, everyMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await queueReminders(deps.db, deps, deps.clock());
    } catch (error) {
      app.log.error({ err: error }, 'queueing reminders failed');
    } finally {
      running = false;
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(tick, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  });
}
