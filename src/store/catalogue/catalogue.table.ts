import type { Selectable } from 'kysely';

/** Row of `units`; `contacts` is JSON text. */
export interface UnitTable {
  id: string;
  name: string;
  kind: string;
  contacts: string;
  position: number;
}

/** Row of `teams`. */
export interface TeamTable {
  id: string;
  name: string;
  capacity: number;
  position: number;
}

/**
 * Row of `systems`; `gates` is JSON text, null meaning every default gate; `public_help` is JSON text
 * (a string, or language → string), null meaning none.
 */
export interface SystemTable {
  id: string;
  name: string;
  kind: string;
  public_name: string | null;
  public_help: string | null;
  owner: string | null;
  team: string | null;
  society: number | null;
  organisation: number | null;
  rto_hours: number | null;
  estimate_low: number | null;
  estimate_likely: number | null;
  estimate_high: number | null;
  gates: string | null;
  status: string;
  remaining_hours: number | null;
  position: number;
  updated_at: string;
}

/** Row of `system_dependencies`: `system_id` needs `depends_on_id`. */
export interface SystemDependencyTable {
  system_id: string;
  depends_on_id: string;
  position: number;
}

/** Row of `catalogue_changes`: who changed what, and how. */
export interface CatalogueChangeTable {
  id: string;
  at: string;
  actor_user_id: string | null;
  actor_label: string;
  source: string;
  entity: string;
  entity_id: string;
  action: string;
  before: string | null;
  after: string | null;
}

export type UnitRow = Selectable<UnitTable>;
export type TeamRow = Selectable<TeamTable>;
export type SystemRow = Selectable<SystemTable>;
export type CatalogueChangeRow = Selectable<CatalogueChangeTable>;
