/**
 * Security gates and status changes (DESIGN.md, "System status in an incident"): what the gates of a
 * system are now, recording a pass, a waiver or a reset, and the one rule every status writer goes through.
 * The rule itself is the domain's (src/domain/gates/status.ts); this module loads, records and emits.
 */

import { may } from '../../domain/access.js';
import type { Catalogue, System, SystemStatus } from '../../domain/catalogue/types.js';
import { LifeboatError } from '../../domain/errors.js';
import {
  checkTransition,
  type DependencyState,
  effectiveState,
  type GateRecord,
  gatesLeft,
  gatesOf,
  isExpired,
} from '../../domain/gates/status.js';
import { type Audience, INTERNAL } from '../../domain/live/events.js';
import type { Role } from '../../domain/roles.js';
import { MESSAGES, type MessageKey } from '../../i18n/index.js';
import { loadCatalogue } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import { listGateStates, type StoredGateState, saveGateState } from '../../store/gates/gates.repository.js';
import type { Actor } from '../catalogue/catalogue.service.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { emit, lock } from '../tx.js';

type Deps = Pick<AppDeps, 'clock' | 'ids'>;

// The catalogue service keeps its own copy of this fallback; the organisation does not matter here.
const NO_ORGANISATION = { name: 'Organisation', locale: 'sv', timezone: 'Europe/Stockholm' } as const;

/** One gate of a system as the API shows it. */
export interface GateView {
  id: string;
  /** `pending` (nothing recorded, a reset, or an expired waiver), `passed` or `waived`. */
  state: 'pending' | 'passed' | 'waived';
  /** The evidence of a pass or the reason of a waiver; empty when pending. */
  note: string;
  /** Who recorded the state (e-mail address or `cli`); null when nothing is recorded. */
  by: string | null;
  at: string | null;
  expires_at: string | null;
  /** A waiver whose expiry has passed: it counts as pending again. */
  expired: boolean;
}

/** The gates of one system and those left before it may be back in service. */
export interface SystemGates {
  system_id: string;
  gates: GateView[];
  gates_left: string[];
}

/** What a pass (`note`: the evidence), a waiver (`note`: the reason, optional expiry) or a reset says. */
export interface GateDecision {
  state: 'pending' | 'passed' | 'waived';
  note?: string;
  expires_at?: string;
}

/** A gate's name in English (the label the UI shows), else its id. */
export function gateName(id: string): string {
  const key = `gate.${id}` as MessageKey;
  return MESSAGES.en[key] ?? id;
}

function recordOf(s: StoredGateState): GateRecord {
  return { gate_id: s.gate_id, state: s.state, expires_at: s.expires_at };
}

function viewOf(id: string, stored: StoredGateState | undefined, now: Date): GateView {
  if (!stored) return { id, state: 'pending', note: '', by: null, at: null, expires_at: null, expired: false };
  return {
    id,
    state: effectiveState(recordOf(stored), now),
    note: stored.note,
    by: stored.by_label,
    at: stored.at,
    expires_at: stored.expires_at,
    expired: isExpired(stored, now),
  };
}

function noSystem(id: string): LifeboatError {
  return new LifeboatError('not_found', `There is no system "${id}".`, {
    field: 'id',
    key: 'err.catalogue.noSystem',
    params: { id },
  });
}

async function systemOf(db: Db, id: string): Promise<{ catalogue: Catalogue; system: System }> {
  const catalogue = await loadCatalogue(db, NO_ORGANISATION);
  const system = catalogue.systems.find((s) => s.id === id);
  if (!system) throw noSystem(id);
  return { catalogue, system };
}

/** GET /api/systems/:id/gates: each gate of the system with its state now. */
export async function listSystemGates(db: Db, id: string, now: Date): Promise<SystemGates> {
  const { system } = await systemOf(db, id);
  const stored = new Map((await listGateStates(db, [id])).map((s) => [s.gate_id, s]));
  const gates = gatesOf(system).map((g) => viewOf(g, stored.get(g), now));
  return { system_id: id, gates, gates_left: gates.filter((g) => g.state === 'pending').map((g) => g.id) };
}

/** The gates left (pending or expired) of each given system, by system id. */
export async function gatesLeftBySystem(
  db: Db,
  systems: readonly Pick<System, 'id' | 'gates'>[],
  now: Date,
): Promise<Map<string, string[]>> {
  const byId = new Map<string, GateRecord[]>();
  for (const s of await listGateStates(db)) {
    const list = byId.get(s.system_id) ?? [];
    list.push(recordOf(s));
    byId.set(s.system_id, list);
  }
  return new Map(systems.map((s) => [s.id, gatesLeft(gatesOf(s), byId.get(s.id) ?? [], now)]));
}

/**
 * PUT /api/systems/:id/gates/:gate: records a pass (with evidence), a waiver (with a reason and an optional
 * expiry in the future) or a reset; writes one `gate` entry in the event log and emits `gate.changed`.
 */
