import type { System, SystemStatus } from '../../../domain/catalogue/types.js';
import { request } from '../../api.js';

/** One gate of a system as GET /api/systems/:id/gates shows it. */
export interface GateView {
  id: string;
  state: 'pending' | 'passed' | 'waived';
  note: string;
  by: string | null;
  at: string | null;
  expires_at: string | null;
  expired: boolean;
}

/** The gates of a system and those left. */
export interface SystemGates {
  system_id: string;
  gates: GateView[];
  gates_left: string[];
}

/** A pass, a waiver or a reset. */
export type GateDecision =
  | { state: 'passed'; note: string }
  | { state: 'waived'; note: string; expires_at?: string }
  | { state: 'pending' };

/** What a refused status change names: the gates left and the dependencies not back. */
export interface Blocking {
  gates: { id: string; name: string }[];
  dependencies: { id: string; name: string; status: SystemStatus }[];
}

const path = (id: string) => `/api/systems/${encodeURIComponent(id)}`;

/** Calls of docs/api.md, "Gates and status". */
export const gatesApi = {
  gates: (id: string) => request<SystemGates>('GET', `${path(id)}/gates`),
  decide: (id: string, gate: string, body: GateDecision) =>
    request<{ gate: GateView }>('PUT', `${path(id)}/gates/${encodeURIComponent(gate)}`, { body }),
  setStatus: (id: string, body: { status: SystemStatus; override_reason?: string }) =>
    request<{ system: System; gates_left: string[] }>('POST', `${path(id)}/status`, { body }),
};

/** The gates and dependencies a 409 `invalid_transition` names, or null when it names none. */
export function blockingOf(details: unknown): Blocking | null {
  if (typeof details !== 'object' || details === null) return null;
  const d = details as Partial<Blocking>;
  if (!Array.isArray(d.gates) || !Array.isArray(d.dependencies)) return null;
  return { gates: d.gates, dependencies: d.dependencies };
}
