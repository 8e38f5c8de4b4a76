/** The roles of DESIGN.md, "Users and roles". */
export const ROLES = ['admin', 'staff', 'recovery', 'communicator', 'reporter', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may edit the catalogue as a whole (units, teams, systems, import). */
export const CATALOGUE_EDITORS: readonly Role[] = ['admin', 'staff'];

/** Roles that may change a system's estimate and status. */
export const STATUS_EDITORS: readonly Role[] = ['admin', 'staff', 'recovery'];

/** The system fields a status editor who is not a catalogue editor may change (DESIGN.md: estimates and status). */
export const STATUS_FIELDS = ['estimate_hours', 'status', 'remaining_hours'] as const;

/** Roles that read the whole internal picture. */
export const INTERNAL_READERS: readonly Role[] = ['admin', 'staff', 'recovery', 'communicator', 'observer'];