export async function decideGate(
  trx: Db,
  deps: Deps,
  actor: Actor,
  systemId: string,
  gateId: string,
  decision: GateDecision,
): Promise<GateView> {
  await lock(trx, 'status');
  const { system } = await systemOf(trx, systemId);
  if (!gatesOf(system).includes(gateId)) {
    throw new LifeboatError('not_found', `"${systemId}" has no gate "${gateId}".`, {
      field: 'gate',
      key: 'err.gates.noGate',
      params: { id: systemId, gate: gateId },
    });
  }
  const now = deps.clock();
  const note = decision.state === 'pending' ? '' : (decision.note ?? '').trim();
  if (decision.state === 'pending' && decision.note !== undefined) {
    throw new LifeboatError('validation_failed', 'note: a reset takes no note', {
      field: 'note',
      key: 'err.gates.resetNote',
    });
  }
  if (decision.state !== 'pending' && note === '') {
    throw new LifeboatError('validation_failed', 'note: say what shows it (the evidence, or the reason to waive)', {
      field: 'note',
      key: 'err.gates.noteRequired',
    });
  }
  if (decision.state !== 'waived' && decision.expires_at !== undefined) {
    throw new LifeboatError('validation_failed', 'expires_at: only a waiver expires', {
      field: 'expires_at',
      key: 'err.gates.expiryOnlyWaiver',
    });
  }
  const expires = decision.state === 'waived' && decision.expires_at ? new Date(decision.expires_at) : null;
  if (expires && Number.isNaN(expires.getTime())) {
    throw new LifeboatError('validation_failed', 'expires_at: not a time', {
      field: 'expires_at',
      key: 'err.gates.badExpiry',
    });
  }
  if (expires && expires.getTime() <= now.getTime()) {
    throw new LifeboatError('validation_failed', 'expires_at: a waiver must expire in the future', {
      field: 'expires_at',
      key: 'err.gates.expiryPast',
    });
  }
  const stored: StoredGateState = {
    system_id: systemId,
    gate_id: gateId,
    state: decision.state,
    note,
    by_user_id: actor.userId,
    by_label: actor.label,
    at: now.toISOString(),
    expires_at: expires ? expires.toISOString() : null,
  };
  await saveGateState(trx, stored);
  await recordEvent(trx, deps, actor, {
    kind: 'gate',
    system_id: systemId,
    text: note || null,
    data: { gate: gateId, state: decision.state, expires_at: stored.expires_at },
  });
  await emit(trx, now, {
    type: 'gate.changed',
    audience: INTERNAL,
    data: { system_id: systemId, gate: gateId, state: decision.state },
  });
  return viewOf(gateId, stored, now);
}

/** Who may see a system's status change: everyone when it has a public name, else the internal picture. */
export function statusAudience(system: Pick<System, 'public_name'>): Audience {
  return system.public_name ? { kind: 'public' } : INTERNAL;
}

/**
 * The one rule for a status change (call inside the writer's transaction, before writing): refuses a jump
 * the lifecycle does not allow, an override by a role without `status.override`, and entering limited or
 * operational with gates left or dependencies not back (409 `invalid_transition` naming them).
 * Returns whether the override reason was used.
 */
export async function checkStatusChange(
  trx: Db,
  deps: Deps,
  role: Role,
  catalogue: Catalogue,
  system: System,
  to: SystemStatus,
  overrideReason: string | undefined,
): Promise<{ override: boolean }> {
  if (overrideReason !== undefined && !may(role, 'status.override')) {
    throw new LifeboatError('forbidden', 'override_reason: your role may not override the gates', {
      field: 'override_reason',
      key: 'err.status.noOverride',
    });
  }
  await lock(trx, 'status');
  const from = system.status ?? 'down';
  const byId = new Map(catalogue.systems.map((s) => [s.id, s]));
  const dependencies: DependencyState[] = system.depends_on.map((d) => ({
    id: d,
    name: byId.get(d)?.name ?? d,
    status: byId.get(d)?.status ?? 'down',
  }));
  const records = (await listGateStates(trx, [system.id])).map(recordOf);
  const result = checkTransition({
    from,
    to,
    gates: gatesOf(system),
    records,
    dependencies,
    now: deps.clock(),
    override: overrideReason,
  });
  if (result.ok) return { override: result.override };
  if (result.reason === 'order') {
    throw new LifeboatError('invalid_transition', `status: cannot go from ${from} to ${to}; go to down first`, {
      field: 'status',
      key: 'err.status.order',
      params: { from, to },
    });
  }
  const none = 'none';
  const gates = result.gates.map((g) => `${gateName(g)} (${g})`).join(', ') || none;
  const deps2 = result.dependencies.map((d) => `${d.name} (${d.id}, ${d.status})`).join(', ') || none;
  throw new LifeboatError(
    'invalid_transition',
    `status: ${system.id} cannot be ${to} yet. Gates left: ${gates}. Dependencies not back: ${deps2}.`,
    {
      field: 'status',
      key: 'err.status.blocked',
      params: { id: system.id, to, gates, dependencies: deps2 },
      details: {
        gates: result.gates.map((g) => ({ id: g, name: gateName(g) })),
        dependencies: result.dependencies,
      },
    },
  );
}

/** Records a status change that was made: one `status` entry in the event log and `system.status`. */
export async function recordStatusChange(
  trx: Db,
  deps: Deps,
  actor: Actor,
  system: System,
  from: SystemStatus,
  override: { used: boolean; reason?: string },
): Promise<void> {
  const to = system.status ?? 'down';
  await recordEvent(trx, deps, actor, {
    kind: 'status',
    system_id: system.id,
    text: override.used ? (override.reason?.trim() ?? null) : null,
    data: { from, to, override: override.used },
  });
  await emit(trx, deps.clock(), {
    type: 'system.status',
    audience: statusAudience(system),
    data: { id: system.id, status: to, from },
  });
}

/**
 * The import's `--statuses` (the catalogue owner's statement, not a step of recovery) is an exception to the
 * gates: it writes the file's statuses as they are, but each change still writes its `status` entry and event.
 */
export async function recordImportedStatuses(
  trx: Db,
  deps: Deps,
  actor: Actor,
  before: Catalogue,
  after: Catalogue,
): Promise<void> {
  const old = new Map(before.systems.map((s) => [s.id, s.status ?? 'down']));
  for (const system of after.systems) {
    const from = old.get(system.id);
    if (from !== undefined && from !== (system.status ?? 'down')) {
      await recordStatusChange(trx, deps, actor, system, from, { used: false });
    }
  }
}
