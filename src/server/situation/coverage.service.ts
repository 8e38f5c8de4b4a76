import { coverage } from '../../domain/situation/coverage.js';
import { windowOf } from '../../domain/situation/rhythm.js';
import { listUnits } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import { lastSubmittedReports, listCoverageReports } from '../../store/situation/coverage.repository.js';
import { incidentDeadlines, organisationSettings } from './rhythm.service.js';

/**
 * The coverage grid of the active incident in a window: every unit of the catalogue with its contacts (to
 * call those missing), its state at each deadline, and its last submitted report with its age.
 */
export async function coverageFor(db: Db, now: Date, query: { from?: string; to?: string }) {
  const { zone } = await organisationSettings(db);
  const window = windowOf(query, now.getTime(), zone);
  const incidentId = await activeIncidentId(db);
  const deadlines = await incidentDeadlines(db, incidentId, window, zone);
  const units = await listUnits(db);
  const reports = incidentId
    ? [
        ...(await lastSubmittedReports(db, incidentId)),
        ...(await listCoverageReports(
          db,
          incidentId,
          deadlines.map((d) => d.at),
        )),
      ]
    : [];
  const grid = coverage({ deadlines, unit_ids: units.map((u) => u.id), reports, now: now.getTime() });
  return {
    now: now.toISOString(),
    time_zone: zone.zone,
    incident_id: incidentId,
    from: new Date(window.from).toISOString(),
    to: new Date(window.to).toISOString(),
    deadlines: deadlines.map((d, i) => ({
      at: d.at,
      remind_minutes: d.remind_minutes,
      counts: grid.counts[i],
    })),
    units: units.map((unit, i) => ({
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      contacts: unit.contacts.map((c) => ({ name: c.name, phone: c.phone ?? null, email: c.email ?? null })),
      cells: grid.rows[i].cells,
      last_report: grid.rows[i].last_report,
    })),
  };
}
