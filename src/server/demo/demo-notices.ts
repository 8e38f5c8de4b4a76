import { findUserByEmail } from '../../store/auth/auth.repository.js';
import type { Db } from '../../store/database.js';
import { activeIncidentId } from '../../store/incident/incident.repository.js';
import { authUserOf } from '../auth/auth.service.js';
import type { AuthUser } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import {
  actOnNotice,
  createNotice,
  patchNotice,
  saveNoticeText,
  setForecastShown,
} from '../notices/notices.service.js';

const HOUR = 3_600_000;
const WRITER = 'kommunikation@demo.sjovik.se';
const REVIEWER = 'stab@demo.sjovik.se';

interface DemoText {
  title: string;
  body_md: string;
  sms_summary: string;
}

interface DemoNotice {
  /** Hours before now it was written and published. */
  ago: number;
  sv: DemoText;
  en?: DemoText;
  /** An amendment published later (hours before now) with this Swedish text. */
  amended?: { ago: number; sv: DemoText; en?: DemoText };
  /** Hours from now the next update is promised. */
  nextIn?: number;
  /** Left waiting for review. */
  inReview?: boolean;
}

const NOTICES: DemoNotice[] = [
  {
    ago: 96,
    sv: {
      title: 'Störning i kommunens it-system',
      body_md:
        'Kommunen har drabbats av en it-attack. Många av våra system är avstängda.\n\nSkolor, förskolor och omsorg är öppna som vanligt. Ring växeln om du behöver hjälp.',
      sms_summary: 'Sjövik: it-attack mot kommunen. Skolor och omsorg är öppna. Ring växeln vid frågor.',
    },
    en: {
      title: "Disruption in the municipality's IT systems",
      body_md:
        'The municipality has been hit by an IT attack. Many of our systems are shut down.\n\nSchools, preschools and care are open as usual. Call the switchboard if you need help.',
      sms_summary: 'Sjövik: IT attack on the municipality. Schools and care are open. Call the switchboard.',
    },
  },
  {
    ago: 72,
    sv: {
      title: 'Så når du kommunen',
      body_md:
        'E-post och e-tjänster fungerar inte. Ring växeln på 0123-45 00 00.\n\n- Vardagar 8–17\n- Akuta ärenden om socialtjänst: ring 112',
      sms_summary: 'Sjövik: ring växeln 0123-45 00 00 vardagar 8-17. E-post fungerar inte.',
    },
    en: {
      title: 'How to reach the municipality',
      body_md:
        'E-mail and e-services do not work. Call the switchboard on 0123-45 00 00.\n\n- Weekdays 8–17\n- Urgent social services matters: call 112',
      sms_summary: 'Sjövik: call 0123-45 00 00 weekdays 8-17. E-mail does not work.',
    },
    amended: {
      ago: 70,
      sv: {
        title: 'Så når du kommunen',
        body_md:
          'E-post och e-tjänster fungerar inte. Ring växeln på 0123-45 00 00.\n\n- Vardagar 7–19 under störningen\n- Akuta ärenden om socialtjänst: ring 112',
        sms_summary: 'Sjövik: ring växeln 0123-45 00 00 vardagar 7-19. E-post fungerar inte.',
      },
      en: {
        title: 'How to reach the municipality',
        body_md:
          'E-mail and e-services do not work. Call the switchboard on 0123-45 00 00.\n\n- Weekdays 7–19 during the disruption\n- Urgent social services matters: call 112',
        sms_summary: 'Sjövik: call 0123-45 00 00 weekdays 7-19. E-mail does not work.',
      },
    },
  },
  {
    ago: 48,
    sv: {
      title: 'Försörjningsstöd betalas ut som vanligt',
      body_md:
        'Vi betalar ut försörjningsstöd för hand den här månaden. Pengarna kommer senast den 25:e.\n\nDu behöver inte göra något.',
      sms_summary: 'Sjövik: försörjningsstöd betalas ut senast den 25:e. Du behöver inte göra något.',
    },
  },
  {
    ago: 3,
    nextIn: 5,
    sv: {
      title: 'Läget i dag: växeln är öppen, e-tjänsterna är nere',
      body_md:
        'Växeln svarar igen men kön kan vara lång. E-tjänsterna och webbplatsen är fortfarande nere.\n\nTrygghetslarmen testas nu. Vi berättar mer i nästa meddelande.',
      sms_summary: 'Sjövik: växeln är öppen. E-tjänster och webbplats är fortfarande nere.',
    },
    en: {
      title: 'Today: the switchboard is open, e-services are down',
      body_md:
        'The switchboard answers again, but the queue may be long. E-services and the website are still down.\n\nSafety alarms are being tested now. We will tell you more in the next update.',
      sms_summary: 'Sjövik: the switchboard is open. E-services and the website are still down.',
    },
  },
  {
    ago: 1,
    inReview: true,
    sv: {
      title: 'Trygghetslarmen fungerar igen',
      body_md: 'Alla trygghetslarm är testade och fungerar. Larmcentralen svarar som vanligt.',
      sms_summary: 'Sjövik: trygghetslarmen fungerar igen.',
    },
  },
];

async function demoUser(trx: Db, email: string): Promise<AuthUser> {
  const user = await findUserByEmail(trx, email);
  if (!user) throw new Error(`the demo user ${email} is missing`);
  return authUserOf(user);
}

/**
 * The demo's public updates over the incident's days: published ones in Swedish and English, one amended,
 * one waiting for review, the next update promised on the latest, and two services' expected return shown.
 */
export async function seedDemoNotices(trx: Db, deps: Pick<AppDeps, 'clock' | 'ids' | 'config'>): Promise<void> {
  if (!(await activeIncidentId(trx))) return;
  const now = deps.clock().getTime();
  const writer = await demoUser(trx, WRITER);
  const reviewer = await demoUser(trx, REVIEWER);
  const at = (hoursAgo: number) => ({ ...deps, clock: () => new Date(now - hoursAgo * HOUR) });
  const write = async (id: string, d: ReturnType<typeof at>, sv: DemoText, en?: DemoText) => {
    await saveNoticeText(trx, d, writer, id, 'sv', sv);
    if (en) await saveNoticeText(trx, d, writer, id, 'en', { ...en, translated: true });
  };
  for (const n of NOTICES) {
    const d = at(n.ago);
    const notice = await createNotice(trx, d, writer, { title: n.sv.title });
    await write(notice.id, d, n.sv, n.en);
    if (n.nextIn !== undefined)
      await patchNotice(trx, d, writer, notice.id, new Date(now + n.nextIn * HOUR).toISOString());
    await actOnNotice(trx, d, writer, notice.id, 'submit');
    if (n.inReview) continue;
    await actOnNotice(trx, at(n.ago - 0.25), reviewer, notice.id, 'publish');
    if (n.amended) {
      const a = at(n.amended.ago);
      await actOnNotice(trx, a, writer, notice.id, 'amend');
      await write(notice.id, a, n.amended.sv, n.amended.en);
      await actOnNotice(trx, a, writer, notice.id, 'submit');
      await actOnNotice(trx, at(n.amended.ago - 0.25), reviewer, notice.id, 'publish');
    }
  }
  for (const system of ['vaxel', 'trygghetslarm']) await setForecastShown(trx, deps, reviewer, system, true);
}
