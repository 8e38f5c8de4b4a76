import type { NeedCategory, NeedStatus, NeedUrgency } from '../../domain/situation/needs.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import { insertNeedChange, unknownSystems, updateNeed } from '../../store/situation/needs.repository.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';
import { raiseNeed } from '../situation/raise-need.js';

const HOUR = 3_600_000;

interface DemoNeed {
  unit: string;
  title: string;
  detail: string;
  category: NeedCategory;
  urgency: NeedUrgency;
  systems: string[];
  /** Hours ago it was raised. */
  ago: number;
  /** Who raised it (a demo account's e-mail). */
  by: string;
  /** The steps it has taken since, each an hour apart after it was raised. */
  steps?: { status: NeedStatus; owner?: string; note?: string }[];
}

const NEEDS: DemoNeed[] = [
  {
    unit: 'vof',
    title: 'Utskrivna läkemedelslistor till hemtjänstgrupperna',
    detail: 'Journalsystemet är nere. Varje grupp behöver dagens listor på papper före kvällsbesöken.',
    category: 'information',
    urgency: 'critical',
    systems: ['omsorgsjournal', 'lakemedel'],
    ago: 5,
    by: 'omsorg@demo.sjovik.se',
    steps: [{ status: 'accepted', owner: 'it@demo.sjovik.se' }, { status: 'in_progress' }],
  },
  {
    unit: 'vof',
    title: 'Reservtelefoner till trygghetslarmet',
    detail: 'Larmcentralen når inte våra mobiler via växeln. Vi behöver fem telefoner med eget abonnemang.',
    category: 'equipment',
    urgency: 'high',
    systems: ['trygghetslarm', 'vaxel'],
    ago: 3,
    by: 'omsorg@demo.sjovik.se',
  },
  {
    unit: 'bun',
    title: 'Bärbara datorer med 4G till skolexpeditionerna',
    detail: 'Sex expeditioner saknar fungerande datorer för frånvarorapportering.',
    category: 'it',
    urgency: 'medium',
    systems: ['elevregister', 'klienter'],
    ago: 7,
    by: 'stab@demo.sjovik.se',
    steps: [{ status: 'accepted', owner: 'it@demo.sjovik.se' }],
  },
  {
    unit: 'sof',
    title: 'Extra handläggare till nödprövningen av bistånd',
    detail: 'Utbetalningarna görs för hand; vi behöver två handläggare från andra förvaltningar i tre dagar.',
    category: 'staffing',
    urgency: 'high',
    systems: ['bistand-utbetalning'],
    ago: 6,
    by: 'stab@demo.sjovik.se',
  },
  {
    unit: 'sbf',
    title: 'Lokal för tillfällig kundtjänst',
    detail: 'Bygglovsdisken behöver ett rum med telefon nära receptionen.',
    category: 'premises',
    urgency: 'low',
    systems: [],
    ago: 9,
    by: 'stab@demo.sjovik.se',
    steps: [{ status: 'declined', note: 'Kundtjänsten samlas i kontaktcentret i stället.' }],
  },
  {
    unit: 'kff',
    title: 'Texter till biblioteksentréerna om vad som fungerar',
    detail: 'Besökare frågar om lån och datorer. Vi behöver en kort skylt i dag.',
    category: 'communication',
    urgency: 'medium',
    systems: ['bibliotek'],
    ago: 8,
    by: 'stab@demo.sjovik.se',
    steps: [
      { status: 'accepted', owner: 'kommunikation@demo.sjovik.se' },
      { status: 'in_progress' },
      { status: 'fulfilled', note: 'Skyltarna sitter uppe vid alla tre entréerna.' },
    ],
  },
];

/**
 * Seeds the demo's needs for support in the open incident: several units, every status of the lifecycle,
 * owners, and a log of each change. Runs in the demo's transaction after its accounts and its incident;
 * without an open incident it seeds nothing (a need belongs to an incident).
 */
export async function seedDemoNeeds(db: Db, deps: Pick<AppDeps, 'clock' | 'ids'>): Promise<void> {
  const incidentId = await activeIncidentId(db);
  if (!incidentId) return;
  const now = deps.clock().getTime();
  const users = new Map(
    (await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email, u.id] as const),
  );
  const units = new Set((await db.selectFrom('units').select('id').execute()).map((u) => u.id));
  for (const d of NEEDS) {
    if (!units.has(d.unit)) continue;
    // A system the catalogue no longer has is left out rather than stored as a dangling id.
    const missing = new Set(await unknownSystems(db, d.systems));
    const raisedAt = now - d.ago * HOUR;
    const by = { userId: users.get(d.by) ?? null, label: d.by };
    const id = await raiseNeed(db, { clock: () => new Date(raisedAt), ids: deps.ids }, by, {
      incident_id: incidentId,
      unit_id: d.unit,
      report_id: null,
      title: d.title,
      detail: d.detail,
      category: d.category,
      urgency: d.urgency,
      system_ids: d.systems.filter((s) => !missing.has(s)),
    });
    let status: NeedStatus = 'new';
    let owner: string | null = null;
    const staff = { userId: users.get('stab@demo.sjovik.se') ?? null, label: 'stab@demo.sjovik.se' };
    for (const [i, step] of (d.steps ?? []).entries()) {
      const at = new Date(raisedAt + (i + 1) * HOUR);
      const changes: Record<string, [unknown, unknown]> = { status: [status, step.status] };
      const nextOwner: string | null = step.owner ? (users.get(step.owner) ?? null) : owner;
      if (nextOwner !== owner) changes.owner_user_id = [owner, nextOwner];
      status = step.status;
      owner = nextOwner;
      await updateNeed(db, id, { status, owner_user_id: owner, updated_at: at.toISOString() });
      await insertNeedChange(db, {
        id: deps.ids(),
        need_id: id,
        at: at.toISOString(),
        actor_user_id: staff.userId,
        actor_label: staff.label,
        changes,
        note: step.note ?? '',
      });
      await recordEvent(db, deps, staff, {
        kind: 'need',
        unit_id: d.unit,
        system_id: null,
        text: step.note ? `${d.title}: ${step.note}` : d.title,
        data: { need_id: id, action: 'changed', status, fields: Object.keys(changes) },
        at,
      });
    }
  }
}
