import { deadlineOf, SWEDISH_OBLIGATIONS, type Task } from '../../domain/tasks/tasks.js';
import { zoneFormatter } from '../../domain/time.js';
import { getOrganisation } from '../../store/catalogue/catalogue.repository.js';
import type { Db } from '../../store/database.js';
import {
  activeIncident,
  insertTask,
  listObligationTemplates,
  saveObligation,
} from '../../store/tasks/tasks.repository.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../journal/record.js';

const HOUR = 3_600_000;

interface DemoTask {
  title: string;
  description: string;
  /** A demo account's e-mail, or a unit's id. */
  user?: string;
  unit?: string;
  /** Hours from now (negative: already past). */
  dueIn: number;
  createdAgo: number;
  report?: { text: string; ago: number; by: string };
}

const TASKS: DemoTask[] = [
  {
    title: 'Bekräfta att säkerhetskopiorna är orörda',
    description:
      'Kontrollera att de senaste kopiorna av filservern och ekonomisystemet inte är krypterade. Rapportera datum för senaste rena kopia.',
    user: 'it@demo.sjovik.se',
    dueIn: -2,
    createdAgo: 6,
  },
  {
    title: 'Ta fram reservrutiner på papper för hemtjänsten',
    description: 'Skriv ut dagens besökslistor och läkemedelslistor. Rapportera när alla grupper har dem.',
    unit: 'vof',
    dueIn: 4,
    createdAgo: 3,
  },
  {
    title: 'Förbered första meddelandet till invånarna',
    description: 'Kort text till webben och växeln: vad som fungerar, vad som inte gör det, vart man ringer.',
    user: 'kommunikation@demo.sjovik.se',
    dueIn: -1,
    createdAgo: 5,
    report: {
      text: 'Texten är godkänd av stabschefen och ligger i växelns manus.',
      ago: 2,
      by: 'kommunikation@demo.sjovik.se',
    },
  },
  {
    title: 'Boka avstämning med länsstyrelsen',
    description: 'Lägesbild och behov av stöd. Föreslå tid i morgon förmiddag.',
    user: 'stab@demo.sjovik.se',
    dueIn: 20,
    createdAgo: 1,
  },
];

/**
 * Seeds the demo's tasks (one overdue, one reported back, one to a unit) and the active incident's
 * obligations (the early warning sent, the next one pending). Runs in the demo's transaction after its users
 * and, if another part of the demo opened one, its incident; without an open incident the tasks stand alone.
 */
export async function seedDemoTasks(db: Db, deps: Pick<AppDeps, 'clock' | 'ids'>): Promise<void> {
  const now = deps.clock();
  const users = new Map(
    (await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email, u.id] as const),
  );
  const staffId = users.get('stab@demo.sjovik.se') ?? null;
  const incident = await activeIncident(db);
  const staff = { userId: staffId, label: 'stab@demo.sjovik.se' };
  for (const d of TASKS) {
    const created = new Date(now.getTime() - d.createdAgo * HOUR).toISOString();
    const task: Task = {
      id: deps.ids(),
      incident_id: incident?.id ?? null,
      title: d.title,
      description: d.description,
      assignee_user_id: d.user ? (users.get(d.user) ?? null) : null,
      assignee_unit_id: d.unit ?? null,
      due_at: new Date(now.getTime() + d.dueIn * HOUR).toISOString(),
      status: d.report ? 'reported' : 'open',
      report: d.report?.text ?? null,
      reported_at: d.report ? new Date(now.getTime() - d.report.ago * HOUR).toISOString() : null,
      reported_by_user_id: d.report ? (users.get(d.report.by) ?? null) : null,
      reported_by_label: d.report?.by ?? null,
      created_at: created,
      created_by_user_id: staffId,
      created_by_label: staff.label,
      updated_at: created,
    };
    // A task for someone the demo did not make (a changed list) is skipped rather than left without assignee.
    if (task.assignee_user_id === null && task.assignee_unit_id === null) continue;
    await insertTask(db, task);
    await recordEvent(db, deps, staff, {
      kind: 'task',
      unit_id: task.assignee_unit_id,
      text: task.title,
      data: { task_id: task.id, action: 'created' },
      at: new Date(created),
    });
  }
  if (!incident) return;
  const early = (await listObligationTemplates(db)).find((t) => t.id === 'early-warning') ?? SWEDISH_OBLIGATIONS[0];
  if (!early) return;
  const zone = zoneFormatter((await getOrganisation(db))?.timezone ?? 'Europe/Stockholm', {
    fallback: 'Europe/Stockholm',
  });
  const detected = new Date(incident.detected_at);
  const deadline = deadlineOf(detected, early, zone);
  // Sent well inside the 24 hours, but never in the future of the demo's clock.
  const sent = new Date(Math.min(now.getTime(), detected.getTime() + 6 * HOUR));
  await saveObligation(db, {
    incident_id: incident.id,
    template_id: early.id,
    state: 'sent',
    title: early.title,
    recipient: early.recipient,
    deadline_at: deadline.toISOString(),
    sent_at: sent.toISOString(),
    note: 'Skickad via MCF:s rapporteringsformulär, ärende 2026-0412',
    by_user_id: staffId,
    by_label: staff.label,
    at: sent.toISOString(),
  });
  await recordEvent(db, deps, staff, {
    kind: 'obligation',
    text: 'Skickad via MCF:s rapporteringsformulär, ärende 2026-0412',
    data: { obligation_id: early.id, action: 'sent' },
    at: sent,
  });
}
