/**
 * What a recorded change of the catalogue means for the workspace: which fields it changed, whether the
 * plan cares (then the event log records it), and whether it is a change of status alone (told as
 * `system.status` by the status rule instead). Pure.
 */

/** The kinds of catalogue record a change can concern. */
export type CatalogueEntity = 'system' | 'unit' | 'team' | 'organisation';

/** The fields whose change moves the plan, per kind of record (DESIGN.md: plan-relevant edits). */
export const PLAN_FIELDS: Partial<Record<CatalogueEntity, readonly string[]>> = {
  system: ['depends_on', 'estimate_hours', 'team', 'gates'],
  team: ['capacity'],
};

/** The names of the fields that differ between two records (absent and undefined alike), sorted. */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

/** The changed fields that the plan reads. */
export function planFieldsOf(entity: CatalogueEntity, fields: readonly string[]): string[] {
  const planFields = PLAN_FIELDS[entity] ?? [];
  return fields.filter((f) => planFields.includes(f));
}

/** Whether a change belongs in the event log: every add and remove, and changes of a plan-relevant field. */
export function isPlanRelevant(entity: CatalogueEntity, action: string, fields: readonly string[]): boolean {
  return action !== 'change' || planFieldsOf(entity, fields).length > 0;
}

/** Whether a change of a system touched its status and nothing else. */
export function isStatusOnly(entity: CatalogueEntity, action: string, fields: readonly string[]): boolean {
  return entity === 'system' && action === 'change' && fields.every((f) => f === 'status');
}
