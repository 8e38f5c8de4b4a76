import type { CoverageReport } from '../../domain/situation/coverage.js';
import type { Db } from '../database.js';

/**
 * What coverage needs of an incident's reports (never their content): whose, for which deadline, and when
 * submitted. Optionally only those of some deadlines.
 */
export async function listCoverageReports(
  db: Db,
  incidentId: string,
  cycles?: readonly string[],
): Promise<CoverageReport[]> {
  if (cycles && cycles.length === 0) return [];
  let query = db
    .selectFrom('reports')
    .select(['id', 'unit_id', 'cycle_at', 'submitted_at', 'first_submitted_at', 'state', 'late'])
    .where('incident_id', '=', incidentId);
  if (cycles) query = query.where('cycle_at', 'in', [...cycles]);
  const rows = await query.orderBy('cycle_at').orderBy('unit_id').execute();
  return rows.map((r) => ({ ...r, late: r.late === 1 }));
}

/** Each unit's last submitted report of an incident, whatever its deadline. */
export async function lastSubmittedReports(db: Db, incidentId: string): Promise<CoverageReport[]> {
  const rows = await db
    .selectFrom('reports')
    .select(['id', 'unit_id', 'cycle_at', 'submitted_at', 'first_submitted_at', 'state', 'late'])
    .where('incident_id', '=', incidentId)
    .where('submitted_at', 'is not', null)
    .orderBy('unit_id')
    .orderBy('submitted_at', 'desc')
    .execute();
  const seen = new Set<string>();
  const out: CoverageReport[] = [];
  for (const r of rows) {
    if (seen.has(r.unit_id)) continue;
    seen.add(r.unit_id);
    out.push({ ...r, late: r.late === 1 });
  }
  return out;
}
