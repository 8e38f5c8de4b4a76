import type { Db } from '../../store/database.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import { addDecision } from '../decisions/decisions.service.js';
import type { AppDeps } from '../deps.js';

const HOUR = 3_600_000;

/** The demo's decisions: hours after the incident was detected, and minutes until they were written down. */
const DECISIONS = [
  {
    after: 1,
    delay: 20,
    decision: 'Alla externa förbindelser stängs: internet, distansåtkomst och leverantörernas fjärruppkopplingar.',
    basis: 'IT-säkerhetschefens lägesbild 03:40: krypterade filservrar, misstänkt intrång via distansåtkomsten.',
    decided_by: 'Kommundirektör Eva Lind (per telefon)',
    mandate: 'Krisledningsnämndens delegation till kommundirektören, KS 2025-04-14 §12',
    systems: ['stadsnat', 'brandvagg', 'distansatkomst'],
  },
  {
    after: 6,
    delay: 15,
    decision: 'E-posten återställs före ekonomisystemet.',
    basis: 'Förvaltningarna behöver kunna nå medborgare och leverantörer.',
    decided_by: 'Stina Stabschef',
    mandate: 'Stabschefens uppdrag enligt kommunens krisledningsplan, avsnitt 4.2',
    systems: ['epost', 'ekonomi'],
  },
  {
    after: 27,
    delay: 10,
    decision:
      'Ekonomisystemet återställs före e-posten: löneutbetalningen den 25:e måste gå. E-post ersätts tills vidare av telefon och SMS.',
    basis: 'Lönechefen: lönefilen måste till banken senast tre bankdagar före utbetalning. Telefonväxeln fungerar.',
    decided_by: 'Kommundirektör Eva Lind',
    mandate: 'Krisledningsnämndens delegation till kommundirektören, KS 2025-04-14 §12',
    systems: ['ekonomi', 'lon', 'epost'],
    corrects: 1,
  },
  {
    after: 30,
    delay: 25,
    decision:
      'Grinden sårbarhetsskanning frångås för omsorgsjournalen i 72 timmar. Kompenserande åtgärd: endast åtkomst från omsorgens klienter, EDR i blockerande läge och daglig logggranskning.',
    basis: 'Hemtjänsten saknar läkemedelslistor. Leverantören har intygat patchnivån; skanningen tar två dygn.',
    decided_by: 'Stina Stabschef',
    mandate:
      'Stabschefens uppdrag enligt kommunens krisledningsplan, avsnitt 4.2; samråd med informationssäkerhetssamordnaren',
    systems: ['omsorgsjournal'],
  },
] as const;

/**
 * Seeds the demo's decision log: four believable decisions over the incident's first days, one corrected by a
 * later entry. Times follow the open incident's detection (or two days before now when there is none), and each
 * is recorded through the same service the API uses, so the chain, the event log and the live events agree.
 */
export async function seedDemoDecisions(db: Db, deps: Pick<AppDeps, 'clock' | 'ids'>): Promise<void> {
  const incidentId = await activeIncidentId(db);
  const incident = incidentId
    ? await db.selectFrom('incidents').select('detected_at').where('id', '=', incidentId).executeTakeFirst()
    : undefined;
  const now = deps.clock().getTime();
  const start = incident ? new Date(incident.detected_at).getTime() : now - 48 * HOUR;
  const staff = await db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('email', '=', 'stab@demo.sjovik.se')
    .executeTakeFirst();
  const actor = staff
    ? { userId: staff.id, label: staff.email, name: staff.name }
    : { userId: null, label: 'demo', name: 'Stina Stabschef' };
  const ids: string[] = [];
  for (const d of DECISIONS) {
    // Never later than now: a demo started soon after its incident keeps its decisions in the past.
    const decidedAt = Math.min(start + d.after * HOUR, now - HOUR);
    const recordedAt = Math.min(decidedAt + d.delay * 60_000, now);
    const recorded = await addDecision(db, { clock: () => new Date(recordedAt), ids: deps.ids }, actor, {
      decision: d.decision,
      basis: d.basis,
      decided_by: d.decided_by,
      mandate: d.mandate,
      decided_at: new Date(decidedAt).toISOString(),
      systems: [...d.systems],
      corrects: 'corrects' in d ? ids[d.corrects] : undefined,
    });
    ids.push(recorded.id);
  }
}
