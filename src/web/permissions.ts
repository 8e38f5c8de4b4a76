import { CATALOGUE_EDITORS, INTERNAL_READERS, type Role, STATUS_EDITORS } from '../domain/roles.js';

/** Whether the role may change the catalogue as a whole (systems, units, teams, import). */
export function canEditCatalogue(role: Role): boolean {
  return CATALOGUE_EDITORS.includes(role);
}

/** Whether the role may change a system's estimate, status and remaining time. */
export function canEditStatus(role: Role): boolean {
  return STATUS_EDITORS.includes(role);
}

/** Whether the role may read the whole internal picture (and so export the catalogue). */
export function canReadAll(role: Role): boolean {
  return INTERNAL_READERS.includes(role);
}
