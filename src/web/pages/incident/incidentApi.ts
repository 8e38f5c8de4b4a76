/** The calls of the incidents and board API (docs/api.md, "Incidents", "Recovery board"). */
import type { ActualPoint, BoardColumnView, BoardFilter } from '../../../domain/incident/board.js';
import type {
  Incident,
  IncidentDetail,
  IncidentPhase,
  IncidentSeverity,
  StoredForecast,
} from '../../../domain/incident/incident.js';
import { request } from '../../api.js';

/** The fields of a new incident. */
export interface IncidentInput {
  title: string;
  detected_at: string;
  phase: IncidentPhase;
  severity: IncidentSeverity;
  exercise: boolean;
}

/** GET /api/board. */
export interface Board {
  as_of: string;
  incident: Incident | null;
  total: number;
  columns: BoardColumnView[];
  teams: { id: string; name: string }[];
  units: { id: string; name: string }[];
  systems: { id: string; name: string }[];
  chart: {
    detected_at: string;
    opened_at: string;
    total: number;
    forecast: StoredForecast | null;
    actual: ActualPoint[];
  } | null;
}

const path = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

/** Typed calls of the incidents API. */
export const incidentApi = {
  active: () => request<{ incident: IncidentDetail | null }>('GET', '/api/incidents/active'),
  list: () => request<{ incidents: Incident[] }>('GET', '/api/incidents'),
  get: (id: string) => request<{ incident: IncidentDetail }>('GET', path(id)),
  open: (body: IncidentInput) => request<{ incident: IncidentDetail }>('POST', '/api/incidents', { body }),
  update: (id: string, body: Partial<IncidentInput>) =>
    request<{ incident: IncidentDetail }>('PATCH', path(id), { body }),
  close: (id: string) => request<{ incident: IncidentDetail }>('POST', `${path(id)}/close`),
  board: (filter: BoardFilter) => {
    const params = new URLSearchParams();
    if (filter.team) params.set('team', filter.team);
    if (filter.owner) params.set('owner', filter.owner);
    const query = params.toString();
    return request<Board>('GET', query ? `/api/board?${query}` : '/api/board');
  },
};

const CHANGED = 'lifeboat:incident-changed';

/** Tells this tab's other views (the shell's banner) that this tab changed an incident; live events tell the others. */
export function announceIncidentChange(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** Calls `fn` whenever this tab changed an incident; returns the unsubscribe. */
export function onIncidentChange(fn: () => void): () => void {
  window.addEventListener(CHANGED, fn);
  return () => window.removeEventListener(CHANGED, fn);
}
