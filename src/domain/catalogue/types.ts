/** The catalogue: what the organisation runs, who restores it, and what it needs. */
import type { MessageParams } from '../messages.js';

export const UNIT_KINDS = ['office', 'company', 'partner'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const SYSTEM_KINDS = ['infrastructure', 'platform', 'application'] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

/** A system's lifecycle in an incident (DESIGN.md, "System status in an incident"). */
export const SYSTEM_STATUSES = ['unknown', 'down', 'restoring', 'verifying', 'limited', 'operational'] as const;
export type SystemStatus = (typeof SYSTEM_STATUSES)[number];

/** The default security gates, in their canonical order. */
export const DEFAULT_GATES = [
  'clean-rebuild',
  'credentials-rotated',
  'patched',
  'edr-active',
  'central-logging',
  'mfa-enforced',
  'vulnerability-scan',
  'owner-signoff',
] as const;

/** A system's fields, in DESIGN.md's order (the file format, the export and the forms). */
export const SYSTEM_FIELDS = [
  'id',
  'name',
  'kind',
  'public_name',
  'public_help',
  'owner',
  'team',
  'depends_on',
  'society',
  'organisation',
  'rto_hours',
  'estimate_hours',
  'gates',
  'status',
  'remaining_hours',
] as const;

/** The pattern every record id must match. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The estimate used when a system has none (and then the plan warns). */
export const DEFAULT_ESTIMATE: Estimate = { low: 4, likely: 8, high: 24 };

/** How residents get help meanwhile: one text for every language, or a text per ISO 639-1 language. */
export type PublicHelp = string | Record<string, string>;

export interface Organisation {
  name: string;
  locale: 'sv' | 'en';
  timezone: string;
}

export interface Contact {
  name: string;
  phone?: string;
  email?: string;
}

export interface Team {
  id: string;
  name: string;
  capacity: number;
}

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  contacts: Contact[];
}

export interface Estimate {
  low: number;
  likely: number;
  high: number;
}

export interface System {
  id: string;
  name: string;
  kind: SystemKind;
  public_name?: string;
  /** Only with a public_name: one text, or ISO 639-1 language → text. */
  public_help?: PublicHelp;
  owner?: string;
  team?: string;
  depends_on: string[];
  society?: number;
  organisation?: number;
  rto_hours?: number;
  /** Absent when the file gave none: the planner then uses DEFAULT_ESTIMATE and warns. */
  estimate_hours?: Estimate;
  /** Absent means every default gate; [] means none. */
  gates?: string[];
  /** Absent means `down`. */
  status?: SystemStatus;
  remaining_hours?: number;
  /**
   * Only from a file for `lifeboat plan`: the recorded status changes, in time order (`at` ISO 8601
   * with offset). Not stored by the server, which records its own history.
   */
  status_history?: StatusEntry[];
}

/** One entry of a file's status history. */
export interface StatusEntry {
  status: SystemStatus;
  at: string;
}

/** A whole catalogue, as in a catalogue file (DESIGN.md, "Catalogue file"). */
export interface Catalogue {
  version: 1;
  organisation: Organisation;
  teams: Team[];
  units: Unit[];
  systems: System[];
}

/** One problem found in a catalogue: where it is and what was expected. */
export interface CatalogueIssue {
  /** A path such as `systems[3] (ad).estimate_hours.low`, or '' for the whole file. */
  field: string;
  /** 1-based line in the source file, when known. */
  line?: number;
  /** In English; `key` and `params` render it in another language (see domain/messages.ts). */
  message: string;
  key?: string;
  params?: MessageParams;
  /** The system ids involved, for cycles and unknown references. */
  systems?: string[];
}
