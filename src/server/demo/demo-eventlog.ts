import { findUserByEmail } from '../../store/auth/auth.repository.js';
import type { Db } from '../../store/database.js';
import { incidentDetectedAt } from '../../store/eventlog/eventlog.read.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';

const HOUR = 3_600_000;

/** A manual entry of the demo: hours after the incident was detected, who wrote it, and what about. */
interface DemoEntry {
  hours: number;
  by: string;
  text: string;
  system?: string;
  unit?: string;
}

// The first days of the demo's ransomware incident as the staff wrote them down: calls, observations, questions.
const ENTRIES: DemoEntry[] = [
  {
    hours: 0.25,
    by: 'it@demo.sjovik.se',
    system: 'edr',
    text: 'SOC ringer: EDR larmar om kryptering på flera filservrar sedan 05.40. Isolering påbörjad.',
  },
  {
    hours: 0.75,
    by: 'stab@demo.sjovik.se',
    text: 'Krisledningsstab sammankallad 07.00 i stadshusets sammanträdesrum B. Jourhavande tjänsteperson informerad.',
  },
  {
    hours: 1.5,
    by: 'it@demo.sjovik.se',
    system: 'filserver',
    text: 'Filservrarna frånkopplade från nätet. Inga nya krypterade filer sedan 06.55 enligt SOC.',
  },
  {
    hours: 2,
    by: 'stab@demo.sjovik.se',
    unit: 'sof',
    system: 'omsorgsjournal',
    text: 'Samtal från socialförvaltningens reception: handläggarna kommer inte åt journalsystemet. Går över till pappersrutin.',
  },
  {
    hours: 3,
    by: 'kommunikation@demo.sjovik.se',
    text: 'Lokalradion har ringt och frågar om "hackerattacken". Hänvisade till kommande pressmeddelande kl. 12.',
  },
  {
    hours: 4.5,
    by: 'stab@demo.sjovik.se',
    text: 'Länsstyrelsen ber om en första lägesbild till 15.00: påverkade verksamheter, bedömd varaktighet, behov av stöd.',
  },
  {
    hours: 6,
    by: 'it@demo.sjovik.se',
    system: 'ad',
    text: 'Observation: två nya domänadministratörskonton skapade i natt 03.12. Konton spärrade, lösenord för tjänstekonton byts.',
  },
  {
    hours: 9,
    by: 'stab@demo.sjovik.se',
    unit: 'vof',
    system: 'trygghetslarm',
    text: 'Vård och omsorg bekräftar att trygghetslarmen fungerar (separat leverantörsplattform). Hemtjänsten kör enligt papperslistor.',
  },
  {
    hours: 20,
    by: 'kommunikation@demo.sjovik.se',
    unit: 'bun',
    text: 'Skolorna frågar om lärplattformen. Föräldrar informeras via SMS-tjänsten som inte är påverkad.',
  },
  {
    hours: 26,
    by: 'it@demo.sjovik.se',
    system: 'sakerhetskopior',
    text: 'Säkerhetskopiorna från i förrgår är verifierat rena (offline-kopia). Återläsning av AD i isolerad miljö påbörjad.',
  },
  {
    hours: 31,
    by: 'stab@demo.sjovik.se',
    unit: 'sof',
    text: 'Socialförvaltningen ringer igen: utbetalning av försörjningsstöd på fredag kräver beslut om manuell hantering.',
  },
  {
    hours: 46,
    by: 'stab@demo.sjovik.se',
    text: 'Länsstyrelsen tackar för lägesbilden och vill ha uppdatering varje dag kl. 14 tills vidare.',
  },
];

/**
 * A dozen believable manual entries over the demo incident's first days (calls, observations, the county
 * board asking for a picture), tied to the open incident if there is one. Times that would lie in the
 * future are left out, so the log never shows what has not happened yet.
 */
export async function seedDemoEventLog(db: Db, deps: Pick<AppDeps, 'clock' | 'ids'>): Promise<number> {
  const now = deps.clock().getTime();
  const incident = await activeIncidentId(db);
  const detected = incident ? await incidentDetectedAt(db, incident) : null;
  // Without an incident the story starts two days ago.
  const start = detected ? Date.parse(detected) : now - 48 * HOUR;
  let written = 0;
  for (const entry of ENTRIES) {
    const at = start + entry.hours * HOUR;
    if (at > now) continue;
    const user = await findUserByEmail(db, entry.by);
    await recordEvent(
      db,
      deps,
      { userId: user?.id ?? null, label: entry.by },
      {
        kind: 'manual',
        text: entry.text,
        system_id: entry.system ?? null,
        unit_id: entry.unit ?? null,
        at: new Date(at),
      },
    );
    written++;
  }
  return written;
}
