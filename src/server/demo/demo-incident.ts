/**
 * The demo's incidents: a real ransomware incident six days into recovery, with a believable history
 * (status changes in the event log, statuses, gates), and a past exercise, closed, that shows the flag.
 */
import type { Catalogue, System, SystemStatus } from '../../domain/catalogue/types.js';
import { gatesOf, isBack } from '../../domain/incident/board.js';
import { computePlan } from '../../domain/plan/plan.js';
import { getSystem, updateSystem } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import { saveGateState } from '../../store/gates/gates.repository.js';
import type { Actor } from '../catalogue/catalogue.service.js';
import { getCatalogue } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { closeIncident, openIncident } from '../incident/incident.service.js';
import { recordEvent } from '../journal/record.js';
import { planOptions } from '../plan/plan.service.js';

const HOUR = 3_600_000;
/** How long before the clock the demo incident was opened: long enough for a dozen systems to be back. */
export const DEMO_ELAPSED_HOURS = 6 * 24 + 3;
// Reality runs half again slower than the likely schedule (about 1.3 times the estimates' PERT, whose
// mean lies above the likely hours): the actual line trails the forecast, and the plan has something
// to learn from its finished systems and those in progress (issue 11).
const SLOWER = 1.5;

const STAFF: Actor = { userId: null, label: 'stab@demo.sjovik.se' };
const RECOVERY: Actor = { userId: null, label: 'it@demo.sjovik.se' };

/** One status change of the demo's history, in hours after the opening. */
export interface DemoChange {
  system_id: string;
  h: number;
  from: SystemStatus;
  to: SystemStatus;
}

/** Where each system stands after `elapsed` hours, and the changes that took it there. */
export interface DemoHistory {
  status: Map<string, SystemStatus>;
  changes: DemoChange[];
  /** When each system that is back came back, in hours after the opening. */
  backAt: Map<string, number>;
}

// Foundations come back fully; among the tools every other one comes back limited (a workaround still in use).
function finalStatus(system: System, index: number): SystemStatus {
  return system.kind === 'application' && index % 2 === 0 ? 'limited' : 'operational';
}

/**
 * The history the demo tells, from the likely schedule of the catalogue at the opening, slowed down: each
 * system starts, goes to verifying for the last quarter of its work and comes back, never before all of its
 * dependencies are back (so every system that is back has its dependencies back).
 */
export function demoHistory(catalogue: Catalogue, elapsed: number): DemoHistory {
  const plan = computePlan(catalogue, { ...planOptions({}), runs: 1 });
  const line = new Map(plan.systems.map((s) => [s.id, s]));
  const back = new Map(catalogue.systems.map((s) => [s.id, (line.get(s.id)?.finish_h ?? 0) * SLOWER + 1]));
  // A fixed point: a system comes back at least an hour after its last dependency.
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of catalogue.systems) {
      const after = Math.max(0, ...s.depends_on.map((d) => (back.get(d) ?? 0) + 1));
      if (after > (back.get(s.id) ?? 0)) {
        back.set(s.id, after);
        changed = true;
      }
    }
  }
  const status = new Map<string, SystemStatus>();
  const changes: DemoChange[] = [];
  const backAt = new Map<string, number>();
  catalogue.systems.forEach((s, index) => {
    const initial: SystemStatus = s.status ?? 'down';
    const done = back.get(s.id) ?? 0;
    const start = Math.min((line.get(s.id)?.start_h ?? 0) * SLOWER + 0.5, done - 1);
    const verify = done - Math.max(1, (done - start) / 4);
    let now = initial;
    const step = (h: number, to: SystemStatus) => {
      if (h > elapsed || now === to) return;
      changes.push({ system_id: s.id, h, from: now, to });
      now = to;
    };
    if (initial === 'down' || initial === 'unknown') step(Math.max(0.25, start), 'restoring');
    if (now === 'restoring') step(Math.max(0.5, verify), 'verifying');
    if (now === 'verifying') step(done, finalStatus(s, index));
    if (isBack(now)) backAt.set(s.id, done);
    status.set(s.id, now);
  });
  changes.sort((a, b) => a.h - b.h || a.system_id.localeCompare(b.system_id));
  return { status, changes, backAt };
}

const EVIDENCE: Record<string, string> = {
  'clean-rebuild': 'Återställd från säkerhetskopia verifierad före intrånget (kontrollsumma jämförd).',
  'credentials-rotated': 'Alla tjänstekonton och administratörslösenord bytta; nycklar omutfärdade.',
  patched: 'Senaste säkerhetsuppdateringar installerade enligt checklista.',
  'edr-active': 'EDR-agent installerad och rapporterar till konsolen.',
  'central-logging': 'Loggar tas emot i SIEM; testhändelse kontrollerad.',
  'mfa-enforced': 'MFA krävs för all inloggning; kontrollerat med testkonto.',
  'vulnerability-scan': 'Sårbarhetsskanning utan kritiska fynd.',
  'owner-signoff': 'Systemägaren har godkänt återgång i drift.',
};

