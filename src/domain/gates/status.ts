/**
 * The status lifecycle and the security gates (DESIGN.md, "System status in an incident"). Pure: the
 * caller passes the stored gate states, the statuses of the dependencies and the current time.
 *
 * Allowed jumps (`unknown → down → restoring → verifying → limited → operational`):
 * - to `down` from anywhere, at any time (a system can fall over again);
 * - forward by one or more steps (a restore that needed no verification skips a step);
 * - back by one step between `restoring` and `operational` (a failed check sends `verifying` back to
 *   `restoring`, a degraded service goes from `operational` to `limited`);
 * - never to `unknown` (it is only where a system starts), and never back by more than one step.
 * Entering `limited` or `operational` also needs every gate of the system `passed` or `waived` and not
 * expired, and every dependency `limited` or `operational`. An override (policy action `status.override`)
 * with a reason lifts the gates and the dependencies, not the order of the lifecycle.
 */
import { DEFAULT_GATES, SYSTEM_STATUSES, type SystemStatus } from '../catalogue/types.js';

/** What a gate can be: `pending` (no row, a reset, or an expired waiver), `passed` or `waived`. */
export const GATE_STATES = ['pending', 'passed', 'waived'] as const;
export type GateStateName = (typeof GATE_STATES)[number];

/** A gate's recorded state as the rule needs it. */
export interface GateRecord {
  gate_id: string;
  state: GateStateName;
  /** A waiver's expiry (ISO 8601); from that instant on the gate counts as pending again. */
  expires_at: string | null;
}

/** The statuses from which a system is back in service. */
export const BACK_STATUSES: readonly SystemStatus[] = ['limited', 'operational'];

/** Whether a status counts as back in service (limited or operational). */
export function isBack(status: SystemStatus): boolean {
  return BACK_STATUSES.includes(status);
}

/** The gate ids of a system: its own list, or every default gate when it names none. */
export function gatesOf(system: { gates?: string[] }): string[] {
  return system.gates ?? [...DEFAULT_GATES];
}

/** Whether a waiver has expired at `now` (an expiry at or before now counts). */
export function isExpired(record: Pick<GateRecord, 'state' | 'expires_at'>, now: Date): boolean {
  return record.state === 'waived' && record.expires_at !== null && Date.parse(record.expires_at) <= now.getTime();
}

/** A gate's state as it counts now: pending when nothing is recorded or a waiver has expired. */
export function effectiveState(record: GateRecord | undefined, now: Date): GateStateName {
  if (!record) return 'pending';
  if (isExpired(record, now)) return 'pending';
  return record.state;
}

/** The gates of a system that are not passed or waived now, in the system's order. */
export function gatesLeft(gateIds: readonly string[], records: readonly GateRecord[], now: Date): string[] {
  const byGate = new Map(records.map((r) => [r.gate_id, r]));
  return gateIds.filter((g) => effectiveState(byGate.get(g), now) === 'pending');
}

/** Whether the lifecycle's order allows `from → to` (gates and dependencies aside). */
export function isAllowedJump(from: SystemStatus, to: SystemStatus): boolean {
  if (from === to) return true;
  if (to === 'unknown') return false;
  if (to === 'down') return true;
  const a = SYSTEM_STATUSES.indexOf(from);
  const b = SYSTEM_STATUSES.indexOf(to);
  if (b > a) return true;
  return a - b === 1 && b >= SYSTEM_STATUSES.indexOf('restoring');
}

/** The statuses a system may be moved to from `from` by the lifecycle's order, in lifecycle order. */
export function nextStatuses(from: SystemStatus): SystemStatus[] {
  return SYSTEM_STATUSES.filter((s) => s !== from && isAllowedJump(from, s));
}

/** A dependency as the rule sees it. */
export interface DependencyState {
  id: string;
  name: string;
  status: SystemStatus;
}

/** What a status change asks. */
export interface TransitionInput {
  from: SystemStatus;
  to: SystemStatus;
  /** The system's gate ids (see `gatesOf`). */
  gates: readonly string[];
  records: readonly GateRecord[];
  dependencies: readonly DependencyState[];
  now: Date;
  /** A reason to move past the gates and dependencies, when the caller may override. */
  override?: string;
}

/** The verdict on a status change. */
export type TransitionResult =
  | { ok: true; override: boolean }
  | { ok: false; reason: 'order' }
  | { ok: false; reason: 'blocked'; gates: string[]; dependencies: DependencyState[] };

/**
 * Checks a status change against the lifecycle: the order first, then (entering limited or operational)
 * the gates left and the dependencies not back. `override: true` in the answer means the reason was used.
 */
export function checkTransition(input: TransitionInput): TransitionResult {
  const { from, to } = input;
  if (!isAllowedJump(from, to)) return { ok: false, reason: 'order' };
  if (from === to || !isBack(to)) return { ok: true, override: false };
  const gates = gatesLeft(input.gates, input.records, input.now);
  const dependencies = input.dependencies.filter((d) => !isBack(d.status));
  if (gates.length === 0 && dependencies.length === 0) return { ok: true, override: false };
  const reason = input.override?.trim();
  if (reason) return { ok: true, override: true };
  return { ok: false, reason: 'blocked', gates, dependencies };
}
