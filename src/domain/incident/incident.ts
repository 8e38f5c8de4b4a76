/**
 * Incidents (DESIGN.md, glossary "händelse"; issue 8 part 1): phases, the severity scale, and the
 * exercise rule. Pure: no I/O, no clock.
 */

/** The phases of an incident, in order (NIST SP 800-61's lifecycle, as the crisis staff names them). */
export const INCIDENT_PHASES = [
  'detection_analysis',
  'containment',
  'eradication',
  'recovery',
  'post_incident',
] as const;
export type IncidentPhase = (typeof INCIDENT_PHASES)[number];

/**
 * The severity scale, lowest first: `low` (one office, workarounds hold), `medium` (several offices or one
 * critical function degraded), `high` (a critical societal function at risk), `critical` (life, health or
 * the whole organisation's operations at risk).
 */
export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** One system's forecast finish, in hours from the moment the forecast was taken (the incident's opening). */
export interface ForecastSystem {
  id: string;
  p50_h: number;
  p90_h: number;
}

/** How many systems are back by an hour after the opening, at P50 and at P90. */
export interface ForecastPoint {
  h: number;
  p50: number;
  p90: number;
}

/**
 * The forecast stored when an incident is opened: hours count from `as_of` (the opening, not the
 * detection time, since the plan counts from the moment it is computed). Stored, never recomputed.
 */
export interface StoredForecast {
  as_of: string;
  runs: number;
  seed: number;
  total: number;
  p50_h: number;
  p90_h: number;
  systems: ForecastSystem[];
  curve: ForecastPoint[];
}

/** An incident as the API and the UI see it. */
export interface Incident {
  id: string;
  title: string;
  detected_at: string;
  phase: IncidentPhase;
  severity: IncidentSeverity;
  exercise: boolean;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  closed_at: string | null;
}

/** An incident with its stored forecast. */
export interface IncidentDetail extends Incident {
  forecast: StoredForecast | null;
}

// Beyond this many hours the curve is sampled more coarsely so that a stored forecast stays small.
const MAX_POINTS = 500;

/**
 * The overall curve from each system's P50/P90 finish: at hour h, how many systems have a P50 (or P90)
 * finish at or before h. Hour steps from 0 to the last P90 (rounded up), at most MAX_POINTS points.
 */
export function forecastCurve(systems: readonly ForecastSystem[]): ForecastPoint[] {
  const last = Math.ceil(Math.max(0, ...systems.map((s) => s.p90_h)));
  const step = Math.max(1, Math.ceil(last / MAX_POINTS));
  const points: ForecastPoint[] = [];
  for (let h = 0; ; h += step) {
    const at = Math.min(h, last);
    points.push({
      h: at,
      p50: systems.filter((s) => s.p50_h <= at).length,
      p90: systems.filter((s) => s.p90_h <= at).length,
    });
    if (at >= last) break;
  }
  return points;
}

/**
 * Whether something about an incident may appear on the public site: never for an exercise (DESIGN.md,
 * glossary). The public hub and `lifeboat publish` must ask this before they render anything of it.
 */
export function mayPublish(incident: Pick<Incident, 'exercise'>): boolean {
  return !incident.exercise;
}

/**
 * The marks every export that names an incident carries (`exercise: true` for an exercise), so that an
 * exported log or board can never be mistaken for a real incident's. Spread it into the export's header.
 */
export function exportMarks(incident: Pick<Incident, 'id' | 'title' | 'exercise'> | null): {
  incident_id: string | null;
  incident_title: string | null;
  exercise: boolean;
} {
  return {
    incident_id: incident?.id ?? null,
    incident_title: incident?.title ?? null,
    exercise: incident?.exercise ?? false,
  };
}

/** The banner text of an exercise, the same in both languages so that no reader can miss it. */
export const EXERCISE_MARK = 'ÖVNING / EXERCISE';