// A few waivers, as a crisis staff gives them: the gate, why, and (for one) until when.
const WAIVERS: { gate: string; reason: string; expiresInHours: number | null }[] = [
  {
    gate: 'mfa-enforced',
    reason: 'Ingen användarinloggning: administreras bara från konsol i låst rum.',
    expiresInHours: null,
  },
  {
    gate: 'vulnerability-scan',
    reason: 'Skanning bokad hos leverantören; ingen exponering mot internet under tiden.',
    expiresInHours: 72,
  },
  {
    gate: 'central-logging',
    reason: 'Lokala loggar sparas och skickas till SIEM i efterhand.',
    expiresInHours: null,
  },
];

/**
 * Seeds the demo's incidents into a database that holds the demo catalogue (in the caller's transaction):
 * a past exercise, closed; then the real incident opened DEMO_ELAPSED_HOURS before the clock with its
 * forecast as of then, and its history since: status entries with past times, the systems' statuses to
 * match, and gates passed (with evidence) or waived (with reasons) for every system that is back.
 */
export async function seedDemoIncident(trx: Db, deps: Pick<AppDeps, 'clock' | 'ids'>): Promise<void> {
  const now = deps.clock();
  const at = (h: number, from: Date) => new Date(from.getTime() + h * HOUR);
  const opened = at(-DEMO_ELAPSED_HOURS, now);

  const exerciseAt = at(-60 * 24, now);
  const exercise = await openIncident(
    trx,
    { ...deps, clock: () => exerciseAt },
    STAFF,
    {
      title: 'Övning: ransomware i skolans nätverk',
      detected_at: at(-1, exerciseAt).toISOString(),
      phase: 'post_incident',
      severity: 'medium',
      exercise: true,
    },
    { at: exerciseAt },
  );
  await closeIncident(trx, { ...deps, clock: () => at(6, exerciseAt) }, STAFF, exercise.id);

  await openIncident(
    trx,
    { ...deps, clock: () => opened },
    STAFF,
    {
      title: 'Ransomware i kommunens datacenter',
      detected_at: at(-5, opened).toISOString(),
      phase: 'recovery',
      severity: 'critical',
    },
    { at: opened },
  );

  const catalogue = await getCatalogue(trx);
  const history = demoHistory(catalogue, DEMO_ELAPSED_HOURS);
  for (const c of history.changes) {
    const when = at(c.h, opened);
    await recordEvent(trx, { ...deps, clock: () => when }, RECOVERY, {
      kind: 'status',
      system_id: c.system_id,
      data: { from: c.from, to: c.to, override: false },
      at: when,
    });
  }
  for (const s of catalogue.systems) {
    const status = history.status.get(s.id) ?? 'down';
    const stored = await getSystem(trx, s.id);
    if (!stored || (stored.status ?? 'down') === status) continue;
    const { remaining_hours: _remaining, ...rest } = stored;
    await updateSystem(trx, { ...rest, status }, now.toISOString());
  }

  const waivers = [...WAIVERS];
  for (const s of catalogue.systems) {
    const status = history.status.get(s.id) ?? 'down';
    const gates = gatesOf(s);
    // Back: every gate through. Verifying: half of them. Restoring: rebuilt clean, nothing more yet.
    const through = isBack(status)
      ? gates.length
      : status === 'verifying'
        ? Math.ceil(gates.length / 2)
        : status === 'restoring'
          ? Math.min(1, gates.length)
          : 0;
    const doneAt = at(history.backAt.get(s.id) ?? DEMO_ELAPSED_HOURS, opened);
    for (const [i, gate] of gates.slice(0, through).entries()) {
      const when = new Date(Math.min(now.getTime(), doneAt.getTime() - (through - i) * 0.25 * HOUR));
      const w = isBack(status) ? waivers.findIndex((x) => x.gate === gate) : -1;
      const waiver = w >= 0 ? waivers.splice(w, 1)[0] : undefined;
      await saveGateState(trx, {
        system_id: s.id,
        gate_id: gate,
        state: waiver ? 'waived' : 'passed',
        note: waiver ? waiver.reason : (EVIDENCE[gate] ?? 'Kontrollerad enligt checklista.'),
        by_user_id: null,
        by_label: waiver ? STAFF.label : RECOVERY.label,
        at: when.toISOString(),
        expires_at: waiver?.expiresInHours ? at(waiver.expiresInHours, now).toISOString() : null,
      });
    }
  }
}
